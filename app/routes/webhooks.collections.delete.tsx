import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../services/webhooks/receive.server";

// Subscribed in shopify.app.toml; applied by workers/processors/webhooks.ts.
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "collections/delete");
