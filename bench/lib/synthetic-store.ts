// A plausible generated store with a fixed seed: a catalog in product types
// with colour families, customers with tastes, orders over a year. Two
// shapes that want different model settings:
//   "taste":  customers keep to a few product types, small baskets, steady
//             catalog (behaviour similarity pays, what sells now matters less);
//   "trend":  a catalog that turns over (new products launch all year and sell
//             for weeks), shoppers follow what is new (what sells now pays).
// Used by the training test, `npm run eval:recs -- --generate <shape>` and
// `npm run bench -- recs-scale`.

import type { CatalogItem } from "../../app/services/recommendations/pipeline";
import { EventLog } from "../../app/services/recommendations/core/event-log";
import type { InteractionEvent } from "../../app/services/recommendations/core/types";

export type StoreShape = "taste" | "trend";

export interface GeneratedStore {
  catalog: CatalogItem[];
  events: InteractionEvent[];
  /** The latest order time (ms). */
  end: number;
}

/** mulberry32: a small, fast, seeded PRNG. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = "mug bowl plate vase candle lamp cushion throw rug basket jar tray clock frame mirror planter apron towel napkin teapot".split(" ");
const ADJECTIVES = "classic rustic modern vintage nordic enamel linen ceramic woven glazed striped floral".split(" ");
const COLOURS = "red blue green pink black white grey yellow".split(" ");
const DAY = 86_400_000;

export interface GenerateOptions {
  products: number;
  /** Order lines to generate (about). */
  lines: number;
  shape?: StoreShape;
  seed?: number;
  /** First day of the year of orders (ms). */
  start?: number;
  /** Streams each event here instead of keeping them (for scale runs: 10 million event objects would not fit). */
  onEvent?: (userKey: string, itemKey: string, timestamp: number, basketKey: string) => void;
  /** Called with the whole catalog before the first event. */
  onCatalog?: (catalog: readonly CatalogItem[]) => void;
}

/**
 * Generates the store. Roughly `lines` order lines from customers of about
 * 7.5 lines each; product popularity is Zipf-like within each type.
 */
export function generateStore(options: GenerateOptions): GeneratedStore {
  const shape = options.shape ?? "taste";
  const random = rng(options.seed ?? 7);
  const nProducts = Math.max(1, options.products);
  const nTypes = Math.max(2, Math.round(Math.sqrt(nProducts) / 2));
  const start = options.start ?? Date.UTC(2025, 0, 1);
  const end = start + 365 * DAY;

  const catalog: CatalogItem[] = [];
  const typeOf = new Uint32Array(nProducts);
  const launch = new Float64Array(nProducts);
  const byType: number[][] = Array.from({ length: nTypes }, () => []);
  for (let i = 0; i < nProducts;) {
    const type = Math.floor(random() * nTypes);
    const noun = NOUNS[type % NOUNS.length];
    const adjective = ADJECTIVES[Math.floor(random() * ADJECTIVES.length)];
    const model = Math.floor(random() * 1e6).toString(36);
    const variants = random() < 0.3 ? 2 + Math.floor(random() * 3) : 1;
    const launchedAt = shape === "trend" ? start + random() * 360 * DAY : start - 30 * DAY;
    for (let v = 0; v < variants && i < nProducts; v++, i++) {
      const colour = COLOURS[(v + type) % COLOURS.length];
      const typeName = `${noun}s ${Math.floor(type / NOUNS.length) || ""}`.trim();
      catalog.push({
        id: String(1_000_000 + i),
        handle: `${adjective}-${noun}-${model}-${colour}`,
        text: { title: `${adjective} ${noun} ${model} ${variants > 1 ? colour : ""}`.trim(), productType: typeName, vendor: `Maker ${type % 7}` },
        groups: [typeName],
      });
      typeOf[i] = type;
      launch[i] = launchedAt;
      byType[type].push(i);
    }
  }

  // Zipf-like weights within a type: the r-th product has weight 1 / (r + 1)^s.
  const s = shape === "trend" ? 0.6 : 1.0;
  const cumulative = byType.map((items) => {
    const c = new Float64Array(items.length);
    let sum = 0;
    items.forEach((_, r) => (c[r] = sum += 1 / Math.pow(r + 1, s)));
    return c;
  });
  const pickIn = (type: number, at: number): number => {
    const items = byType[type];
    if (!items.length) return -1;
    const c = cumulative[type];
    for (let attempt = 0; attempt < 6; attempt++) {
      const x = random() * c[c.length - 1];
      let lo = 0;
      let hi = c.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (c[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      const item = items[lo];
      if (shape !== "trend") return item;
      // Trend store: products sell from launch for about six weeks.
      const age = (at - launch[item]) / DAY;
      if (age >= 0 && age < 42) return item;
    }
    return -1;
  };

  options.onCatalog?.(catalog);
  const events: InteractionEvent[] = [];
  const emit =
    options.onEvent ?? ((userKey: string, itemKey: string, timestamp: number, basketKey: string) => events.push({ userKey, itemKey, timestamp, basketKey }));
  let emitted = 0;
  // About 7.5 lines per customer: 1-4 orders of 1-5 lines.
  const perCustomer = 7.5;
  const nCustomers = Math.max(1, Math.round(options.lines / perCustomer));
  let order = 0;
  for (let u = 0; u < nCustomers && emitted < options.lines; u++) {
    const userKey = `c${u}`;
    const tastes = [Math.floor(random() * nTypes), Math.floor(random() * nTypes)];
    const orders = 1 + Math.floor(random() * 4);
    for (let o = 0; o < orders; o++) {
      const at = start + random() * 365 * DAY;
      const basket = 1 + Math.floor(random() * (shape === "trend" ? 4 : 5));
      const key = `o${order++}`;
      for (let b = 0; b < basket; b++) {
        const type = random() < (shape === "taste" ? 0.9 : 0.5) ? tastes[b % tastes.length] : Math.floor(random() * nTypes);
        const item = pickIn(type, at);
        if (item < 0) continue;
        emit(userKey, catalog[item].id, Math.round(at), key);
        emitted++;
      }
    }
  }
  return { catalog, events, end };
}

/**
 * The store with its events added to an event log as they are made, never
 * held as objects (the scale runs: 10 million would not fit), the catalog
 * first, as the training job's log has it.
 */
export function generateStoreLog(options: Omit<GenerateOptions, "onEvent" | "onCatalog">): { store: GeneratedStore; log: EventLog } {
  let log = new EventLog();
  const store = generateStore({
    ...options,
    onCatalog: (catalog) => (log = new EventLog({ items: catalog.map((c) => c.id) })),
    onEvent: (userKey, itemKey, timestamp, basketKey) => log.add({ userKey, itemKey, timestamp, basketKey }),
  });
  return { store, log };
}
