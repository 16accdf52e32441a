// Turns a gift-ware item name into what a merchant's catalogue would hold:
// a readable title, a product type, a vendor, tags, stock and a placeholder
// image served by the local Shopify. Shared by the online-retail and the
// generated seeds; every choice is deterministic (a hash of the SKU).

import { handleize, hash32 } from "../text.js";
import type { ProductSeed, ProductStatus } from "../store.js";

const SMALL_WORDS = new Set(["a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]);
const KEEP_UPPER = new Set(["UK", "USA", "LED", "PC", "PCS", "DVD", "CD", "NY", "XL", "XXL", "3D", "DIY", "ABC", "B'DRAW", "LP"]);

/** "WHITE HANGING HEART T-LIGHT HOLDER" -> "White Hanging Heart T-Light Holder". */
export function titleCase(raw: string): string {
  const words = raw.trim().replace(/\s+/g, " ").split(" ");
  return words
    .map((word, i) => {
      if (KEEP_UPPER.has(word.toUpperCase())) return word.toUpperCase();
      const lower = word.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      // Capitalise each part of hyphenated and slashed words: T-Light, S/4.
      return lower.replace(/(^|[-/(])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
    })
    .join(" ");
}

const PRODUCT_TYPES: [RegExp, string][] = [
  [/HOT WATER BOTTLE|CUSHION|THROW|BLANKET|QUILT|DOORMAT/, "Home Textiles"],
  [/CHRISTMAS|XMAS|ADVENT|BAUBLE|SANTA|REINDEER|SNOWFLAKE|NATIVITY|STOCKING/, "Christmas"],
  [/T-LIGHT|TEA LIGHT|TLIGHT|CANDLE|LANTERN|LAMP|LIGHTS|NIGHT LIGHT|CHANDELIER/, "Candles & Lighting"],
  [/\bBAG\b|\bBAGS\b|PURSE|TOTE|SHOPPER|WALLET/, "Bags"],
  [
    /MUG|\bCUP\b|CUPS|SAUCER|TEA SET|TEAPOT|PLATE|BOWL|CUTLERY|SPOON|JUG|BAKING|CAKE|LUNCH BOX|NAPKIN|TEA TOWEL|APRON|OVEN GLOVE|BEAKER|GLASS|TUMBLER|EGG CUP|CHOPSTICK|STRAW|COASTER|PLACEMAT|TRAY|JAR/,
    "Kitchen & Dining",
  ],
  [/CARD|WRAP|RIBBON|GIFT TAG|\bTAGS?\b|ENVELOPE|TISSUE/, "Cards & Wrap"],
  [/NOTEBOOK|PENCIL|\bPEN\b|PENS|ERASER|RUBBER|RULER|STICKER|JOURNAL|MEMO|CALENDAR|DIARY|NOTE ?PAD|STAMP/, "Stationery"],
  [/TOY|DOLL|GAME|PUZZLE|JIGSAW|SKITTLES|DOMINO|PLAYHOUSE|TEDDY|CHILDRENS|KIDS|BABY|SPACEBOY|CRAYON|COLOURING|KNITTING/, "Toys & Kids"],
  [/NECKLACE|BRACELET|EARRING|\bRING\b|HAIR|BROOCH|CLIP|SLIDE|CHARM|BANGLE|JEWEL/, "Jewellery & Accessories"],
  [/UMBRELLA|RAIN|\bHAT\b|SCARF|GLOVES|SOCKS|SLIPPER|PONCHO/, "Fashion"],
  [/GARDEN|PLANT|WATERING|BIRD ?HOUSE|BIRD FEEDER|FLOWER POT|HERB|SEED/, "Garden"],
  [/BOX|STORAGE|BASKET|TRUNK|DRAWER|CABINET|TIDY|CRATE|TIN\b|TINS\b|CASE/, "Storage"],
  [/PARTY|BALLOON|BUNTING|CONFETTI|CONES|GARLAND|PAPER CHAIN/, "Party"],
  [/SIGN|FRAME|CLOCK|MIRROR|HOOK|HANGER|HANGING|ORNAMENT|DECORATION|VASE|WREATH|DOORSTOP|WALL ART|PLAQUE|HOLDER/, "Home Decor"],
];

export function productTypeFor(description: string): string {
  const d = description.toUpperCase();
  for (const [re, type] of PRODUCT_TYPES) if (re.test(d)) return type;
  return "Gifts";
}

const VENDORS: [RegExp, string][] = [
  [/RETROSPOT|POLKADOT|SPOTTY|DOTS?\b/, "Dotty Home Co."],
  [/CHRISTMAS|XMAS|SNOWFLAKE|REINDEER|SANTA/, "Winter Wonder"],
  [/VINTAGE|ANTIQUE|VICTORIAN|REGENCY|BAROQUE|EDWARDIAN/, "Parlour & Co."],
  [/SPACEBOY|DOLLY GIRL|CIRCUS|CHILDRENS|KIDS|ALPHABET/, "Little Ones Ltd"],
  [/SKULL|PIRATE/, "Jolly Roger Goods"],
  [/GARDEN|FLOWER|ROSE|BIRD|BUTTERFLY|BOTANICAL|DAISY/, "Bloom & Bough"],
  [/HEART|LOVE|CUPID/, "Heartfelt Gifts"],
];
const HOUSE_VENDORS = ["Aisle Essentials", "Hearth & Home", "The Gift Loft"];

export function vendorFor(description: string, sku: string): string {
  const d = description.toUpperCase();
  for (const [re, vendor] of VENDORS) if (re.test(d)) return vendor;
  return HOUSE_VENDORS[hash32(sku) % HOUSE_VENDORS.length];
}

const COLOURS = ["red", "pink", "blue", "green", "white", "black", "cream", "ivory", "gold", "silver", "purple", "orange", "yellow", "brown", "grey"];
const MOTIFS: [RegExp, string][] = [
  [/RETROSPOT|POLKADOT|SPOT/, "retrospot"],
  [/VINTAGE|ANTIQUE/, "vintage"],
  [/HEART/, "heart"],
  [/CHRISTMAS|XMAS/, "christmas"],
  [/FLORAL|FLOWER|ROSE|DAISY/, "floral"],
  [/BIRD|OWL/, "birds"],
  [/UNION JACK|UNION FLAG|LONDON|ENGLAND/, "british"],
  [/SET OF|SET\/|\bSET\b/, "set"],
];

export function tagsFor(description: string, productType: string): string[] {
  const d = description.toUpperCase();
  const tags = new Set<string>([handleize(productType)]);
  for (const c of COLOURS) if (new RegExp(`\\b${c.toUpperCase()}\\b`).test(d)) tags.add(c);
  for (const [re, tag] of MOTIFS) if (re.test(d)) tags.add(tag);
  return [...tags];
}

/** The local Shopify serves a generated SVG here (see cdn.ts); Store.load makes it absolute. */
export function placeholderImagePath(handle: string): string {
  return `/cdn/products/${handle}.svg`;
}

/**
 * A catalogue entry from an item name, SKU and price. A few items are out of
 * stock (3%), on sale (8%), drafts or archived (0.5% each); about half have
 * no description, as in a real catalogue that needs content work.
 */
export function catalogProduct(input: { sku: string; description: string; price: string; createdAt?: string; updatedAt?: string }): ProductSeed {
  const title = titleCase(input.description);
  const productType = productTypeFor(input.description);
  const h = hash32(input.sku);
  const h2 = hash32(`${input.sku}#status`);
  const status: ProductStatus = h2 % 200 === 0 ? "DRAFT" : h2 % 200 === 1 ? "ARCHIVED" : "ACTIVE";
  const outOfStock = h % 100 < 3;
  const onSale = (h >>> 8) % 100 < 8;
  const handle = handleize(title);
  return {
    title,
    handle,
    descriptionHtml: (h >>> 16) % 2 === 0 ? `<p>${escapeHtml(title)}, from our ${escapeHtml(productType.toLowerCase())} range.</p>` : "",
    vendor: vendorFor(input.description, input.sku),
    productType,
    status,
    tags: tagsFor(input.description, productType),
    createdAt: input.createdAt,
    updatedAt: input.updatedAt,
    publishedAt: status === "ACTIVE" ? input.createdAt : null,
    variants: [
      {
        sku: input.sku,
        price: input.price,
        compareAtPrice: onSale ? (Math.round(Number(input.price) * 125) / 100).toFixed(2) : null,
        inventoryQuantity: outOfStock ? 0 : 5 + (h % 240),
      },
    ],
    images: [{ url: placeholderImagePath(handle), alt: null }],
  };
}

/** The one gift card of a seeded store (Shopify gift cards are products too). */
export function giftCardProduct(createdAt: string): ProductSeed {
  return {
    title: "Aisle Gift Card",
    handle: "aisle-gift-card",
    descriptionHtml: "<p>A gift card for anything in the shop.</p>",
    vendor: "Aisle Essentials",
    productType: "Gift Card",
    status: "ACTIVE",
    isGiftCard: true,
    tags: ["gift-card"],
    createdAt,
    publishedAt: createdAt,
    variants: [{ sku: "GIFT-CARD-20", price: "20.00", inventoryQuantity: 0 }],
    images: [{ url: placeholderImagePath("aisle-gift-card"), alt: "Aisle gift card" }],
  };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
