import { listProductTexts, productIdsBySku } from "../../models/catalog.server";
import { purchasePages } from "../../models/orders.server";
import {
  createModelVersion,
  failModelVersion,
  finishModelVersion,
  getLiveModel,
  nextModelVersion,
  pruneOldLists,
  upsertComplementarySuggestions,
} from "../../models/recommendations.server";
import { behaviourPages } from "../../models/storefront-events.server";
import { getShop } from "../../models/shops.server";
import { readSettings } from "../settings.server";
import { readModelParams, writeModelParams } from "./model-params";
import type { RankRules } from "./serve";
import { errorMessage } from "../../lib/errors.server";
import type { Logger } from "../../lib/logger.server";
import type { ProductOptionRecord } from "../../models/records";
import { createHash } from "node:crypto";
import { EventLog } from "./core/event-log";
import { stripHtml } from "./core/text";
import {
  complementarySuggestions,
  precomputeLists,
  shouldPromote,
  trainRecommendationModel,
  type CatalogItem,
  type Evaluation,
  type TrainingInput,
} from "./pipeline";

/** How much each storefront signal says about taste, next to a purchase (1). */
export const EVENT_WEIGHTS = { add_to_cart: 0.3, click: 0.15, view: 0.1 } as const;
const BEHAVIOUR_WINDOW_DAYS = 90;

/** A product as training reads it. */
export function catalogItemOf(p: {
  shopifyId: string;
  title: string;
  productType: string;
  vendor: string;
  tags: string;
  descriptionHtml: string;
  handle: string;
  options: string;
}): CatalogItem {
  return {
    id: p.shopifyId,
    text: { title: p.title, productType: p.productType, vendor: p.vendor, tags: JSON.parse(p.tags) as string[], description: stripHtml(p.descriptionHtml) },
    groups: p.productType ? [p.productType] : [],
    handle: p.handle,
    optionValues: (JSON.parse(p.options) as ProductOptionRecord[]).flatMap((o) => o.values),
  };
}

/** Who bought: the customer, or the order itself for a guest (a guest's order still says which products go together). */
export function buyerKeyOf(order: { shopifyId: string; customer: { shopifyId: string } | null }): string {
  return order.customer ? `c:${order.customer.shopifyId}` : `o:${order.shopifyId}`;
}

/** The catalog product of an order line (by product id, else by SKU), if it is one training knows. */
export function productOfLine(
  line: { productShopifyId: string | null; sku: string | null; quantity: number },
  skuIndex: ReadonlyMap<string, string>,
  known: ReadonlySet<string>,
): string | undefined {
  const itemKey = line.productShopifyId ?? (line.sku ? skuIndex.get(line.sku.trim().toUpperCase()) : undefined);
  return itemKey && known.has(itemKey) && line.quantity > 0 ? itemKey : undefined;
}

/**
 * A shop's purchases (synced and imported) and recent storefront behaviour,
 * as model input: read a page at a time into an event log, so that what the
 * job holds is the log's columns, never every order as objects.
 */
export async function loadTrainingInput(shopId: string): Promise<TrainingInput> {
  const [products, skuIndex] = await Promise.all([listProductTexts(shopId), productIdsBySku(shopId)]);
  const catalog = products.map(catalogItemOf);
  const known = new Set(catalog.map((c) => c.id));
  const events = new EventLog({ items: catalog.map((c) => c.id) });
  for await (const orders of purchasePages(shopId)) {
    for (const order of orders) {
      const userKey = buyerKeyOf(order);
      for (const line of order.lines) {
        const itemKey = productOfLine(line, skuIndex, known);
        if (itemKey) events.add({ userKey, itemKey, timestamp: order.processedAt.getTime(), basketKey: order.shopifyId });
      }
    }
  }
  for await (const behaviour of behaviourPages(shopId, new Date(Date.now() - BEHAVIOUR_WINDOW_DAYS * 86_400_000))) {
    for (const e of behaviour) {
      if (!known.has(e.productShopifyId)) continue;
      events.add({
        userKey: e.customerShopifyId ? `c:${e.customerShopifyId}` : `v:${e.visitorId}`,
        itemKey: e.productShopifyId,
        timestamp: e.occurredAt.getTime(),
        weight: EVENT_WEIGHTS[e.type as keyof typeof EVENT_WEIGHTS] ?? 0.1,
      });
    }
  }
  return { catalog, events };
}

/**
 * A hash of everything training reads: the catalog's text and every event.
 * Behaviour events older than the window drop out as time passes, so the
 * same database can give a new fingerprint a day later, and that is right.
 */
