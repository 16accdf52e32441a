// The update job's work: what webhooks brought since the live model's last
// update (new orders, products added or changed), applied to the rows of the
// live model it touches (incremental.ts), so shoppers see it within a minute
// instead of at the next training. docs/decisions/0022-incremental-recommendations.md.

import { listProductTexts, productIdsBySku } from "../../models/catalog.server";
import { listPurchasesByIds } from "../../models/orders.server";
import { getLiveModel, loadListRows, patchLiveModel } from "../../models/recommendations.server";
import { getShop } from "../../models/shops.server";
import { appliedDeliveriesBetween } from "../../models/webhook-deliveries.server";
import type { Logger } from "../../lib/logger.server";
import {
  changedContent,
  contentNeighbours,
  MAX_PRODUCTS_PER_UPDATE,
  patchOrders,
  patchProducts,
  usableBaskets,
  type LiveRows,
  type NewOrder,
  type PatchedRow,
  type Row,
} from "./incremental";
import { readModelParams } from "./model-params";
import type { ListKind } from "./pipeline";
import { buyerKeyOf, catalogItemOf, productOfLine } from "./training.server";

const ORDER_TOPICS = ["orders/create", "orders/updated"];
const PRODUCT_TOPICS = ["products/create", "products/update"];
/** Deliveries one update reads at most (the product cap usually stops it sooner). */
const MAX_DELIVERIES = 2_000;
/** Rows written within this long before the update may still be committing: they wait for the next one. */
const SETTLE_MS = 2_000;

export interface UpdateOutcome {
  written: boolean;
  reason: string;
  orders: number;
  products: number;
  rows: number;
  /** Deliveries left over the caps, for the next update. */
  more: boolean;
}

const idOf = (payload: string): string | null => {
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === "number" || typeof id === "string" ? String(id) : null;
  } catch {
    return null;
  }
};

/**
 * Applies the orders created and the products created or updated by webhooks
 * since the live model's `patchedThrough`, to that model only: if a training
 * goes live (or another update writes) meanwhile, nothing is written and
 * `written` is false (the next update applies it all to the new model).
 */
