// Recommendations updated between trainings (docs/decisions/0022): a shop
// of the generated "taste" catalog trained in the bench's own database, then
// 1,000 new orders (baskets like its customers', as webhook batches of 25)
// and 20 new products applied by the update job's work until nothing is
// left. Figures: how many updates (each at most 200 products), their time,
// and the time of the whole drain. Figures: bench/results/recs-update.json.

import { appEnv, freshDatabase, round, writeResult } from "./lib/harness";
import { generateStore } from "./lib/synthetic-store";

const PRODUCTS = Number(process.env.BENCH_UPDATE_PRODUCTS ?? 1000);
const LINES = Number(process.env.BENCH_UPDATE_LINES ?? 20_000);
const NEW_ORDERS = 1000;
const NEW_PRODUCTS = 20;
const BATCH = 25;

export async function benchRecsUpdate() {
  const databaseUrl = freshDatabase("recs-update");
  Object.assign(process.env, appEnv({ DATABASE_URL: databaseUrl, AISLE_QUEUE_PREFIX: `aisle-bench-recs-update-${process.pid}` }));
  const { default: prisma } = await import("../app/db.server");
  const { writeProducts } = await import("../app/models/products.server");
  const { writeOrders } = await import("../app/models/orders.server");
  const { productRecord } = await import("../test/helpers/catalog");
  const { logger } = await import("../app/lib/logger.server");
  const { trainRecommendations } = await import("../app/services/recommendations/training.server");
  const { updateRecommendations } = await import("../app/services/recommendations/update.server");
  const { closeQueues } = await import("../app/queues/connection.server");

  const store = generateStore({ products: PRODUCTS, lines: LINES, shape: "taste", seed: 11 });
  const domain = "bench-recs-update.myshopify.com";
  const shop = await prisma.shop.create({ data: { domain }, select: { id: true } });
  const product = (n: number, c: (typeof store.catalog)[number]) =>
    productRecord(n, {
      shopifyId: c.id,
      title: c.text.title,
      handle: c.handle ?? c.id,
      vendor: c.text.vendor ?? "",
      productType: c.text.productType ?? "",
      tags: [...(c.text.tags ?? [])],
    });
  await writeProducts(
    shop.id,
    store.catalog.map((c, n) => product(n + 1, c)),
  );
  const baskets = new Map<string, { user: string; at: number; items: string[] }>();
  for (const e of store.events) {
    const b = baskets.get(e.basketKey!) ?? { user: e.userKey, at: +e.timestamp, items: [] };
    b.items.push(e.itemKey);
    baskets.set(e.basketKey!, b);
  }
  const order = (id: string, b: { user: string; at: number; items: string[] }) => ({
    shopifyId: id,
    name: `#${id}`,
    customerShopifyId: b.user,
    totalPrice: "10.00",
    currencyCode: "GBP",
    financialStatus: "PAID",
    cancelledAt: null,
    processedAt: new Date(b.at),
    shopifyUpdatedAt: new Date(b.at),
    lines: b.items.map((p, k) => ({ shopifyId: `${id}-${k}`, productShopifyId: p, variantShopifyId: null, sku: null, title: p, quantity: 1, price: "5.00" })),
  });
  const history = [...baskets].map(([id, b]) => order(`h${id}`, b));
  for (let i = 0; i < history.length; i += 1000) await writeOrders(shop.id, history.slice(i, i + 1000));

  let started = performance.now();
  const trained = await trainRecommendations(shop.id, logger);
  const trainingSeconds = (performance.now() - started) / 1000;

  // New products (another colour of an existing one) and orders like the shop's, as webhook batches deliver them.
  const now = Date.now();
  const past = [...baskets.values()];
  const newProducts = store.catalog
    .slice(0, NEW_PRODUCTS)
    .map((c, n) => product(PRODUCTS + n + 1, { ...c, id: `new${n}`, text: { ...c.text, title: `${c.text.title} sage` }, handle: `${c.handle ?? c.id}-sage` }));
  await writeProducts(shop.id, newProducts);
  const newOrders = Array.from({ length: NEW_ORDERS }, (_, n) => order(`new${n}`, { ...past[(n * 7919) % past.length], user: `new-customer-${n}`, at: now }));
  await writeOrders(shop.id, newOrders);
  const deliveries = [
    ...newProducts.map((p) => ({ topic: "products/create", id: p.shopifyId })),
    ...newOrders.map((o) => ({ topic: "orders/create", id: o.shopifyId })),
  ];
  await prisma.webhookDelivery.createMany({
    data: deliveries.map((d, n) => ({
      webhookId: `bench-${n}`,
      shopDomain: domain,
      shopId: shop.id,
      topic: d.topic,
      payload: JSON.stringify({ id: d.id }),
      status: "applied",
      outcome: "created",
      receivedAt: new Date(now - 5_000),
      processedAt: new Date(now - 5_000 + Math.floor(n / BATCH)),
    })),
  });

  const updates: { seconds: number; orders: number; products: number; rows: number }[] = [];
  started = performance.now();
  for (;;) {
    const t = performance.now();
    const outcome = await updateRecommendations(shop.id, logger, { settleMs: 0, now: now + 1 });
    if (!outcome.written) break;
    updates.push({ seconds: round((performance.now() - t) / 1000, 3), orders: outcome.orders, products: outcome.products, rows: outcome.rows });
    if (!outcome.more) break;
  }
  const drainSeconds = (performance.now() - started) / 1000;
  const result = {
    database: databaseUrl.startsWith("file:") ? "sqlite" : "postgresql",
    catalog: PRODUCTS,
    history_orders: history.length,
    training_seconds: round(trainingSeconds),
    training_version: trained.version,
    new_orders: NEW_ORDERS,
    new_products: NEW_PRODUCTS,
    updates: updates.length,
    drain_seconds: round(drainSeconds),
    slowest_update_seconds: Math.max(...updates.map((u) => u.seconds)),
    per_update: updates,
  };
  console.log(JSON.stringify(result, null, 2));
  writeResult("recs-update", result);
  await closeQueues();
  await prisma.$disconnect();
}
