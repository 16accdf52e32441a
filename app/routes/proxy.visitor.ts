import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveVisitor } from "../services/storefront/proxy.server";

// Storefront: the tracking embed's visitor signature for the cart, https://{shop}/apps/aisle/visitor.
export const loader = ({ request }: LoaderFunctionArgs) => serveVisitor(request);
