// Every topic Aisle subscribes to in shopify.app.toml. A route handles each.
export const WEBHOOK_TOPICS = [
  "app/uninstalled",
  "app/scopes_update",
  "products/create",
  "products/update",
  "products/delete",
  "collections/create",
  "collections/update",
  "collections/delete",
  "orders/create",
  "orders/updated",
  "bulk_operations/finish",
  "inventory_levels/update",
  "inventory_items/create",
  "inventory_items/update",
  "inventory_items/delete",
  "customers/data_request",
  "customers/redact",
  "shop/redact",
] as const;

export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** Compliance topics must be honoured even after the shop uninstalled. */
export const COMPLIANCE_TOPICS: ReadonlySet<WebhookTopic> = new Set(["customers/data_request", "customers/redact", "shop/redact"]);
