import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { authenticateAdmin } from "../services/admin-auth.server";
import { findProducts } from "../services/recommendations/products.server";

// Answers the admin's product pickers (app/components/ProductPicker.tsx).
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await authenticateAdmin(request);
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 200);
  return json({ products: await findProducts(shop.id, query, 20), moneyFormat: shop.moneyFormat });
};
