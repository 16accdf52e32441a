import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveReview, serveReviews } from "../services/storefront/proxy.server";

// Storefront: https://{shop}/apps/aisle/reviews, through Shopify's app proxy.
// GET lists a product's published reviews; POST is the review form.
export const loader = ({ request }: LoaderFunctionArgs) => serveReviews(request);
export const action = ({ request }: ActionFunctionArgs) => receiveReview(request);
