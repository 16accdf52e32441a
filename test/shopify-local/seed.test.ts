import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultOnlineRetailPath } from "./paths.js";
import { productTypeFor, titleCase } from "./seed/catalog.js";
import { generatedStore } from "./seed/generated.js";
import { isProductCode, londonTimeToIso, onlineRetailStore } from "./seed/online-retail.js";
import { tinyStore } from "./seed/fixtures.js";
import { Store } from "./store.js";

// The dataset is optional (../shared/data beside the repository); without it
// these say why they did not run instead of failing.
const hasDataset = existsSync(defaultOnlineRetailPath);
const seedSuite = hasDataset ? "the online-retail seed" : `the online-retail seed (skipped: no dataset at ${defaultOnlineRetailPath})`;

describe.skipIf(!hasDataset)(seedSuite, () => {
  it("reads the whole dataset in place: ~3,900 products, ~20,000 orders, ~4,300 customers", async () => {
    // CPU time rather than wall time: test machines run several suites at once.
    const cpu = process.cpuUsage();
    const data = await onlineRetailStore();
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const store = new Store({ domain: "retail.myshopify.com" }).load(data);
    const counts = store.counts();
    expect(counts.products).toBe(3908); // 3,907 stock codes that are products, and the gift card
    expect(counts.orders).toBe(19_773);
    expect(counts.customers).toBe(4334);
    expect(counts.lineItems).toBe(527_758);
    expect(cpuSeconds).toBeLessThan(15); // about 4-6 s of CPU here

    const lantern = store.variantBySku("85123A");
    expect(store.product(lantern!.productId)).toMatchObject({ title: "White Hanging Heart T-Light Holder", handle: "white-hanging-heart-t-light-holder" });
    expect(store.productList().filter((p) => p.isGiftCard)).toHaveLength(1);
    expect(store.productList().some((p) => p.status === "DRAFT")).toBe(true);
    expect(store.productList().some((p) => p.status === "ARCHIVED")).toBe(true);
    expect(store.productList().some((p) => p.variants[0].inventoryQuantity === 0)).toBe(true);
    const first = store.orderList()[0];
    expect(first).toMatchObject({ name: "#536365", processedAt: "2010-12-01T08:26:00Z", customerId: 17850 });
    expect(store.customer(17850)?.numberOfOrders).toBeGreaterThan(1);
  }, 90_000);

  it("cuts the store down with maxProducts, maxOrders, since and until", async () => {
    const small = await onlineRetailStore({ maxProducts: 50, maxOrders: 100 });
    expect(small.products).toHaveLength(51);
    expect(small.orders).toHaveLength(100);
    const skus = new Set(small.products.flatMap((p) => p.variants!.map((v) => v.sku)));
    expect(small.orders!.every((o) => o.lineItems.every((li) => skus.has(li.sku!)))).toBe(true);

    const october = await onlineRetailStore({ since: "2011-10-01T00:00:00Z", until: "2011-11-01T00:00:00Z" });
    expect(october.orders!.length).toBeGreaterThan(1000);
    expect(october.orders!.every((o) => o.processedAt >= "2011-10-01" && o.processedAt < "2011-11-01")).toBe(true);
  });
});

describe("reading the online-retail CSV", () => {
  it("skips what is not a product", () => {
    for (const code of ["POST", "DOT", "M", "C2", "BANK CHARGES", "AMAZONFEE", "PADS", "CRUK", "gift_0001_20", "D", "S"])
      expect(isProductCode(code)).toBe(false);
    for (const code of ["85123A", "22423", "DCGS0003"]) expect(isProductCode(code)).toBe(true);
  });

  it("reads invoice dates as London time", () => {
    expect(londonTimeToIso("2010-12-01 08:26:00")).toBe("2010-12-01T08:26:00Z");
    expect(londonTimeToIso("2011-06-15 10:00:00")).toBe("2011-06-15T09:00:00Z"); // BST
    expect(londonTimeToIso("6/15/2011 10:00")).toBe("2011-06-15T09:00:00Z");
  });
});

