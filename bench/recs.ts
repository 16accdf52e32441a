// Recommendations: training cost as the history grows (10 %, 30 %, 100 % of
// Online Retail, each in its own process for an honest peak memory), and the
// storefront route on the production build under open-loop load at fixed
// arrival rates (500, 1,000, 2,000 requests/s), then rising to saturation.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { appEnv, ensureBuild, freePort, freshDatabase, repo, startService, writeResult } from "./lib/harness";
import { openLoop, type OpenLoopResult } from "./lib/open-loop";

const SECRET = "bench-api-secret";

function trainingRuns() {
  const runs = [];
  for (const fraction of [0.1, 0.3, 1]) {
    console.log(`training on ${fraction * 100}% of the history…`);
    const out = execFileSync(path.join(repo, "node_modules", ".bin", "tsx"), ["bench/recs-train.ts", "--fraction", String(fraction)], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, LOG_LEVEL: "warn" },
    });
    const line = JSON.parse(out.trim().split("\n").pop()!);
    console.log(`  ${line.seconds} s, peak ${line.peak_mb} MB, ${line.events} events, ${line.customers} customers`);
    runs.push(line);
  }
  return runs;
}

async function seedShopWithModel(domain: string) {
  const { loadRetailLog } = await import("./lib/online-retail");
  const { writeProducts } = await import("../app/models/products.server");
  const { writeOrders } = await import("../app/models/orders.server");
  const { default: prisma } = await import("../app/db.server");
  const { trainRecommendations } = await import("../app/services/recommendations/training.server");
  const { logger } = await import("../app/lib/logger.server");
  const file = path.resolve(repo, "..", "shared", "data", "online-retail.csv.gz");
  const log = await loadRetailLog(file, {
    order: "InvoiceNo",
    customer: "CustomerID",
    product: "StockCode",
    date: "InvoiceDate",
    quantity: "Quantity",
    title: "Description",
  });
  const shop = await prisma.shop.create({ data: { domain, currencyCode: "GBP" }, select: { id: true } });
  const ids = new Map(log.catalog.map((code, n) => [code, String(1_000 + n)]));
  const now = new Date("2011-12-10T00:00:00Z");
  for (let i = 0; i < log.catalog.length; i += 500) {
    await writeProducts(
      shop.id,
      log.catalog.slice(i, i + 500).map((code) => ({
        shopifyId: ids.get(code)!,
        title: log.titles.get(code) ?? code,
        handle: `p-${code.toLowerCase()}`,
        descriptionHtml: "",
        vendor: "Online Retail",
        productType: "",
        status: "ACTIVE" as const,
        tags: [],
        isGiftCard: false,
        tracksInventory: false,
        shopifyCreatedAt: now,
        shopifyUpdatedAt: now,
        variants: [
          {
            shopifyId: `${ids.get(code)}0`,
            title: "Default",
            sku: code,
            price: "2.50",
            compareAtPrice: null,
            inventoryQuantity: 10,
            availableForSale: true,
            position: 1,
          },
        ],
        media: [],
      })),
    );
  }
  const orders = new Map<string, { customer: string; at: Date; items: string[] }>();
  for (const e of log.events) {
    const o = orders.get(e.basketKey!) ?? { customer: e.userKey, at: new Date(e.timestamp), items: [] };
    o.items.push(ids.get(e.itemKey)!);
    orders.set(e.basketKey!, o);
  }
  const records = [...orders].map(([key, o]) => ({
    shopifyId: key,
    name: `#${key}`,
    customerShopifyId: o.customer,
    totalPrice: "0.00",
    currencyCode: "GBP",
    financialStatus: "PAID",
    cancelledAt: null,
    processedAt: o.at,
    shopifyUpdatedAt: o.at,
    lines: o.items.map((p, n) => ({
      shopifyId: `${key}-${n}`,
      productShopifyId: p,
      variantShopifyId: `${p}0`,
      sku: null,
      title: "",
      quantity: 1,
      price: "2.50",
    })),
  }));
  for (let i = 0; i < records.length; i += 1_000) await writeOrders(shop.id, records.slice(i, i + 1_000));
  console.log(`seeded ${log.catalog.length} products and ${records.length} orders; training the shop's model…`);
  const trained = await trainRecommendations(shop.id, logger);
  await prisma.$disconnect();
  return { productIds: [...ids.values()], customerIds: [...new Set([...orders.values()].map((o) => o.customer))], version: trained.version };
}

