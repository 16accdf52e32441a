// Initial sync of the seeded store (the online-retail catalog and orders,
// about 3,900 products and 20,000 orders) from the local Shopify through
// bulk operations, timed from the first request to the last row written.

import path from "node:path";
import { appEnv, freshDatabase, repo, round, writeResult } from "./lib/harness";

export async function benchSync() {
  const databaseUrl = freshDatabase("sync");
  Object.assign(process.env, appEnv({ DATABASE_URL: databaseUrl, NODE_ENV: "production", LOG_LEVEL: "warn" }));
  const { startLocalShopify } = await import("../test/shopify-local/index.js");
  const shopify = await startLocalShopify({ apiKey: "bench-api-key", apiSecret: "bench-api-secret", appUrl: "http://127.0.0.1:9" });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = shopify.origin;
  const domain = "bench-sync.myshopify.com";
  const dataPath = process.env.AISLE_DATA || path.resolve(repo, "..", "shared", "data", "online-retail.csv.gz");
  console.log("seeding the local Shopify from", dataPath);
  const local = await shopify.createShop(domain, { seed: "online-retail", dataPath, webhooks: false, storefront: false });

  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage } = await import("../app/shopify.server");
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: local.issueOfflineToken(),
      scope: "read_products,read_orders",
    }),
  );
  const { default: prisma } = await import("../app/db.server");
  const shop = await prisma.shop.create({ data: { domain }, select: { id: true } });
  const job = await prisma.jobRecord.create({ data: { shopId: shop.id, queue: "sync", name: "bench" }, select: { id: true } });
  const { adminForShop } = await import("../app/services/admin-for-shop.server");
  const { syncShop } = await import("../app/services/sync/sync-shop.server");
  const { logger } = await import("../app/lib/logger.server");

  console.log("syncing…");
  const started = performance.now();
  const totals = await syncShop(await adminForShop(domain), shop.id, ["products", "orders"], { jobRecordId: job.id, log: logger, pollMs: 250 });
  const seconds = (performance.now() - started) / 1000;

  const result = {
    products: await prisma.product.count({ where: { shopId: shop.id } }),
    orders: await prisma.order.count({ where: { shopId: shop.id } }),
    order_lines: await prisma.orderLine.count({ where: { shopId: shop.id } }),
    seconds: round(seconds, 1),
    rejected_lines: totals.products.rejected + totals.orders.rejected,
    source_counts: local.store.counts(),
    database: databaseUrl.split(":")[0],
  };
  console.table({ products: result.products, orders: result.orders, order_lines: result.order_lines, seconds: result.seconds });
  writeResult("sync", result);
  await shopify.close();
  await prisma.$disconnect();
  return result;
}
