// The attribution benchmark's measured process (bench/attribution.ts): a shop
// with ORDERS orders carrying signed cart attributes and EVENTS storefront
// events, written with plain SQL, then every order attributed once, timed.
// Prints one JSON line.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { orders: { type: "string", default: "100000" }, events: { type: "string", default: "1000000" } } });
const ORDERS = Number(values.orders);
const EVENTS = Number(values.events);
const VISITORS = Math.max(1, Math.round(ORDERS * 0.8));
const PRODUCTS = 5_000;
const DAY = 86_400_000;
const NOW = Date.parse("2026-11-30T00:00:00Z");

const { default: prisma } = await import("../app/db.server");
const { sql } = await import("../app/lib/sql.server");
const { env } = await import("../app/lib/env.server");
const { visitorSignature } = await import("../app/services/attribution/cart-attributes");
const { refreshAttribution } = await import("../app/services/attribution/refresh.server");

// A fixed pseudo-random sequence (mulberry32): the same data on every run.
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};
const pick = (n: number) => Math.floor(rand() * n);

const shop = await prisma.shop.create({
  data: { domain: `bench-attribution-${process.pid}.myshopify.com`, currencyCode: "GBP" },
  select: { id: true, domain: true, settings: true },
});
const db = await sql();
const visitor = (v: number) => `bench-visitor-${String(v).padStart(8, "0")}`;
const secret = env().SHOPIFY_API_SECRET;

const setupStarted = performance.now();
const TYPES = ["view", "impression", "click", "add_to_cart"];
const PAGES = ["rpr", "rcr", "rhr"];
for (let i = 0; i < EVENTS; i += 20_000) {
  const rows = [];
  for (let j = i; j < Math.min(EVENTS, i + 20_000); j++) {
    const type = TYPES[pick(4)];
    const occurredAt = new Date(NOW - pick(60) * DAY - pick(DAY));
    const v = pick(VISITORS);
    // Each visitor browses a neighbourhood of the catalog, and orders from it (below): some orders follow a click.
    rows.push([
      randomUUID(),
      shop.id,
      visitor(v),
      type,
      String(1_000 + ((v * 7 + pick(8)) % PRODUCTS)),
      `${PAGES[pick(3)]}_${j}`,
      `k${j}`,
      db.timestamp(occurredAt),
      db.timestamp(occurredAt),
    ]);
  }
  await db.insert([
    {
      table: "StorefrontEvent",
      columns: ["id", "shopId", "visitorId", "type", "productShopifyId", "requestId", "dedupeKey", "occurredAt", "receivedAt"],
      rows,
    },
  ]);
}
for (let i = 0; i < ORDERS; i += 10_000) {
  const orders = [];
  const lines = [];
  for (let j = i; j < Math.min(ORDERS, i + 10_000); j++) {
    const id = randomUUID();
    const n = pick(VISITORS);
    const v = visitor(n);
    const processedAt = db.timestamp(new Date(NOW - pick(45) * DAY));
    const attribution = JSON.stringify({ vid: v, sig: visitorSignature(secret, shop.domain, v), arm: null });
    orders.push([id, shop.id, String(9_000_000_000 + j), "#b", "25.00", "GBP", processedAt, processedAt, processedAt, attribution]);
    for (let l = 0; l < 2; l++) lines.push([randomUUID(), shop.id, id, `${j}-${l}`, String(1_000 + ((n * 7 + pick(16)) % PRODUCTS)), 1 + pick(3), "12.50"]);
  }
  await db.insert([
    {
      table: "Order",
      columns: ["id", "shopId", "shopifyId", "name", "totalPrice", "currencyCode", "processedAt", "shopifyUpdatedAt", "syncedAt", "cartAttribution"],
      rows: orders,
    },
    { table: "OrderLine", columns: ["id", "shopId", "orderId", "shopifyId", "productShopifyId", "quantity", "price"], rows: lines },
  ]);
}
const setupSeconds = (performance.now() - setupStarted) / 1000;

const started = performance.now();
const result = await refreshAttribution(shop);
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    orders: result.orders,
    events: EVENTS,
    credited_lines: result.lines,
    seconds: Math.round(seconds * 100) / 100,
    orders_per_second: Math.round(result.orders / seconds),
    setup_seconds: Math.round(setupSeconds),
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
await prisma.$disconnect();
process.exit(0);