describe("catalogue helpers", () => {
  it("title-cases item names nicely", () => {
    expect(titleCase("WHITE HANGING HEART T-LIGHT HOLDER")).toBe("White Hanging Heart T-Light Holder");
    expect(titleCase("SET OF 3 CAKE TINS PANTRY DESIGN ")).toBe("Set of 3 Cake Tins Pantry Design");
    expect(titleCase("RETROSPOT TEA SET CERAMIC 11 PC ")).toBe("Retrospot Tea Set Ceramic 11 PC");
  });

  it("files products under plausible types", () => {
    expect(productTypeFor("RED RETROSPOT MUG")).toBe("Kitchen & Dining");
    expect(productTypeFor("JUMBO BAG RED RETROSPOT")).toBe("Bags");
    expect(productTypeFor("PAPER CHAIN KIT 50'S CHRISTMAS ")).toBe("Christmas");
  });
});

describe("the generated seed", () => {
  it("is deterministic and has the requested size", () => {
    const a = generatedStore({ products: 80, orders: 400, seed: 7 });
    const b = generatedStore({ products: 80, orders: 400, seed: 7 });
    expect(a).toEqual(b);
    expect(a.products).toHaveLength(81); // and the gift card
    expect(a.orders).toHaveLength(400);
    expect(generatedStore({ products: 80, orders: 400, seed: 8 })).not.toEqual(a);
  });

  it("splits some items per colour, each product carrying its colour as its Colour option", () => {
    const coloured = generatedStore({ products: 120, orders: 0, seed: 3 }).products.filter((p) => p.options);
    for (const p of coloured) {
      expect(p.options).toEqual([{ name: "Colour", values: [expect.any(String)] }]);
      expect(p.title.startsWith(`${p.options![0].values[0]} `)).toBe(true);
    }
    const byItem = new Map<string, string[]>();
    for (const p of coloured) {
      const item = p.title.slice(p.options![0].values[0].length + 1);
      byItem.set(item, [...(byItem.get(item) ?? []), p.options![0].values[0]]);
    }
    const split = [...byItem.values()].filter((colours) => colours.length > 1);
    expect(split.length).toBeGreaterThanOrEqual(120 / 12 - 1);
    for (const colours of split) expect(new Set(colours).size).toBe(colours.length);
  });

  it("has co-purchase structure: items of one design range are bought together far more than by chance", () => {
    const store = new Store({ domain: "gen.myshopify.com" }).load(generatedStore({ products: 120, orders: 2000, seed: 3 }));
    // Products of one range share a word of their title (Retrospot, Woodland...).
    const related = (a: number, b: number) => {
      const words = new Set(
        store
          .product(a)!
          .title.split(" ")
          .filter((w) => w.length > 3),
      );
      return store
        .product(b)!
        .title.split(" ")
        .some((w) => words.has(w));
    };
    let pairs = 0;
    let together = 0;
    for (const o of store.orderList()) {
      const ids = o.lineItems.map((li) => li.productId!);
      for (let i = 0; i < ids.length; i++)
        for (let j = i + 1; j < ids.length; j++) {
          pairs++;
          if (related(ids[i], ids[j])) together++;
        }
    }
    const products = store.productList().filter((p) => !p.isGiftCard);
    let baselinePairs = 0;
    let baseline = 0;
    for (let i = 0; i < products.length; i++)
      for (let j = i + 1; j < products.length; j++) {
        baselinePairs++;
        if (related(products[i].id, products[j].id)) baseline++;
      }
    expect(together / pairs).toBeGreaterThan(2 * (baseline / baselinePairs));
  });
});

describe("the tiny fixture", () => {
  it("has one of each case", () => {
    const store = new Store({ domain: "tiny.myshopify.com" }).load(tinyStore());
    expect(store.counts()).toMatchObject({ products: 7, orders: 4, customers: 2 });
    expect(store.orderList().filter((o) => o.customerId === null)).toHaveLength(1);
    expect(store.orderList().filter((o) => o.cancelledAt)).toHaveLength(1);
    // The mug split per colour: two products, a Colour option each, the variant named by its value.
    const mugs = store.productList().filter((p) => p.title.endsWith("Retrospot Mug"));
    expect(mugs.map((p) => [p.options, p.variants[0].title])).toEqual([
      [[{ name: "Colour", values: ["Red"] }], "Red"],
      [[{ name: "Colour", values: ["Pink"] }], "Pink"],
    ]);
    expect(store.productList().find((p) => p.title === "Woodland Lantern")!.options).toEqual([{ name: "Title", values: ["Default Title"] }]);
  });
});