async function serving() {
  ensureBuild();
  const databaseUrl = freshDatabase("recs");
  process.env.DATABASE_URL = databaseUrl;
  Object.assign(process.env, appEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" }));
  const domain = "bench-recs.myshopify.com";
  const { productIds, customerIds } = await seedShopWithModel(domain);

  const port = await freePort();
  const web = await startService("web", ["node", "server.mjs"], appEnv({ DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" }), (l) =>
    l.includes("listening"),
  );
  const { appProxySignature } = await import("../app/lib/app-proxy.server");
  const timestamp = String(Math.floor(Date.now() / 1000));
  const paths = Array.from({ length: 2_000 }, (_, n) => {
    const params = new URLSearchParams(
      n % 10 === 0
        ? { context: "cart", cart: `${productIds[(n * 7) % productIds.length]},${productIds[(n * 13) % productIds.length]}`, limit: "4" }
        : n % 10 === 1
          ? { context: "home", limit: "8" }
          : { context: "product", product_id: productIds[(n * 7919) % productIds.length], limit: "4" },
    );
    const customer = n % 10 === 1 ? customerIds[(n * 31) % customerIds.length] : "";
    for (const [k, v] of Object.entries({ shop: domain, logged_in_customer_id: customer, path_prefix: "/apps/aisle", timestamp })) params.set(k, v);
    params.set("signature", appProxySignature(params, SECRET));
    return `/proxy/recommendations?${params}`;
  });
  // Warm the shop's serving state, then measure.
  for (let n = 0; n < 50; n++) await fetch(`http://127.0.0.1:${port}${paths[n]}`).then((r) => r.text());
  const seconds = Number(process.env.BENCH_RECS_SECONDS || 10);
  // Open loop: requests arrive at a fixed rate whether or not answers are
  // back, as shoppers do; latency is counted from when each was due.
  const open_loop: OpenLoopResult[] = [];
  for (const rate of [500, 1_000, 2_000]) {
    const r = await openLoop({ port, paths, rate, seconds });
    console.log(
      `  ${rate} requests/s: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.throughput}/s answered, ${r.dropped} dropped, ${r.errors + r.non2xx} failed`,
    );
    open_loop.push(r);
  }
  // Saturation: raise the rate until answers no longer keep up (under 95 % of
  // the offered rate answered, or p99 over a second); the most answered per
  // second is the saturation rate.
  let saturation = Math.max(...open_loop.map((r) => r.throughput));
  for (let rate = 3_000; rate <= 16_000 && open_loop[open_loop.length - 1].throughput >= 0.95 * open_loop[open_loop.length - 1].rate; rate *= 1.5) {
    const r = await openLoop({ port, paths, rate: Math.round(rate), seconds });
    console.log(`  ${Math.round(rate)} requests/s: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.throughput}/s answered`);
    open_loop.push(r);
    saturation = Math.max(saturation, r.throughput);
    if (r.p99_ms > 1_000) break;
  }
  await web.stop();
  return {
    open_loop: open_loop.map(({ rate, p50_ms, p99_ms, throughput, dropped, errors, non2xx }) => ({
      rate,
      p50_ms,
      p99_ms,
      throughput,
      dropped,
      errors,
      non2xx,
    })),
    saturation_rps: saturation,
    seconds_per_rate: seconds,
    contexts: "80% product page, 10% cart, 10% home page of a signed-in customer (personal)",
  };
}

export async function benchRecs() {
  const train = process.env.BENCH_RECS_SKIP_TRAIN ? [] : trainingRuns();
  const serve = await serving();
  console.table(train.map(({ fraction, seconds, peak_mb, events }) => ({ fraction, seconds, peak_mb, events })));
  console.table(serve.open_loop);
  console.log(`saturation: ${serve.saturation_rps} requests/s`);
  writeResult("recs", { train, serve });
  return { train, serve };
}
