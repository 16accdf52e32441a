import { catalogVersion, servingProductsPage, type ServingProduct } from "../../models/catalog.server";
import { collectionsByProduct, collectionsFingerprint, collectionSummaries } from "../../models/collections.server";
import { liveModelHead, servedListsPage, servingRulesAndTests, type ServedListRow } from "../../models/recommendations.server";
import { shopServingFacts } from "../../models/shops.server";
import { readSettings, type ShopSettings } from "../settings.server";
import { collectionsNamed, readGroupRule, type GroupRule } from "./group-rules";
import { readModelParams } from "./model-params";
import type { CatalogProduct, RankModel, RankRules } from "./serve";

export interface RunningExperiment {
  id: string;
  splitB: number;
  strategyA: string;
  strategyB: string;
}

export interface ServingState {
  shopId: string;
  modelVersion: number | null;
  /** The live model as `rank` reads it. */
  model: RankModel;
  /** The merchant's pins, exclusions, rules by group and block settings as `rank` reads them. */
  rules: RankRules;
  /** The running A/B test of each page type, if any. */
  experiments: Partial<Record<"product" | "cart" | "home", RunningExperiment>>;
  settings: ShopSettings["recommendations"];
  moneyFormat: string;
  fingerprint: string;
  checkedAt: number;
}

/** How long a shop's serving state is trusted before its fingerprint is checked again. */
const FRESH_MS = 10_000;

const states = new Map<string, ServingState>();
const loading = new Map<string, Promise<ServingState>>();

/**
 * Everything the storefront routes need for one shop, in memory: the
 * sellable catalog, the live model's precomputed lists, rules, the running
 * experiment and settings. Reloaded when the model, catalog, rules or
 * settings change (checked at most every 10 s, or now when `fresh`), one
 * load at a time.
 */
export async function getServingState(shopId: string, options: { fresh?: boolean } = {}): Promise<ServingState> {
  const state = states.get(shopId);
  if (state && !options.fresh && Date.now() - state.checkedAt < FRESH_MS) return state;
  let pending = loading.get(shopId);
  if (!pending) {
    pending = refresh(shopId, state).finally(() => loading.delete(shopId));
    loading.set(shopId, pending);
  }
  // Shoppers get the previous state while a refresh runs, if there is one;
  // the admin's preview (`fresh`) waits for it, so a rule shows as soon as it is saved.
  return options.fresh ? pending : (state ?? pending);
}

