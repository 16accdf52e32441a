// Seeds a shop with the Online Retail catalog and order history and trains
// its model, in its own process (see bench/recs.ts); prints one JSON line:
// the product and customer ids the load is made of.
import path from "node:path";
import { parseArgs } from "node:util";
import { repo } from "./lib/harness";

const { values } = parseArgs({ options: { domain: { type: "string", default: "bench-recs.myshopify.com" } } });

async function seedShopWithModel(domain: string) {
  const { loadRetailLog, ONLINE_RETAIL_COLUMNS } = await import("./lib/online-retail");
  const { writeProducts } = await import("../app/models/products.server");
  const { writeOrders } = await import("../app/models/orders.server");
  const { default: prisma } = await import("../app/db.server");
  const { trainRecommendations } = await import("../app/services/recommendations/training.server");
  const { logger } = await import("../app/lib/logger.server");
  const file = path.resolve(repo, "..", "shared", "data", "online-retail.csv.gz");
  const log = await loadRetailLog(file, ONLINE_RETAIL_COLUMNS);
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
  console.error(`seeded ${log.catalog.length} products and ${records.length} orders; training the shop's model…`);
  const trained = await trainRecommendations(shop.id, logger);
  await prisma.$disconnect();
  return { productIds: [...ids.values()], customerIds: [...new Set([...orders.values()].map((o) => o.customer))], version: trained.version };
}

const seeded = await seedShopWithModel(values.domain!);
console.log(JSON.stringify({ productIds: seeded.productIds, customerIds: seeded.customerIds }));
