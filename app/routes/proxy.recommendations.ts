import type { LoaderFunctionArgs } from "@remix-run/node";
import { serveRecommendations } from "../services/storefront/proxy.server";

// Storefront: https://{shop}/apps/aisle/recommendations, through Shopify's app proxy.
export const loader = ({ request }: LoaderFunctionArgs) => serveRecommendations(request);
