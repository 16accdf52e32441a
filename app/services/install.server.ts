import { ShopInfoQuery } from "../graphql/shop-info";
import { createJobRecord } from "../models/jobs.server";
import { legacyId } from "../models/records";
import { upsertInstalledShop } from "../models/shops.server";
import { SYNC_QUEUE, enqueueSync } from "../queues/sync.server";
import { logger } from "../lib/logger.server";
import { ShopifyAdmin, type GraphqlFn } from "./shopify-admin.server";

/**
 * After OAuth/token exchange: remember the shop (name, currency, money
 * format) and start its initial import. Safe to run again on reinstall.
 */
export async function registerInstall({ shopDomain, scopes, graphql }: { shopDomain: string; scopes: string; graphql: GraphqlFn }) {
  const admin = new ShopifyAdmin(graphql, shopDomain);
  const { shop } = await admin.request(ShopInfoQuery);
  const saved = await upsertInstalledShop(shopDomain, {
    shopifyId: legacyId(shop.id),
    name: shop.name,
    currencyCode: shop.currencyCode,
    moneyFormat: shop.currencyFormats.moneyFormat,
    scopes,
  });
  if (saved.syncStatus !== "running") await startSync(saved.id);
  logger.info({ shop: shopDomain }, "shop installed");
  return saved;
}

/** Queues a full import of products and orders; returns the job record id. */
export async function startSync(shopId: string, resources: ("products" | "orders")[] = ["products", "orders"]) {
  const record = await createJobRecord(shopId, SYNC_QUEUE, `Import ${resources.join(" and ")}`);
  await enqueueSync({ shopId, jobRecordId: record.id, resources });
  return record.id;
}
