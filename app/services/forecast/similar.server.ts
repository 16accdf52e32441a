// Which products a new variant's product is most like, by the
// recommendations' similarity: the live recommendation model's "similar"
// lists (product text and who bought what, see
// app/services/recommendations/pipeline.ts), and for products the model has
// no list for (most often products added since it was trained) the
// recommendations core's content similarity (TF-IDF of title, type, vendor,
// tags and description) over the catalog being forecast.

import { liveSimilarLists } from "../../models/recommendations.server";
import { trainContent, type ProductText } from "../recommendations/core/content";
import { neighboursOf } from "../recommendations/core/neighbours";

export type SimilaritySource = "recommendations" | "content";

export interface SimilarProducts {
  source: SimilaritySource;
  /** Other products, most similar first, with similarity in (0, 1]. */
  items: [string, number][];
}

const storedItems = (json: string): [string, number][] | null => {
  try {
    const items: unknown = JSON.parse(json);
    if (!Array.isArray(items)) return null;
    return items.filter((e): e is [string, number] => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "number" && e[1] > 0);
  } catch {
    return null;
  }
};

/** The similar products of each product in `wanted`; a product with none is left out. */
export async function similarProducts(
  shopId: string,
  catalog: ReadonlyMap<string, ProductText>,
  wanted: ReadonlySet<string>,
): Promise<Map<string, SimilarProducts>> {
  const out = new Map<string, SimilarProducts>();
  if (!wanted.size) return out;
  for (const row of await liveSimilarLists(shopId, [...wanted])) {
    const items = storedItems(row.items)?.filter(([id]) => id !== row.productShopifyId);
    if (items?.length) out.set(row.productShopifyId, { source: "recommendations", items });
  }
  const missing = [...wanted].filter((id) => !out.has(id) && catalog.has(id));
  if (missing.length && catalog.size > 1) {
    const ids = [...catalog.keys()];
    const content = trainContent(ids.map((id) => catalog.get(id)!));
    const index = new Map(ids.map((id, i) => [id, i]));
    for (const id of missing) {
      const items = neighboursOf(content.lists, index.get(id)!).map((e): [string, number] => [ids[e.item], Math.min(1, e.score)]);
      if (items.length) out.set(id, { source: "content", items });
    }
  }
  return out;
}
