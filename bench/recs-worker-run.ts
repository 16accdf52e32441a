// One run of bench/recs-worker.ts, in its own process. `--seed` writes a
// generated store (fixed seed) into the database through the app's own
// writers and prints the shop's id; `--train <shop>` runs the worker's
// training job on it (trainRecommendations: read the shop's orders a page
// at a time, tune, evaluate, train, write the lists and make them live) and
// prints its time and peak memory. Prints one JSON line.
import { parseArgs } from "node:util";
import { generateStore } from "./lib/synthetic-store";
import type { OrderRecord, ProductRecord } from "../app/models/records";

const { values } = parseArgs({ options: { seed: { type: "boolean" }, train: { type: "string" }, products: { type: "string" }, lines: { type: "string" } } });

if (values.seed) {
  const products = Number(values.products);
  const lines = Number(values.lines);
  if (!(products > 0) || !(lines > 0)) throw new Error("--products and --lines must be positive numbers");
  const { default: prisma } = await import("../app/db.server");
  const { writeProducts } = await import("../app/models/products.server");
  const { writeOrders } = await import("../app/models/orders.server");
  const { sql } = await import("../app/lib/sql.server");
  const started = performance.now();
  const shop = await prisma.shop.create({ data: { domain: `bench-recs-worker-${Date.now()}.myshopify.com`, currencyCode: "USD" }, select: { id: true } });
  const at = new Date("2025-01-01T00:00:00Z");
  const store = generateStore({ products, lines, shape: "taste", seed: 11, onEvent: () => undefined });
  for (let i = 0; i < store.catalog.length; i += 1_000) {
    await writeProducts(
      shop.id,
      store.catalog.slice(i, i + 1_000).map((c): ProductRecord => ({
        shopifyId: c.id,
        title: c.text.title,
        handle: c.handle ?? c.id,
        descriptionHtml: "",
        vendor: c.text.vendor ?? "",
        productType: c.text.productType ?? "",
        status: "ACTIVE",
        tags: [],
        isGiftCard: false,
        tracksInventory: false,
        shopifyCreatedAt: at,
        shopifyUpdatedAt: at,
        variants: [
          {
            shopifyId: `${c.id}0`,
            title: "Default",
            sku: null,
            price: "10.00",
            compareAtPrice: null,
            inventoryQuantity: 0,
            availableForSale: true,
            position: 1,
          },
        ],
        media: [],
      })),
    );
  }
  // The orders as the generator makes them (an order's lines come together), then written 2,000 at a time.
  const orders: OrderRecord[] = [];
  generateStore({
    products,
    lines,
    shape: "taste",
    seed: 11,
    onEvent: (userKey, itemKey, timestamp, basketKey) => {
      let order = orders[orders.length - 1];
      if (order?.shopifyId !== basketKey) {
        const when = new Date(timestamp);
        order = {
          shopifyId: basketKey,
          name: `#${basketKey}`,
          customerShopifyId: userKey.slice(1),
          totalPrice: "0.00",
          currencyCode: "USD",
          financialStatus: "PAID",
          cancelledAt: null,
          processedAt: when,
          shopifyUpdatedAt: when,
          lines: [],
        };
        orders.push(order);
      }
      order.lines.push({
        shopifyId: `${basketKey}-${order.lines.length}`,
        productShopifyId: itemKey,
        variantShopifyId: `${itemKey}0`,
        sku: null,
        title: itemKey,
        quantity: 1,
        price: "10.00",
      });
    },
  });
  for (let i = 0; i < orders.length; i += 2_000) await writeOrders(shop.id, orders.slice(i, i + 2_000));
  // Fresh statistics, as autovacuum keeps them on a live database (it may be off on a test
  // machine): without them PostgreSQL sorts the shop's every order for each page training reads.
  await (await sql()).run("ANALYZE");
  console.log(JSON.stringify({ shop: shop.id, seed_seconds: Math.round((performance.now() - started) / 1000) }));
  await prisma.$disconnect();
} else if (values.train) {
  const { trainRecommendations } = await import("../app/services/recommendations/training.server");
  const { logger } = await import("../app/lib/logger.server");
  const { default: prisma } = await import("../app/db.server");
  const started = performance.now();
  const result = await trainRecommendations(values.train, logger);
  console.log(
    JSON.stringify({
      job_seconds: Math.round((performance.now() - started) / 10) / 100,
      job_peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      promoted: result.promoted,
      lists: await prisma.recommendationList.count({ where: { shopId: values.train } }),
    }),
  );
  await prisma.$disconnect();
} else {
  throw new Error("--seed or --train <shop id>");
}
