import { catalogFingerprint, loadSellableFacts } from "../../models/catalog.server";
import { collectionsByProduct, collectionsFingerprint, collectionSummaries } from "../../models/collections.server";
import { getLiveModel, listGroupRules, listRules, listRunningExperiments, loadModelLists } from "../../models/recommendations.server";
import { getShop } from "../../models/shops.server";
import { readSettings, type ShopSettings } from "../settings.server";
import { collectionsNamed, readGroupRule, type GroupRule } from "./group-rules";
import { readModelParams } from "./model-params";
import type { CatalogProduct, RankedList, RankModel, RankRules } from "./serve";

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

async function fingerprintOf(shopId: string) {
  const [catalog, model, rules, groupRules, experiments, shop] = await Promise.all([
    catalogFingerprint(shopId),
    getLiveModel(shopId),
    listRules(shopId),
    listGroupRules(shopId),
    listRunningExperiments(shopId),
    getShop(shopId),
  ]);
  const groups = groupRules.map(readGroupRule).filter((r): r is GroupRule => r !== null);
  const namedCollections = [...new Set(groups.flatMap(collectionsNamed))];
  // Membership decides rules by collection: where a rule names one, a change applies at the
  // next check; other shops neither read it nor reload on it.
  const collections = namedCollections.length ? await collectionsFingerprint(shopId) : "-";
  const fingerprint = [
    catalog,
    collections,
    // An update between trainings bumps the revision: its lists are reloaded.
    model ? `${model.id}:${model.revision}` : "-",
    rules.map((r) => r.id + r.position).join(","),
    groupRules.map((r) => r.id).join(","),
    experiments.map((e) => e.id).join(",") || "-",
    shop.settings,
    shop.moneyFormat,
  ].join("|");
  return { fingerprint, model, rules, groups, namedCollections, experiments, shop };
}

async function refresh(shopId: string, previous: ServingState | undefined): Promise<ServingState> {
  const current = await fingerprintOf(shopId);
  if (previous && previous.fingerprint === current.fingerprint) {
    previous.checkedAt = Date.now();
    return previous;
  }
  const { groups, namedCollections } = current;
  const [products, rows, membership, collectionRows] = await Promise.all([
    loadSellableFacts(shopId),
    current.model ? loadModelLists(shopId, current.model.id) : Promise.resolve([]),
    // Only shops with a rule by collection read membership.
    namedCollections.length ? collectionsByProduct(shopId) : Promise.resolve(new Map<string, string[]>()),
    collectionSummaries(shopId, namedCollections),
  ]);

  const catalog = new Map<string, CatalogProduct>();
  for (const p of products) {
    const variant = p.variants.find((v) => v.availableForSale && (!p.tracksInventory || v.inventoryQuantity > 0)) ?? p.variants[0];
    const inStock = !p.tracksInventory || p.totalInventory > 0;
    catalog.set(p.shopifyId, {
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
      imageAlt: p.media[0]?.altText ?? p.title,
      tags: readTags(p.tags),
      stock: p.tracksInventory ? p.totalInventory : null,
      collections: membership.get(p.shopifyId) ?? [],
    });
  }

  const lists: RankModel["lists"] = { bought_together: new Map(), similar: new Map(), neighbours: new Map(), trending: [], popular: [], recent: [] };
  const families = new Map<string, string>();
  for (const l of rows) {
    const items = JSON.parse(l.items) as [string, number][];
    if (l.kind === "trending" || l.kind === "popular" || l.kind === "recent") lists[l.kind] = items;
    else if (l.kind === "families") for (const [productId, family] of items) families.set(productId, String(family));
    else if (l.kind === "bought_together" || l.kind === "similar" || l.kind === "neighbours")
      (lists[l.kind] as Map<string, RankedList>).set(l.productShopifyId, items);
  }
  // Models trained before the recency list existed: the best sellers stand in.
  if (!lists.recent.length) lists.recent = lists.popular;
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
    model: { catalog, lists, families, params: readModelParams(current.model?.params).serving },
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
  states.set(shopId, state);
  return state;
}