/** Product.tags is a JSON array of strings; anything else reads as no tags. */
function readTags(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

export function forgetServingState(shopId?: string) {
  if (shopId) states.delete(shopId);
  else states.clear();
}

/** Rows read per page; between pages the storefront answers other requests. */
const PAGE = 250;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function fingerprintOf(shopId: string) {
  const [catalog, model, { rules, groupRules, experiments }, shop] = await Promise.all([
    catalogVersion(shopId),
    liveModelHead(shopId),
    servingRulesAndTests(shopId),
    shopServingFacts(shopId),
  ]);
  if (!shop) throw new Error(`shop ${shopId} does not exist`);
  const groups = groupRules.map(readGroupRule).filter((r): r is GroupRule => r !== null);
  const namedCollections = [...new Set(groups.flatMap(collectionsNamed))];
  // Membership decides rules by collection: where a rule names one, a change applies at the
  // next check; other shops neither read it nor reload on it.
  const collections = namedCollections.length ? await collectionsFingerprint(shopId) : "-";
  const fingerprint = [
    `${catalog.products}:${catalog.syncedAt}`,
    collections,
    // An update between trainings bumps the revision: its rows are read again.
    model ? `${model.id}:${model.revision}` : "-",
    rules.map((r) => r.id + r.position).join(","),
    groupRules.map((r) => r.id).join(","),
    experiments.map((e) => e.id).join(",") || "-",
    shop.settings,
    shop.moneyFormat,
  ].join("|");
  return { fingerprint, catalog, collections, model, rules, groups, namedCollections, experiments, shop };
}

function catalogProductOf(p: ServingProduct, collections: string[]): CatalogProduct {
  const variant = p.variants.find((v) => v.availableForSale && (!p.tracksInventory || v.inventoryQuantity > 0)) ?? p.variants[0];
  const inStock = !p.tracksInventory || p.totalInventory > 0;
  return {
    id: p.shopifyId,
    handle: p.handle,
    title: p.title,
    vendor: p.vendor,
    productType: p.productType,
    sellable: p.status === "ACTIVE" && !p.isGiftCard && inStock && Boolean(variant),
    variantId: variant?.shopifyId ?? null,
    price: variant?.price ?? "0.00",
    compareAtPrice: variant?.compareAtPrice ?? null,
    imageUrl: p.featuredImageUrl,
    imageAlt: p.imageAlt ?? p.title,
    tags: readTags(p.tags),
    stock: p.tracksInventory ? p.totalInventory : null,
    collections,
  };
}

/**
 * How far before the catalog's newest write a refresh reads again: a write
 * that took its timestamp earlier but committed later (concurrent workers)
 * is still seen.
 */
const LATE_COMMIT_MS = 5 * 60_000;

/**
 * The catalog as serving holds it. With the previous one, only the products
 * written since shortly before its newest write are read and replaced,
 * unless the count of live products then disagrees (a product removed
 * outright): then it is read again whole.
 */
async function loadCatalog(
  shopId: string,
  previous: Loaded["catalog"] | undefined,
  version: { products: number; syncedAt: number },
  membership: Map<string, string[]>,
): Promise<Loaded["catalog"]> {
  if (previous && previous.syncedAt === version.syncedAt && previous.products.size === version.products) return previous;
  const incremental = previous !== undefined && version.syncedAt >= previous.syncedAt;
  const products = incremental ? previous.products : new Map<string, CatalogProduct>();
  for (let after = ""; ;) {
    const page = await servingProductsPage(shopId, { after, limit: PAGE, changedSince: incremental ? previous.syncedAt - LATE_COMMIT_MS : undefined });
    for (const p of page.products) {
      if (p.deleted) products.delete(p.shopifyId);
      else products.set(p.shopifyId, catalogProductOf(p, membership.get(p.shopifyId) ?? []));
    }
    if (!page.last) break;
    after = page.last;
    await nextTurn();
  }
  if (incremental && products.size !== version.products) return loadCatalog(shopId, undefined, version, membership);
  return { products, syncedAt: version.syncedAt };
}

/** The lists as a refresh builds them: what `rank` reads, with its read-only maps writable here. */
type Lists = { -readonly [K in keyof RankModel["lists"]]: RankModel["lists"][K] extends ReadonlyMap<infer I, infer L> ? Map<I, L> : RankModel["lists"][K] };

/** Puts one stored row into the lists and families; an emptied row removes the product's list. */
function applyListRow(lists: Lists, families: Map<string, string>, row: ServedListRow) {
  const items = JSON.parse(row.items) as [string, number][];
  const kind = row.kind;
  if (kind === "trending" || kind === "popular" || kind === "recent") lists[kind] = items;
  else if (kind === "families") {
    families.clear();
    for (const [productId, family] of items) families.set(productId, String(family));
  } else if (kind === "bought_together" || kind === "similar" || kind === "neighbours") {
    if (items.length) lists[kind].set(row.productShopifyId, items);
    else lists[kind].delete(row.productShopifyId);
  }
}

/**
 * The live model's served lists. A new model is read whole, a page at a
 * time; a new revision of the same model (an update between trainings)
 * reads only the rows that update wrote, into the lists already held.
 */
async function loadLists(shopId: string, previous: Loaded["lists"] | undefined, model: { id: string; revision: number } | null): Promise<Loaded["lists"]> {
  if (!model) return { modelId: null, revision: 0, lists: emptyLists(), families: new Map() };
  if (previous && previous.modelId === model.id && previous.revision === model.revision) return previous;
  const incremental = previous !== undefined && previous.modelId === model.id && model.revision > previous.revision;
  const lists = incremental ? previous.lists : emptyLists();
  const families = incremental ? previous.families : new Map<string, string>();
  for (let after: { productShopifyId: string; kind: string } | null = null; ;) {
    const page = await servedListsPage(shopId, model.id, { after, limit: PAGE, sinceRevision: incremental ? previous.revision : undefined });
    for (const row of page.rows) applyListRow(lists, families, row);
    if (!page.last) break;
    after = page.last;
    await nextTurn();
  }
  // Models trained before the recency list existed: the best sellers stand in.
  if (!lists.recent.length) lists.recent = lists.popular;
  return { modelId: model.id, revision: model.revision, lists, families };
}

const emptyLists = (): Lists => ({ bought_together: new Map(), similar: new Map(), neighbours: new Map(), trending: [], popular: [], recent: [] });

/** What a state was built from, so the next refresh reads only what changed. */
interface Loaded {
  catalog: { products: Map<string, CatalogProduct>; syncedAt: number };
  lists: { modelId: string | null; revision: number; lists: Lists; families: Map<string, string> };
  collections: string;
}

const loadedOf = new WeakMap<ServingState, Loaded>();

async function refresh(shopId: string, previous: ServingState | undefined): Promise<ServingState> {
  const current = await fingerprintOf(shopId);
  if (previous && previous.fingerprint === current.fingerprint) {
    previous.checkedAt = Date.now();
    return previous;
  }
  const before = previous ? loadedOf.get(previous) : undefined;
  const { groups, namedCollections } = current;
  const [membership, collectionRows] = await Promise.all([
    // Only shops with a rule by collection read membership.
    namedCollections.length ? collectionsByProduct(shopId) : Promise.resolve(new Map<string, string[]>()),
    collectionSummaries(shopId, namedCollections),
  ]);
  // Membership changed: every product's collections are set again.
  const catalog = await loadCatalog(shopId, before?.collections === current.collections ? before.catalog : undefined, current.catalog, membership);
  const loaded = await loadLists(shopId, before?.lists, current.model);
  const settings = readSettings(current.shop.settings).recommendations;

  const pins = new Map<string, { productId: string; position: number }[]>();
  const excluded = new Map<string, Set<string>>();
  for (const r of current.rules) {
    const anchor = r.anchorShopifyId ?? "*";
    if (r.kind === "pin") pins.set(anchor, [...(pins.get(anchor) ?? []), { productId: r.productShopifyId, position: r.position }]);
    else excluded.set(anchor, (excluded.get(anchor) ?? new Set()).add(r.productShopifyId));
  }

  const state: ServingState = {
    shopId,
    modelVersion: current.model?.version ?? null,
    model: { catalog: catalog.products, lists: loaded.lists, families: loaded.families, params: readModelParams(current.model?.params).serving },
    rules: {
      pins,
      excluded,
      // A row this version cannot read applies nowhere (the rules page lists it, to be removed).
      groups,
      collectionTitles: new Map(collectionRows.map((c) => [c.shopifyId, c.title])),
      settings: {
        maxPerVendor: settings.maxPerVendor,
        maxPerFamily: settings.maxPerFamily,
        minSimilarity: settings.minSimilarity,
        diversity: settings.diversity,
        excludePurchased: settings.excludePurchased,
      },
    },
    experiments: Object.fromEntries(
      current.experiments.map((e) => [e.pageType, { id: e.id, splitB: e.splitB, strategyA: e.strategyA, strategyB: e.strategyB }]),
    ),
    settings,
    moneyFormat: current.shop.moneyFormat,
    fingerprint: current.fingerprint,
    checkedAt: Date.now(),
  };
  loadedOf.set(state, { catalog, lists: loaded, collections: current.collections });
  states.set(shopId, state);
  return state;
}
