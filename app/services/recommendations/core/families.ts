// Product families: the same item in other colours, sizes or pack counts,
// published as separate products ("Teacup, pink" / "Teacup, green"). A block
// shows at most a few of a family, so one item cannot fill it.
//
// Two products are one family when, after dropping colour, size, pack-count
// and measurement words from the title (or, without a title, the handle),
// the same words are left in the same product type. A title with nothing
// left (just "Red") or a single short word has no family: there is not
// enough to call it a variant of something else.
//
// The English word list misses other languages ("Teetasse Rosa"), so each
// product's own option values ("Farbe: Rosa") are dropped from its title
// too. Only its own: a shop-wide list of option values would drop "Hoodie"
// and "T-Shirt" from every title once one product had a Style option with
// those values, and "Owl Hoodie" would join "Owl T-Shirt".

import { tokenize } from "./text";

const COLOURS =
  "red blue green yellow pink purple black white grey gray orange brown beige cream ivory navy teal turquoise gold golden silver bronze " +
  "copper khaki olive maroon burgundy lilac lavender mint coral aqua charcoal tan natural multi multicolour multicolor clear pastel " +
  "light dark sky lime peach mustard violet magenta cyan indigo blush sage rust sand stone nude fuchsia emerald ruby cobalt " +
  "rouge bleu vert noir blanc gris jaune rose";
const SIZES = "xxs xs xl xxl xxxl 2xl 3xl small medium large mini jumbo big tiny petite plus regular tall size extra giant king queen single double";
const PACKS = "pack set pc pcs piece pieces box of x pair pairs assorted";

const VARIANT_WORDS = new Set(`${COLOURS} ${SIZES} ${PACKS}`.split(" ").flatMap((w) => [w, ...tokenize(w)]));
// Single letters (S, M, L) are dropped by the tokenizer already.
const MEASURE = /^\d+([a-z]{0,3})?$|^\d+x\d+/;

export interface FamilyInput {
  title: string;
  handle?: string;
  productType?: string;
  /** The product's own option values ("Rosa" of "Farbe: Rosa"), in any language. */
  optionValues?: readonly string[];
}

/** The words that name the item, without its variant words; "" when too little is left. */
export function familyKey(product: FamilyInput): string {
  const source = product.title.trim() || (product.handle ?? "").replace(/-/g, " ");
  const own = new Set((product.optionValues ?? []).flatMap((v) => tokenize(v)));
  const words = tokenize(source).filter((w) => !VARIANT_WORDS.has(w) && !own.has(w) && !MEASURE.test(w));
  if (words.length === 0 || (words.length === 1 && words[0].length < 4)) return "";
  return `${(product.productType ?? "").trim().toLowerCase()}|${words.join(" ")}`;
}

/**
 * Family of each product (index-aligned), or undefined for products alone
 * in theirs. Family ids are the index of the family's first member.
 */
export function productFamilies(products: readonly FamilyInput[]): (number | undefined)[] {
  const first = new Map<string, number>();
  const size = new Map<string, number>();
  const keys = products.map((p) => familyKey(p));
  keys.forEach((k, i) => {
    if (!k) return;
    if (!first.has(k)) first.set(k, i);
    size.set(k, (size.get(k) ?? 0) + 1);
  });
  return keys.map((k) => (k && size.get(k)! > 1 ? first.get(k) : undefined));
}
