// Merchant rules by group (collection, tag, vendor, product type, price
// range, stock level) rather than one product at a time: pure, no I/O, so
// any ranking function can apply them after it ranks.
//   "never recommend gift wrap"                 { action: "exclude", target: { field: "tag", value: "gift-wrap" } }
//   "on products of collection X, pin Y"        { action: "pin", when: { field: "collection", value: "X" }, productId: "Y", position: 1 }
//   "only items under the viewed price + 20%"   { action: "price_cap", maxPriceRatio: 1.2 }

export type GroupMatcher = { field: "collection" | "tag" | "vendor" | "productType"; value: string } | { field: "price" | "stock"; min?: number; max?: number };

export type GroupRule =
  | { id: string; action: "exclude"; when?: GroupMatcher | null; target: GroupMatcher }
  | { id: string; action: "pin"; when?: GroupMatcher | null; productId: string; position: number }
  | { id: string; action: "price_cap"; when?: GroupMatcher | null; maxPriceRatio: number };

/** What the rules need to know of a product. */
export interface ProductFacts {
  id: string;
  price: number;
  vendor: string;
  productType: string;
  tags: readonly string[];
  collections: readonly string[];
  /** null when the shop does not track its inventory. */
  stock: number | null;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function matches(m: GroupMatcher, p: ProductFacts): boolean {
  switch (m.field) {
    case "collection":
      return p.collections.some((c) => same(c, m.value));
    case "tag":
      return p.tags.some((t) => same(t, m.value));
    case "vendor":
      return same(p.vendor, m.value);
    case "productType":
      return same(p.productType, m.value);
    case "price":
    case "stock": {
      const v = m.field === "price" ? p.price : p.stock;
      if (v === null) return false;
      return (m.min === undefined || v >= m.min) && (m.max === undefined || v <= m.max);
    }
  }
}

export interface RuledList {
  productIds: string[];
  /** Rules that applied on this page. */
  applied: string[];
  /** Said in the preview instead of an empty block. */
  warning: string | null;
}

/**
 * Applies the shop's group rules to a ranked list for one page: the rules
 * whose `when` holds for the viewed product (or that have none), exclusions
 * and price caps first, then pins at their positions. `ranked` is best first;
 * `facts` has every product the rules may look at.
 */
export function applyGroupRules(
  ranked: readonly string[],
  options: { rules: readonly GroupRule[]; facts: ReadonlyMap<string, ProductFacts>; viewed: ProductFacts | null; limit: number },
): RuledList {
  const { rules, facts, viewed, limit } = options;
  const active = rules.filter((r) => !r.when || (viewed !== null && matches(r.when, viewed)));
  const allowed = (id: string) => {
    const p = facts.get(id);
    if (!p) return false;
    for (const r of active) {
      if (r.action === "exclude" && matches(r.target, p)) return false;
      if (r.action === "price_cap" && viewed && p.price > viewed.price * r.maxPriceRatio) return false;
    }
    return true;
  };
  const kept = ranked.filter((id) => id !== viewed?.id && allowed(id));
  const pins = active
    .flatMap((r) => (r.action === "pin" && r.productId !== viewed?.id && facts.has(r.productId) ? [r] : []))
    .sort((a, b) => a.position - b.position);
  const list = kept.filter((id) => !pins.some((p) => p.productId === id));
  for (const pin of pins) list.splice(Math.min(Math.max(0, pin.position - 1), list.length), 0, pin.productId);
  const productIds = [...new Set(list)].slice(0, limit);
  const removedAll = ranked.length > 0 && kept.length === 0;
  return {
    productIds,
    applied: active.map((r) => r.id),
    warning: removedAll
      ? `The rules on this page leave nothing to recommend: ${active
          .filter((r) => r.action !== "pin")
          .map((r) => r.id)
          .join(", ")} exclude every candidate.`
      : null,
  };
}
