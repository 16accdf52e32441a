import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveStorefrontEvents } from "../services/storefront/proxy.server";

// Storefront: the tracking embed's batches, https://{shop}/apps/aisle/events.
export const action = ({ request }: ActionFunctionArgs) => receiveStorefrontEvents(request);
export const loader = () => new Response(JSON.stringify({ error: "events are POSTed" }), { status: 405, headers: { "Content-Type": "application/json" } });
