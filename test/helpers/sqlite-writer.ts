// One process of the SQLite concurrency test (test/integration/sqlite-concurrency.test.ts):
// writes through every path the app writes by (Prisma queries, Prisma interactive
// transactions, plain SQL statements and plain-SQL transactions), several at a time,
// and prints what it committed as one JSON line.
import { randomUUID } from "node:crypto";
import prisma from "../../app/db.server";
import { recordDelivery } from "../../app/models/webhook-deliveries.server";
import { writeOrders } from "../../app/models/orders.server";
import { writeProducts } from "../../app/models/products.server";
import type { OrderRecord, ProductRecord } from "../../app/models/records";
import { upsertComplementarySuggestions } from "../../app/models/recommendations.server";

const [role, shopDomain, countArg] = process.argv.slice(2);
const rounds = Number(countArg);

function product(shopifyId: string): ProductRecord {
  return {
    shopifyId,
    title: `Product ${shopifyId}`,
    handle: `p-${shopifyId}`,
    descriptionHtml: "",
    vendor: "V",
    productType: "T",
    status: "ACTIVE",
    tags: [],
    isGiftCard: false,
    tracksInventory: true,
    shopifyCreatedAt: new Date(),
    shopifyUpdatedAt: new Date(),
    variants: [
      {
        shopifyId: `v${shopifyId}`,
        title: "Default",
        sku: null,
        price: "1.00",
        compareAtPrice: null,
        inventoryQuantity: 1,
        availableForSale: true,
        position: 1,
      },
    ],
    media: [],
  };
}

function order(shopifyId: string): OrderRecord {
  return {
    shopifyId,
    name: `#${shopifyId}`,
    customerShopifyId: `c${shopifyId.length % 7}`,
    totalPrice: "2.00",
    currencyCode: "USD",
    financialStatus: "PAID",
    cancelledAt: null,
    processedAt: new Date(),
    shopifyUpdatedAt: new Date(),
    lines: [1, 2].map((n) => ({
      shopifyId: `${shopifyId}-${n}`,
      productShopifyId: "1",
      variantShopifyId: null,
      sku: null,
      title: "x",
      quantity: n,
      price: "1.00",
    })),
  };
}

const shop = await prisma.shop.upsert({ where: { domain: shopDomain }, create: { domain: shopDomain }, update: {}, select: { id: true } });
const committed = { deliveries: [] as string[], orders: [] as string[], products: [] as string[], pairs: [] as string[], settings: 0 };

async function lane(lane: number) {
  for (let i = 0; i < rounds; i++) {
    const key = `${role}-${lane}-${i}`;
    if (role === "web") {
      // The acknowledgement path (plain SQL) and a merchant saving settings (Prisma).
      const webhookId = randomUUID();
      if (await recordDelivery({ webhookId, shopDomain, shopId: shop.id, topic: "orders/create", apiVersion: null, triggeredAt: new Date(), payload: "{}" }))
        committed.deliveries.push(webhookId);
      await prisma.shop.update({ where: { id: shop.id }, data: { settings: JSON.stringify({ saved: key }) } });
      committed.settings++;
    } else {
      // The worker: orders and products by plain-SQL transactions, and what
      // training writes by Prisma interactive transaction.
      await writeOrders(shop.id, [order(key)]);
      committed.orders.push(key);
      await writeProducts(shop.id, [product(key)]);
      committed.products.push(key);
      await upsertComplementarySuggestions(shop.id, [{ productShopifyId: key, complementShopifyId: `${key}-c`, score: 1 }]);
      committed.pairs.push(key);
    }
  }
}

await Promise.all([0, 1, 2, 3].map(lane));
console.log(JSON.stringify(committed));
await prisma.$disconnect();
