// A generated gift-ware store for machines without the online-retail
// dataset: deterministic (a seeded RNG), with real-sounding product names
// and orders that have the structure recommendations feed on: people buy
// within a design range ("Red Retrospot Mug" with "Retrospot Tea Towel"),
// across complementary product types, and popular items more often.
// A product with a colour in its title carries it as its Colour option, and
// every twelfth product is another colour of the last coloured one: the same
// item split per colour, as shops publish them (product families).

import type { CustomerSeed, OrderSeed, ProductSeed, StoreData } from "../store.js";
import { isoSeconds } from "../time.js";
import { catalogProduct, giftCardProduct } from "./catalog.js";

export interface GeneratedStoreOptions {
  products?: number;
  orders?: number;
  customers?: number;
  /** RNG seed: the same seed gives the same store. */
  seed?: number;
  /** Orders are spread between these dates. */
  start?: string;
  end?: string;
}

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MOTIFS = [
  "Retrospot",
  "Vintage Doily",
  "Woodland",
  "Paisley Park",
  "Regency",
  "Spaceboy",
  "Dolly Girl",
  "Strawberry",
  "Owl",
  "Wicker Heart",
  "Polkadot",
  "Union Jack",
  "Botanical",
  "Circus Parade",
  "Alphabet",
  "Ceramic Rose",
  "Scandi Star",
  "Garden Party",
  "Lavender",
  "Skull and Crossbones",
];
const COLOURS = ["Red", "Pink", "Blue", "Green", "Ivory", "Cream", "White", "Black", "Gold", "Silver"];
/** Items by range; each is written so that catalog.ts files it under the intended product type. */
const ITEMS: Record<string, { names: string[]; price: [number, number] }> = {
  kitchen: {
    names: ["Mug", "Tea Towel", "Cake Tin", "Lunch Box", "Teapot", "Cake Stand", "Apron", "Set of 6 Teaspoons", "Egg Cup", "Jam Jar Set"],
    price: [1.25, 12.95],
  },
  bags: { names: ["Jumbo Bag", "Shopper Bag", "Lunch Bag", "Tote Bag", "Coin Purse"], price: [1.65, 4.95] },
  lighting: { names: ["T-Light Holder", "Lantern", "Fairy Lights", "Scented Candle", "Night Light"], price: [0.85, 9.95] },
  decor: { names: ["Cushion Cover", "Doormat", "Wall Clock", "Metal Sign", "Photo Frame", "Hanging Heart Decoration", "Bunting"], price: [1.95, 14.95] },
  stationery: { names: ["Notebook", "Pencil Set", "Sticker Sheet", "Wrapping Paper", "Greeting Card", "Gift Tag Set"], price: [0.42, 3.75] },
  kids: { names: ["Skittles Game", "Jigsaw Puzzle", "Soft Toy", "Childrens Tea Party Set", "Money Box"], price: [1.25, 8.5] },
  christmas: { names: ["Christmas Bauble", "Advent Calendar", "Christmas Stocking", "Christmas Tree Decoration", "Christmas Wreath"], price: [0.65, 6.95] },
  garden: { names: ["Flower Pot", "Watering Can", "Bird Feeder", "Garden Marker Set"], price: [1.45, 7.95] },
  storage: { names: ["Storage Tin", "Trinket Box", "Wicker Basket", "Set of 3 Storage Boxes"], price: [1.25, 9.95] },
};
/** Ranges bought together (kitchen with storage, lighting with decor...). */
const COMPLEMENTS: Record<string, string[]> = {
  kitchen: ["storage", "bags"],
  bags: ["kitchen", "stationery"],
  lighting: ["decor", "christmas"],
  decor: ["lighting", "garden"],
  stationery: ["bags", "kids"],
  kids: ["stationery", "bags"],
  christmas: ["lighting", "decor"],
  garden: ["decor", "storage"],
  storage: ["kitchen", "decor"],
};

interface ColouredItem {
  range: string;
  motif: string;
  item: string;
  colour: string;
}

interface GeneratedProduct {
  seed: ProductSeed;
  sku: string;
  motif: string;
  range: string;
  weight: number;
}

/** The same item in the next colour whose title is still free, if any. */
function otherColour(of: ColouredItem, titles: ReadonlySet<string>): ColouredItem | undefined {
  const at = COLOURS.indexOf(of.colour);
  const colour = COLOURS.map((_c, k) => COLOURS[(at + 1 + k) % COLOURS.length]).find((c) => !titles.has(`${c} ${of.motif} ${of.item}`));
  return colour ? { ...of, colour } : undefined;
}

