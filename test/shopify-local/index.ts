// The local Shopify: a stand-in for Shopify that the app's tests, benchmarks
// and demo talk to through the app's normal Admin API clients. See README.md.
//
//   const shopify = await startLocalShopify({ apiKey, apiSecret, appUrl });
//   const shop = await shopify.createShop("demo.myshopify.com", { seed: "generated" });
//   const token = shop.issueOfflineToken();
//   ...
//   await shopify.close();

export { startLocalShopify, LocalShopify, type LocalShopifyOptions, type CreateShopOptions } from "./server.js";
export { LocalShop, storefrontProducts, type StorefrontProduct, type ShopAvailability, type LocalShopOptions } from "./shop.js";
export { loadAdminSchema, validateOperation, adminSchemaPath } from "./schema.js";
export { signAppProxyQuery, appProxySignature, proxyToApp, type ProxyToAppOptions, type ProxyParams } from "./app-proxy.js";
export { mintSessionToken, verifySessionToken, oauthQueryHmac, type MintSessionTokenOptions } from "./oauth.js";
export { webhookHmac, type WebhookOptions, type WebhookDelivery } from "./webhooks.js";
export { readAppConfig, type AppConfig, type WebhookSubscription } from "./app-config.js";
export { seedData, tinyStore, generatedStore, onlineRetailStore, loadOnlineRetail, type Seed, type SeedName, type SeedOptions } from "./seed/index.js";
export { gid, parseGid } from "./gid.js";
export { adminClient, startFakeApp, type GraphQLResponse, type ReceivedRequest } from "./testing.js";
export type { BulkOperationRecord, BulkOperationErrorCode, BulkOperationStatus } from "./bulk.js";
export type { ThrottleSettings, ThrottleStatus } from "./cost.js";
export type { StorefrontContext, StorefrontHandler, StorefrontModule, BoundProxyToApp } from "./storefront-contract.js";
export type {
  Store,
  StoreData,
  StoreCounts,
  ProductRecord,
  VariantRecord,
  MediaRecord,
  MetafieldRecord,
  OrderRecord,
  LineItemRecord,
  CustomerRecord,
  ProductSeed,
  OrderSeed,
  CustomerSeed,
  ProductPatch,
  OrderPatch,
} from "./store.js";
