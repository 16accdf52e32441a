// Where a recommendation was shown, carried in the request id the app proxy
// hands out ("rpr_…": page p(roduct), block r(ecommendations); b(undle) for
// "Often bought together", c(art) for the cart recommendations block), so a
// click or add to cart names its page type and block with nothing more to store.

export type PageType = "product" | "cart" | "home";
export const BLOCK_KINDS = ["recommendations", "bundle", "cart"] as const;
export type BlockKind = (typeof BLOCK_KINDS)[number];

const PAGE_CODES: Record<PageType, string> = { product: "p", cart: "c", home: "h" };
const BLOCK_CODES: Record<BlockKind, string> = { recommendations: "r", bundle: "b", cart: "c" };
const PAGES = Object.fromEntries(Object.entries(PAGE_CODES).map(([k, v]) => [v, k])) as Record<string, PageType>;
const BLOCKS = Object.fromEntries(Object.entries(BLOCK_CODES).map(([k, v]) => [v, k])) as Record<string, BlockKind>;

/** The prefix of a request id for a block on a page type: "rpr". */
export function requestIdPrefix(pageType: PageType, block: BlockKind = "recommendations"): string {
  return `r${PAGE_CODES[pageType]}${BLOCK_CODES[block]}`;
}

/** The page type and block a request id names; "unknown" for ids from before placements were coded, or made up. */
export function placementOf(requestId: string | null | undefined): { pageType: PageType | "unknown"; block: BlockKind | "unknown" } {
  const m = requestId ? /^r([a-z])([a-z])_/.exec(requestId) : null;
  return { pageType: (m && PAGES[m[1]]) || "unknown", block: (m && BLOCKS[m[2]]) || "unknown" };
}