export function generatedStore(options: GeneratedStoreOptions = {}): StoreData {
  const productCount = options.products ?? 300;
  const orderCount = options.orders ?? 3000;
  const customerCount = options.customers ?? 600;
  const random = rng(options.seed ?? 42);
  const start = Date.parse(options.start ?? "2024-01-01T00:00:00Z");
  const end = Date.parse(options.end ?? "2024-12-31T23:59:59Z");
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

  // Products: unique "{colour} {motif} {item}" names.
  const ranges = Object.keys(ITEMS);
  const products: GeneratedProduct[] = [];
  const titles = new Set<string>();
  let lastColoured: ColouredItem | null = null;
  let attempts = 0;
  while (products.length < productCount && attempts++ < productCount * 50) {
    let range: string = pick(ranges);
    let motif: string = pick(MOTIFS);
    let item: string = pick(ITEMS[range].names);
    let colour: string | null = random() < 0.4 ? pick(COLOURS) : null;
    const sibling: ColouredItem | undefined = products.length % 12 === 11 && lastColoured ? otherColour(lastColoured, titles) : undefined;
    if (sibling) ({ range, motif, item, colour } = sibling);
    const title = `${colour ? `${colour} ` : ""}${motif} ${item}`;
    if (titles.has(title)) continue;
    titles.add(title);
    if (colour) lastColoured = { range, motif, item, colour };
    const [lo, hi] = ITEMS[range].price;
    const price = (Math.round((lo + random() * (hi - lo)) * 20) / 20).toFixed(2);
    const sku = `G${String(10000 + products.length)}`;
    const created = isoSeconds(new Date(start - (1 + random() * 180) * 86_400_000));
    const seed = catalogProduct({ sku, description: title.toUpperCase(), price, createdAt: created, updatedAt: created });
    if (colour) seed.options = [{ name: "Colour", values: [colour] }];
    // Zipf-like popularity: a few bestsellers, a long tail.
    products.push({ seed, sku, motif, range, weight: 1 / (products.length + 1) ** 0.8 });
  }
  // Shuffle the popularity so bestsellers are not simply the first products created.
  const weights = products.map((p) => p.weight);
  for (let i = weights.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [weights[i], weights[j]] = [weights[j], weights[i]];
  }
  products.forEach((p, i) => (p.weight = weights[i]));

  const byMotif = groupBy(products, (p) => p.motif);
  const byRange = groupBy(products, (p) => p.range);
  const weightedPick = (list: GeneratedProduct[]): GeneratedProduct => {
    const total = list.reduce((s, p) => s + p.weight, 0);
    let r = random() * total;
    for (const p of list) if ((r -= p.weight) <= 0) return p;
    return list[list.length - 1];
  };

  const customers: CustomerSeed[] = [];
  for (let i = 0; i < customerCount; i++) {
    customers.push({ key: `c${i + 1}`, createdAt: isoSeconds(new Date(start + random() * (end - start) * 0.5)) });
  }
  // Some customers come back often: pick customers with a skewed weight too.
  const customerWeights = customers.map((_c, i) => 1 / (i + 1) ** 0.6);
  const customerTotal = customerWeights.reduce((a, b) => a + b, 0);
  const pickCustomer = (): string | null => {
    if (random() < 0.1) return null; // guest checkout
    let r = random() * customerTotal;
    for (let i = 0; i < customers.length; i++) if ((r -= customerWeights[i]) <= 0) return customers[i].key!;
    return customers[customers.length - 1].key!;
  };

  const orders: OrderSeed[] = [];
  for (let i = 0; i < orderCount && products.length; i++) {
    const anchor = weightedPick(products);
    const size = 1 + Math.floor(random() ** 2 * 6);
    const chosen = new Map<string, GeneratedProduct>([[anchor.sku, anchor]]);
    for (let n = 1; n < size; n++) {
      const r = random();
      const pool = r < 0.5 ? byMotif.get(anchor.motif)! : r < 0.8 ? (byRange.get(pick(COMPLEMENTS[anchor.range])) ?? products) : products;
      const p = weightedPick(pool);
      chosen.set(p.sku, p);
    }
    const processedAt = isoSeconds(new Date(start + ((i + random()) / orderCount) * (end - start)));
    orders.push({
      name: `#${1001 + i}`,
      processedAt,
      customer: pickCustomer(),
      lineItems: [...chosen.values()].map((p) => ({ sku: p.sku, quantity: pick([1, 1, 1, 2, 2, 3, 4, 6, 12]) })),
    });
  }
  // Customers exist from their first order on.
  const firstOrder = new Map<string, string>();
  for (const o of orders) if (typeof o.customer === "string" && !firstOrder.has(o.customer)) firstOrder.set(o.customer, o.processedAt);
  for (const c of customers) {
    const first = firstOrder.get(c.key!);
    if (first && first < c.createdAt!) c.createdAt = first;
  }

  const productSeeds = products.map((p) => p.seed);
  const giftCard = giftCardProduct(isoSeconds(new Date(start - 200 * 86_400_000)));
  productSeeds.push(giftCard);
  const seededAt = isoSeconds(new Date(start));
  return {
    shop: { name: "Aisle Generated Gifts", currencyCode: "GBP", moneyFormat: "£{{amount}}", moneyWithCurrencyFormat: "£{{amount}} GBP" },
    products: productSeeds,
    // One smart collection (by product type) and two custom ones, from what was generated (so deterministic).
    collections: [
      {
        title: "Kitchen & Dining",
        handle: "kitchen-and-dining",
        rules: [{ column: "TYPE", relation: "EQUALS", condition: "Kitchen & Dining" }],
        updatedAt: seededAt,
      },
      { title: "Bestsellers", handle: "bestsellers", productSkus: bestsellers(products, 8), updatedAt: seededAt },
      { title: "Gift wrap", handle: "gift-wrap", productSkus: [giftCard.variants![0].sku!], updatedAt: seededAt },
    ],
    customers,
    orders,
  };
}

/** The SKUs of the `n` most popular products. */
function bestsellers(products: GeneratedProduct[], n: number): string[] {
  return [...products]
    .sort((a, b) => b.weight - a.weight || (a.sku < b.sku ? -1 : 1))
    .slice(0, n)
    .map((p) => p.sku);
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
