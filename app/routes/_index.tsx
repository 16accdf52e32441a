import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { env } from "../lib/env.server";

// Shopify opens the app at its root with ?shop=…; the admin lives under /app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop") || env().AISLE_DEMO_SHOP) throw redirect(`/app?${url.searchParams.toString()}`);
  return new Response("Aisle is a Shopify app: install it from the Shopify App Store, or open it from your Shopify admin.", {
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
};