export async function updateRecommendations(
  shopId: string,
  log: Logger,
  options: { now?: number; settleMs?: number; maxProducts?: number } = {},
): Promise<UpdateOutcome> {
  const maxProducts = options.maxProducts ?? MAX_PRODUCTS_PER_UPDATE;
  const nothing = (reason: string, more = false): UpdateOutcome => ({ written: false, reason, orders: 0, products: 0, rows: 0, more });
  const live = await getLiveModel(shopId);
  if (!live) return nothing("no live model");
  const shop = await getShop(shopId);
  const after = live.patchedThrough ?? live.createdAt;
  const until = new Date((options.now ?? Date.now()) - (options.settleMs ?? SETTLE_MS));
  if (until <= after) return nothing("nothing new");
  const deliveries = await appliedDeliveriesBetween(
    shop.domain,
    { topics: [...ORDER_TOPICS, ...PRODUCT_TOPICS], outcomes: ["created", "updated"] },
    after,
    until,
    MAX_DELIVERIES,
  );
  // Orders count when first written (an update of an order training or an update already counted adds nothing).
  const orderIds: string[] = [];
  const productIds: string[] = [];
  for (const d of deliveries) {
    const id = idOf(d.payload);
    if (!id) continue;
    if (ORDER_TOPICS.includes(d.topic)) {
      if (d.outcome === "created") orderIds.push(id);
    } else productIds.push(id);
  }
  if (!orderIds.length && !productIds.length) {
    // Only updates of known orders: the log moves on (no new revision), so they are not read again;
    // when the read was full, to the batch before its last (that batch may go on past it).
    const full = deliveries.length === MAX_DELIVERIES;
    const lastAt = deliveries.at(-1)?.processedAt;
    const through = full ? ([...deliveries].reverse().find((d) => +d.processedAt! < +lastAt!)?.processedAt ?? lastAt!) : until;
    if (deliveries.length) await patchLiveModel(shopId, { id: live.id, revision: live.revision }, through, []);
    return nothing("nothing new", full);
  }

  const [facts, skuIndex, purchases] = await Promise.all([listProductTexts(shopId), productIdsBySku(shopId), listPurchasesByIds(shopId, orderIds)]);
  const catalog = facts.map(catalogItemOf);
  const known = new Set(catalog.map((c) => c.id));
  const purchaseById = new Map(purchases.map((p) => [p.shopifyId, p]));

  // What the model knows of each product's content, and its basket counts.
  const stored = await loadListRows(shopId, live.id, [
    { kind: "content_keys", productShopifyIds: ["*"] },
    { kind: "basket_counts", productShopifyIds: ["*"] },
  ]);
  const shopRow = (kind: ListKind) => JSON.parse(stored.find((r) => r.kind === kind)?.items ?? "[]") as Row;
  const contentKeys = new Map(shopRow("content_keys"));
  const orders: NewOrder[] = [];
  const touched = new Set<string>();
  const changedProducts: string[] = [];
  // Deliveries in the order they were applied, until the products they touch reach the cap;
  // the rest stay after `patchedThrough` for the next update. They are taken a batch at a
  // time (one batch's share its processedAt), so the log's position always falls between
  // batches and a later update resumes there.
  const batches: (typeof deliveries)[] = [];
  for (const d of deliveries) {
    const last = batches.at(-1);
    if (last && +last[0].processedAt! === +d.processedAt!) last.push(d);
    else batches.push([d]);
  }
  let more = false;
  if (deliveries.length === MAX_DELIVERIES && batches.length > 1) {
    batches.pop();
    more = true;
  }
  let patchedThrough = more ? batches.at(-1)![0].processedAt! : until;
  for (const [n, batch] of batches.entries()) {
    const batchOrders: NewOrder[] = [];
    const batchProducts = new Set<string>();
    const batchChanged: string[] = [];
    for (const d of batch) {
      const id = idOf(d.payload);
      if (!id) continue;
      if (ORDER_TOPICS.includes(d.topic)) {
        const p = d.outcome === "created" ? purchaseById.get(id) : undefined;
        if (!p) continue;
        const lines = p.lines.map((l) => productOfLine(l, skuIndex, known)).filter((x): x is string => x !== undefined);
        if (!lines.length) continue;
        batchOrders.push({ buyerKey: buyerKeyOf(p), productIds: lines, at: p.processedAt.getTime() });
        if (new Set(lines).size <= 100) for (const x of lines) batchProducts.add(x);
      } else {
        for (const x of changedContent(catalog, [id], contentKeys)) {
          batchProducts.add(x);
          batchChanged.push(x);
        }
      }
    }
    const adds = [...batchProducts].filter((x) => !touched.has(x)).length;
    if (touched.size > 0 && touched.size + adds > maxProducts) {
      patchedThrough = batches[n - 1][0].processedAt!;
      more = true;
      break;
    }
    for (const x of batchProducts) touched.add(x);
    orders.push(...batchOrders);
    changedProducts.push(...batchChanged);
  }
  if (more) log.info({ products: touched.size, cap: maxProducts }, "recommendations update capped; the rest follows in the next update");
  const targets = [...new Set(changedProducts)];
  const orderProducts = [...new Set(usableBaskets(orders).flat())];

  const neighbours = contentNeighbours(catalog, targets);
  const neighbourIds = [...new Set([...neighbours.values()].flatMap((row) => row.map(([j]) => j)))];
  const rows = await loadListRows(shopId, live.id, [
    { kind: "trend_counts", productShopifyIds: ["*"] },
    { kind: "trend_baseline", productShopifyIds: ["*"] },
    { kind: "families", productShopifyIds: ["*"] },
    { kind: "recent", productShopifyIds: ["*"] },
    { kind: "trending", productShopifyIds: ["*"] },
    { kind: "pair_counts", productShopifyIds: orderProducts },
    { kind: "bought_together", productShopifyIds: [...orderProducts, ...targets, ...neighbourIds] },
    { kind: "similar", productShopifyIds: [...targets, ...neighbourIds] },
  ]);
  const perProduct = (kind: ListKind) => new Map(rows.filter((r) => r.kind === kind).map((r) => [r.productShopifyId, JSON.parse(r.items) as Row]));
  const shopWide = (kind: ListKind) => JSON.parse(rows.find((r) => r.kind === kind && r.productShopifyId === "*")?.items ?? "[]") as Row;
  const params = readModelParams(live.params);
  const liveRows: LiveRows = {
    basketCounts: new Map(shopRow("basket_counts")),
    pairCounts: new Map([...perProduct("pair_counts")].map(([id, r]) => [id, new Map(r)])),
    boughtTogether: perProduct("bought_together"),
    similar: perProduct("similar"),
    trendCounts: new Map(shopWide("trend_counts")),
    trendBaseline: new Map(shopWide("trend_baseline")),
    contentKeys,
    families: new Map(shopWide("families")),
    recent: shopWide("recent"),
    trending: shopWide("trending"),
    listsAt: params.listsAt ?? live.createdAt.getTime(),
    recentHalfLifeDays: params.chosen.recentHalfLifeDays,
  };
  // Products first: a new product bought once borrows a bought-together list, which its own evidence replaces once it has some.
  const patched = new Map<string, PatchedRow>();
  for (const r of [...patchProducts(catalog, targets, neighbours, liveRows), ...patchOrders(orders, liveRows).rows]) {
    patched.set(`${r.kind}\u0001${r.productShopifyId}`, r);
  }
  const written = await patchLiveModel(shopId, { id: live.id, revision: live.revision }, patchedThrough, [...patched.values()]);
  const outcome = { orders: orders.length, products: targets.length, rows: patched.size, more };
  if (!written) {
    log.info({ version: live.version, ...outcome }, "recommendations update not written: the live model changed meanwhile");
    return { written: false, reason: "the live model changed meanwhile", ...outcome };
  }
  log.info({ version: live.version, revision: live.revision + 1, ...outcome }, "recommendations updated");
  return { written: true, reason: "updated", ...outcome };
}
