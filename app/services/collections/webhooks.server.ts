// collections/create, collections/update and collections/delete
// (docs/decisions/0021-collections.md). The payload is the REST collection
// without its products: the collection is written here, and its products are
// read from the Admin API by a job (app/queues/collections.server.ts).
// Collections hold no personal data.
import { markCollectionDeleted, writeCollections } from "../../models/collections.server";
import type { findShopByDomain } from "../../models/shops.server";
import { enqueueCollectionRefresh } from "../../queues/collections.server";
import { collectionFromWebhook, parseWith, PayloadError, webhookCollectionDeleteSchema } from "../sync/mappers";

type Shop = NonNullable<Awaited<ReturnType<typeof findShopByDomain>>>;

export async function applyCollectionUpdate(shop: Shop | null, payload: unknown): Promise<string> {
  const record = collectionFromWebhook(payload);
  if (!shop) return "unknown shop: nothing held";
  // A webhook body's HMAC does not cover the shop header: an id another shop holds is refused.
  const [outcome] = await writeCollections(shop.id, [record], { refuseHeldElsewhere: true });
  if (outcome === "refused") throw new PayloadError(`refused: collection ${record.shopifyId} belongs to another shop`);
  // Stale too: the job of this version may not have been queued when an earlier attempt failed (the job id dedupes).
  await enqueueCollectionRefresh(shop.id, record.shopifyId, record.shopifyUpdatedAt);
  return outcome === "stale" ? "stale: a newer version is already stored (products refreshed)" : `${outcome} (products refreshed by a job)`;
}

export async function applyCollectionDelete(shop: Shop | null, payload: unknown, deletedAt: Date): Promise<string> {
  const { id } = parseWith(webhookCollectionDeleteSchema, payload, "collection delete payload");
  if (!shop) return "unknown shop: nothing held";
  const outcome = await markCollectionDeleted(shop.id, id, deletedAt);
  if (outcome === "refused") throw new PayloadError(`refused: collection ${id} belongs to another shop`);
  return outcome === "deleted" ? "deleted" : "stale: updated after this deletion";
}