export function inputFingerprint(input: TrainingInput): string {
  const hash = createHash("sha256");
  for (const c of input.catalog) {
    // Option values only when there are some: a catalog without options hashes as it did before they were read.
    const options = c.optionValues?.length ? `\u0001${c.optionValues.join("\u0003")}` : "";
    hash.update(`${c.id}\u0001${JSON.stringify(c.text)}\u0001${c.handle ?? ""}\u0001${c.groups.join(",")}${options}\u0002`);
  }
  const log = input.events;
  const { user, item, time, weight, basket } = log.columns();
  for (let e = 0; e < time.length; e++) {
    // Weights are held as 32-bit floats: 7 digits give back the value as read (0.3, not 0.30000001192092896).
    const w = Number(weight[e].toPrecision(7));
    const b = basket[e] >= 0 ? log.baskets.keys[basket[e]] : "";
    hash.update(`${log.users.keys[user[e]]}\u0001${log.items.keys[item[e]]}\u0001${time[e]}\u0001${w}\u0001${b}\u0002`);
  }
  return hash.digest("hex");
}

/** The shop's block settings as the ranking function reads them, so the evaluation scores what shoppers get. */
function rulesFor(settingsJson: string): RankRules {
  const s = readSettings(settingsJson).recommendations;
  return {
    pins: new Map(),
    excluded: new Map(),
    groups: [],
    settings: { maxPerVendor: s.maxPerVendor, maxPerFamily: s.maxPerFamily, minSimilarity: s.minSimilarity, diversity: s.diversity, excludePurchased: true },
  };
}

/**
 * Trains a new model version for a shop: chooses its parameters on a
 * validation split, evaluates them on held-out recent purchases next to
 * popularity baselines, stores lists, metrics and the chosen parameters, and
 * makes it live only if it is not worse than the live one. With
 * `skipIfUnchanged`, a shop whose catalog and events are exactly what the
 * live model was trained on is not trained again.
 */
export async function trainRecommendations(shopId: string, log: Logger, options: { skipIfUnchanged?: boolean } = {}) {
  // Updates between trainings apply what was written after this (update.server.ts).
  const inputReadAt = new Date();
  const [input, live, shop] = await Promise.all([loadTrainingInput(shopId), getLiveModel(shopId), getShop(shopId)]);
  const fingerprint = inputFingerprint(input);
  if (options.skipIfUnchanged && live && readModelParams(live.params).inputFingerprint === fingerprint) {
    log.info({ version: live.version }, "recommendations unchanged since the live model; training skipped");
    return { version: live.version, promoted: false, skipped: true as const, reason: "nothing changed since the live model", evaluation: null };
  }
  const version = await nextModelVersion(shopId);
  const record = await createModelVersion(shopId, version, JSON.stringify({ model: "hybrid" }), inputReadAt);
  let trained: Awaited<ReturnType<typeof trainRecommendationModel>>;
  let decision: { promote: boolean; reason: string };
  try {
    trained = await trainRecommendationModel(input, rulesFor(shop.settings));
    const liveEvaluation = live ? ((JSON.parse(live.metrics) as { evaluation?: Evaluation | null }).evaluation ?? null) : null;
    decision = shouldPromote(trained.evaluation, live ? liveEvaluation : null);
    const lists = precomputeLists(trained);
    const { chosen, ...tuning } = trained.tuning;
    await finishModelVersion(shopId, record.id, {
      lists,
      metrics: JSON.stringify({ evaluation: trained.evaluation, timings: trained.lists.timings }),
      params: writeModelParams({ chosen, tuning, inputFingerprint: fingerprint, listsAt: trained.lists.counts.listsAt }),
      items: trained.data.nItems,
      interactions: trained.data.nEvents,
      trainingSeconds: trained.seconds,
      promote: decision.promote,
      reason: decision.reason,
    });
  } catch (error) {
    await failModelVersion(shopId, record.id, errorMessage(error));
    throw error;
  }
  // The version is live (or rejected) from here on. Suggestions and pruning
  // are housekeeping: if they fail, the next training does them, and the new
  // version stays live instead of being failed with no live model left.
  if (decision.promote) {
    try {
      await upsertComplementarySuggestions(shopId, complementarySuggestions(trained));
      await pruneOldLists(shopId);
    } catch (error) {
      log.warn({ err: error, version }, "model is live; updating complementary suggestions or pruning old lists failed");
    }
  }
  log.info(
    {
      version,
      promoted: decision.promote,
      reason: decision.reason,
      seconds: trained.seconds,
      tuning: trained.tuning.status,
      evaluation: trained.evaluation?.shipped,
    },
    "recommendations trained",
  );
  return { version, promoted: decision.promote, skipped: false as const, reason: decision.reason, evaluation: trained.evaluation, params: trained.tuning };
}
