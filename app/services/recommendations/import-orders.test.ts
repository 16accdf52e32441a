import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../db.server";
import { createTestShop } from "../../../test/helpers/shops";
import { writeProducts } from "../../models/products.server";
import type { ProductRecord } from "../../models/records";
import { guessMapping, importOrderHistory, listRecentImports, readCsvHeader } from "./import-orders.server";

const dir = mkdtempSync(path.join(tmpdir(), "aisle-import-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: string | Buffer, ext = ".csv") {
  const p = path.join(dir, `upload-${++files}${ext}`);
  writeFileSync(p, content);
  return p;
}

const ONLINE_RETAIL = { order: "InvoiceNo", customer: "CustomerID", product: "StockCode", date: "InvoiceDate", quantity: "Quantity", price: "UnitPrice" };

function product(shopifyId: string, sku: string): ProductRecord {
  return {
    shopifyId,
    title: `Product ${sku}`,
    handle: `product-${sku.toLowerCase()}`,
    descriptionHtml: "",
    vendor: "Aisle",
    productType: "",
    status: "ACTIVE",
    tags: [],
    isGiftCard: false,
    tracksInventory: false,
    shopifyCreatedAt: null,
    shopifyUpdatedAt: new Date("2026-01-01T00:00:00Z"),
    variants: [
      { shopifyId: `${shopifyId}1`, title: "Default", sku, price: "2.55", compareAtPrice: null, inventoryQuantity: 5, availableForSale: true, position: 1 },
    ],
    media: [],
  };
}

async function shopWithCatalog() {
  const shop = await createTestShop();
  await writeProducts(shop.id, [product("101", "85123A"), product("102", "71053"), product("103", "84406B"), product("104", "22752")]);
  return { id: shop.id, currencyCode: "GBP" };
}

async function storedOrders(shopId: string) {
  return prisma.order.findMany({
    where: { shopId },
    orderBy: { shopifyId: "asc" },
    select: {
      shopifyId: true,
      source: true,
      totalPrice: true,
      currencyCode: true,
      processedAt: true,
      customer: { select: { shopifyId: true } },
      lines: { orderBy: { shopifyId: "asc" }, select: { productShopifyId: true, sku: true, quantity: true, price: true } },
    },
  });
}

const GOOD = [
  "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country",
  "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom",
  "536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom",
  '536366,84406B,"CREAM CUPID HEARTS COAT HANGER, LARGE",8,12/1/2010 8:28,2.75,17850.0,United Kingdom',
  "536367,22752,SET 7 BABUSHKA NESTING BOXES,2,12/1/2010 8:34,7.65,13047,United Kingdom",
  "536367,99999X,A PRODUCT NOT IN THE CATALOG,1,12/1/2010 8:34,1.00,13047,United Kingdom",
  "C536379,85123A,CANCELLED,-1,12/1/2010 9:41,2.55,14527,United Kingdom",
  "536368,85123A,A GUEST ORDER,1,12/2/2010 10:00,2.55,,United Kingdom",
].join("\n");

function expectGoodImport(report: Awaited<ReturnType<typeof importOrderHistory>>) {
  expect(report).toMatchObject({
    status: "succeeded",
    importedLines: 6,
    orders: 4,
    rejectedLines: 0,
    rejections: [],
    skippedLines: 1,
    unmatchedLines: 1,
    unmatchedExamples: ["99999X"],
    error: null,
  });
}

describe("importOrderHistory", () => {
  it("imports a good file: lines grouped into orders, SKUs matched to products, the import recorded", async () => {
    const shop = await shopWithCatalog();
    const report = await importOrderHistory(shop, { fileName: "online-retail.csv", path: file(GOOD), mapping: ONLINE_RETAIL });
    expectGoodImport(report);

    const orders = await storedOrders(shop.id);
    expect(orders.map((o) => o.shopifyId)).toEqual(["import:536365", "import:536366", "import:536367", "import:536368"]);
    expect(orders[0]).toMatchObject({
      source: "import",
      totalPrice: (6 * 2.55 + 6 * 3.39).toFixed(2),
      currencyCode: "GBP",
      processedAt: new Date("2010-12-01T08:26:00Z"),
      customer: { shopifyId: "17850" },
    });
    expect(orders[0].lines).toEqual([
      { productShopifyId: "101", sku: "85123A", quantity: 6, price: "2.55" },
      { productShopifyId: "102", sku: "71053", quantity: 6, price: "3.39" },
    ]);
    expect(orders[1].customer?.shopifyId).toBe("17850"); // "17850.0" from a spreadsheet
    expect(orders[2].lines.map((l) => [l.productShopifyId, l.sku])).toEqual([
      ["104", "22752"],
      [null, "99999X"], // kept: it counts once a product has this SKU
    ]);
    expect(orders[3].customer).toBeNull();

    const [recorded] = await listRecentImports(shop.id);
    expect(recorded).toMatchObject({
      id: report.importId,
      fileName: "online-retail.csv",
      status: "succeeded",
      importedLines: 6,
      orders: 4,
      rejectedLines: 0,
      rejections: [],
    });
  });

  it("reports a missing column by name and writes nothing", async () => {
    const shop = await shopWithCatalog();
    const content = GOOD.replace("CustomerID", "Customer");
    const report = await importOrderHistory(shop, { fileName: "no-customer.csv", path: file(content), mapping: ONLINE_RETAIL });
    expect(report.status).toBe("failed");
    expect(report.error).toMatch(
      /^Missing column "CustomerID" in the header \(line 1\)\. The header has: InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, Customer, Country\./,
    );
    expect(report.error).toMatch(/Nothing was saved\.$/);
    expect(await storedOrders(shop.id)).toEqual([]);
    const [recorded] = await listRecentImports(shop.id);
    expect(recorded).toMatchObject({ status: "failed", importedLines: 0, orders: 0, error: report.error });
  });

  it("rejects lines with bad dates by line number and imports the good ones", async () => {
    const shop = await shopWithCatalog();
    const lines = GOOD.split("\n");
    lines[2] = lines[2].replace("12/1/2010 8:26", "yesterday"); // line 3
    lines[4] = lines[4].replace("12/1/2010 8:34", "2010-13-45"); // line 5
    const report = await importOrderHistory(shop, { fileName: "bad-dates.csv", path: file(lines.join("\n")), mapping: ONLINE_RETAIL });
    expect(report.status).toBe("succeeded");
    expect(report.rejectedLines).toBe(2);
    expect(report.rejections).toEqual([
      { line: 3, reason: expect.stringMatching(/^Line 3: date "yesterday" is not a date/) },
      { line: 5, reason: expect.stringMatching(/^Line 5: date "2010-13-45" is not a date/) },
    ]);
    expect(report.importedLines).toBe(4);
    const orders = await storedOrders(shop.id);
    expect(orders.map((o) => [o.shopifyId, o.lines.length])).toEqual([
      ["import:536365", 1],
      ["import:536366", 1],
      ["import:536367", 1],
      ["import:536368", 1],
    ]);
    const [recorded] = await listRecentImports(shop.id);
    expect(recorded.rejectedLines).toBe(2);
    expect(recorded.rejections.map((r) => r.line)).toEqual([3, 5]);
  });

  it("imports a gzipped file the same way", async () => {
    const shop = await shopWithCatalog();
    const report = await importOrderHistory(shop, { fileName: "online-retail.csv.gz", path: file(gzipSync(GOOD), ".csv.gz"), mapping: ONLINE_RETAIL });
    expectGoodImport(report);
    expect((await storedOrders(shop.id)).map((o) => o.lines.length)).toEqual([2, 1, 2, 1]);
  });

  it("writes in batches, keeps an order whose lines are far apart whole, and replaces it on a second import", async () => {
    const shop = await shopWithCatalog();
    const skus = ["85123A", "71053", "84406B", "22752"];
    const rows = ["order;customer;sku;date;qty"];
    rows.push("A-1;c1;85123A;2011-01-01 10:00;1");
    for (let i = 0; i < 12_000; i++) rows.push(`B-${Math.floor(i / 3)};c${i % 50};${skus[i % 4]};2011-02-01 10:00;1`);
    rows.push("A-1;c1;71053;2011-01-01 10:05;2"); // the first order again, 12,000 lines later
    const csv = rows.join("\r\n");
    const mapping = { order: "order", customer: "customer", product: "sku", date: "date", quantity: "qty" };

    const first = await importOrderHistory(shop, { fileName: "big.csv", path: file(csv), mapping });
    expect(first).toMatchObject({ status: "succeeded", importedLines: 12_002, orders: 4_001 });
    const a1 = await prisma.order.findUnique({
      where: { shopId_shopifyId: { shopId: shop.id, shopifyId: "import:A-1" } },
      select: { lines: { select: { sku: true, quantity: true } } },
    });
    expect(a1?.lines.map((l) => [l.sku, l.quantity]).sort()).toEqual([
      ["71053", 2],
      ["85123A", 1],
    ]);

    const again = await importOrderHistory(shop, { fileName: "big.csv", path: file(csv), mapping });
    expect(again).toMatchObject({ status: "succeeded", importedLines: 12_002, orders: 4_001 });
    expect(await prisma.order.count({ where: { shopId: shop.id } })).toBe(4_001);
    expect(await prisma.orderLine.count({ where: { shopId: shop.id } })).toBe(12_002);
  });

  it("stores an email used as the customer only as a hash", async () => {
    const shop = await shopWithCatalog();
    const csv =
      "Name,Email,Created at,Lineitem quantity,Lineitem sku,Lineitem price\n#1001,Ann@Example.com,2023-01-05 10:22:01 -0500,1,85123A,2.55\n#1002,ann@example.com ,2023-02-05 10:22:01 -0500,1,71053,3.39\n";
    const { mapping } = readCsvHeader(Buffer.from(csv));
    const report = await importOrderHistory(shop, {
      fileName: "shopify-export.csv",
      path: file(csv),
      mapping: { ...mapping, quantity: mapping.quantity || undefined, price: mapping.price || undefined },
    });
    expect(report).toMatchObject({ status: "succeeded", importedLines: 2, orders: 2 });
    const customers = await prisma.customer.findMany({ where: { shopId: shop.id }, select: { shopifyId: true } });
    expect(customers).toHaveLength(1);
    expect(customers[0].shopifyId).toMatch(/^email-sha256:[0-9a-f]{32}$/);
  });
});

describe("readCsvHeader", () => {
  it("reads the header of a semicolon file and of the first bytes of a gzipped file, and guesses the mapping", () => {
    expect(readCsvHeader(Buffer.from("order;customer;sku;date\n1;2;3;4\n"))).toMatchObject({
      header: ["order", "customer", "sku", "date"],
      delimiter: ";",
      compressed: false,
      mapping: { order: "order", customer: "customer", product: "sku", date: "date", quantity: "", price: "" },
    });
    const big = GOOD + "\n" + GOOD.split("\n").slice(1).join("\n").repeat(200);
    const sample = gzipSync(big).subarray(0, 300); // a truncated gzip stream
    expect(readCsvHeader(sample)).toMatchObject({ compressed: true, mapping: ONLINE_RETAIL });
  });

  it("maps Shopify's order export", () => {
    expect(guessMapping(["Name", "Email", "Financial Status", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem sku"])).toEqual({
      order: "Name",
      customer: "Email",
      product: "Lineitem sku",
      date: "Created at",
      quantity: "Lineitem quantity",
      price: "Lineitem price",
    });
  });

  it("refuses spreadsheets and binary files with a clear message", () => {
    expect(() => readCsvHeader(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toThrow(/export the orders as CSV/);
    expect(() => readCsvHeader(Buffer.from([1, 0, 2, 0, 3]))).toThrow(/binary data/);
  });
});
