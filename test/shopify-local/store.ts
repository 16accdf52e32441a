// The in-memory data of one local shop: products (with variants, media and
// metafields), orders (with line items) and customers.
//
// Records are plain objects that carry `__typename` so that the GraphQL layer
// can hand them out through interfaces (Node, Media, File) unchanged; the
// resolvers in graphql/resolvers derive everything else (gids, money bags,
// totals) from them. Readers (tests, the storefront) should treat records as
// read-only and change data through the methods below (or LocalShop's, which
// also emit webhooks), so that indexes and timestamps stay right.

import { Inventory } from "./inventory.js";
import { handleize } from "./text.js";
import { fromCents, normalizeAmount, toCents } from "./money.js";
import { isoSeconds, toIsoSeconds } from "./time.js";

/** UNLISTED (2025-10 on): sold through its own URL, kept out of lists. */
export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";
export type FinancialStatus = "PENDING" | "AUTHORIZED" | "PARTIALLY_PAID" | "PARTIALLY_REFUNDED" | "VOIDED" | "PAID" | "REFUNDED" | "EXPIRED";
export type FulfillmentStatus = "FULFILLED" | "UNFULFILLED" | "PARTIALLY_FULFILLED";

export interface VariantRecord {
  readonly __typename: "ProductVariant";
  readonly id: number;
  readonly productId: number;
  title: string;
  /** The variant's value of each of its product's options, in their order (REST's option1..option3). */
  selectedOptions: string[];
  sku: string | null;
  barcode: string | null;
  price: string;
  compareAtPrice: string | null;
  inventoryQuantity: number;
  inventoryPolicy: "DENY" | "CONTINUE";
  position: number;
  taxable: boolean;
  readonly createdAt: string;
  updatedAt: string;
}

export interface MediaRecord {
  readonly __typename: "MediaImage";
  readonly id: number;
  readonly productId: number;
  alt: string | null;
  url: string;
  width: number;
  height: number;
  position: number;
  readonly createdAt: string;
  updatedAt: string;
}

/** A URL redirect of the online store (Shopify's UrlRedirect): `path` answers with a redirect to `target`. */
export interface UrlRedirectRecord {
  readonly __typename: "UrlRedirect";
  readonly id: number;
  readonly path: string;
  target: string;
}

export interface MetafieldRecord {
  readonly __typename: "Metafield";
  readonly id: number;
  readonly ownerId: number;
  readonly ownerType: "PRODUCT";
  readonly namespace: string;
  readonly key: string;
  type: string;
  value: string;
  readonly createdAt: string;
  updatedAt: string;
}

/**
 * A product option ("Colour": Red, Pink) and its values in their order.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/objects/ProductOption
 */
export interface ProductOptionRecord {
  name: string;
  values: string[];
}

/** Shopify's option for a product without options of its own. */
const DEFAULT_OPTION = { name: "Title", value: "Default Title" } as const;

export interface ProductRecord {
  readonly __typename: "Product";
  readonly id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  /** Its options in their order (position = index + 1); a product without options of its own has Shopify's "Title" placeholder. */
  options: ProductOptionRecord[];
  seo: { title: string | null; description: string | null };
  isGiftCard: boolean;
  templateSuffix: string | null;
  readonly createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  variants: VariantRecord[];
  media: MediaRecord[];
  metafields: MetafieldRecord[];
}

/**
 * A smart collection's condition. The local Shopify models the text columns
 * (tag, vendor, product type); Shopify compares them without regard to case.
 * https://shopify.dev/docs/api/admin-graphql/2026-07/objects/CollectionRule
 */
export interface CollectionRuleRecord {
  column: "TAG" | "VENDOR" | "TYPE";
  relation: "EQUALS" | "NOT_EQUALS" | "CONTAINS" | "NOT_CONTAINS" | "STARTS_WITH" | "ENDS_WITH";
  condition: string;
}

/**
 * A collection: custom (its products listed one by one, `productIds`) or
 * smart (`ruleSet`: products join and leave as their tags, vendor or type
 * change). https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Collection
 */
export interface CollectionRecord {
  readonly __typename: "Collection";
  readonly id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  templateSuffix: string | null;
  sortOrder: "MANUAL" | "BEST_SELLING" | "ALPHA_ASC" | "ALPHA_DESC" | "PRICE_DESC" | "PRICE_ASC" | "CREATED" | "CREATED_DESC";
  ruleSet: { appliedDisjunctively: boolean; rules: CollectionRuleRecord[] } | null;
  /** A custom collection's products, in the merchant's order (ignored for a smart one). */
  productIds: number[];
  readonly createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface LineItemRecord {
  readonly __typename: "LineItem";
  readonly id: number;
  readonly orderId: number;
  productId: number | null;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  /** Unit price. */
  price: string;
}

export interface OrderRecord {
  readonly __typename: "Order";
  readonly id: number;
  name: string;
  readonly createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  currencyCode: string;
  financialStatus: FinancialStatus;
  fulfillmentStatus: FulfillmentStatus;
  customerId: number | null;
  tags: string[];
  note: string | null;
  /** The cart's attributes at checkout (webhook `note_attributes`, GraphQL `customAttributes`). */
  customAttributes: { key: string; value: string }[];
  lineItems: LineItemRecord[];
}

export interface CustomerRecord {
  readonly __typename: "Customer";
  readonly id: number;
  readonly createdAt: string;
  updatedAt: string;
  /** No personal data is kept: names, email and phone are always null. */
  numberOfOrders: number;
  amountSpentCents: number;
  lastOrderId: number | null;
  tags: string[];
}

export interface ShopSettings {
  id: number;
  name: string;
  domain: string;
  email: string;
  currencyCode: string;
  moneyFormat: string;
  moneyWithCurrencyFormat: string;
  ianaTimezone: string;
  timezoneAbbreviation: string;
  timezoneOffset: string;
  weightUnit: "KILOGRAMS" | "GRAMS" | "POUNDS" | "OUNCES";
  planDisplayName: string;
  createdAt: string;
}

// ---------------------------------------------------------------------------
// Seed shapes: what seeds and tests hand to Store.load / createProduct /
// createOrder. Ids are optional (allocated when absent); orders point at
// products by SKU and at customers by their key.

export interface VariantSeed {
  id?: number;
  /** Without one: its option values joined by " / ", as Shopify names variants. */
  title?: string;
  /** Its value of each product option, in order; without them, the variant's position picks each option's value. */
  options?: string[];
  sku?: string | null;
  barcode?: string | null;
  price: string | number;
  compareAtPrice?: string | number | null;
  inventoryQuantity?: number;
  inventoryPolicy?: "DENY" | "CONTINUE";
}

export interface ImageSeed {
  id?: number;
  /** Absolute, or a path on the local Shopify (`/cdn/...`), made absolute on load. */
  url: string;
  alt?: string | null;
  width?: number;
  height?: number;
}

export interface MetafieldSeed {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface ProductSeed {
  id?: number;
  title: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  status?: ProductStatus;
  tags?: string[];
  /** Without options: Shopify's "Title" option, its values the variants' titles. */
  options?: ProductOptionRecord[];
  seo?: { title?: string | null; description?: string | null };
  isGiftCard?: boolean;
  templateSuffix?: string | null;
  createdAt?: string;
  updatedAt?: string;
  publishedAt?: string | null;
  variants?: VariantSeed[];
  images?: ImageSeed[];
  metafields?: MetafieldSeed[];
}

export interface CustomerSeed {
  id?: number;
  /** How orders refer to this customer (defaults to String(id)). */
  key?: string;
  createdAt?: string;
  tags?: string[];
}

export interface LineItemSeed {
  /** Resolved to the product variant with this SKU, if there is one. */
  sku?: string | null;
  variantId?: number;
  title?: string;
  quantity: number;
  /** Unit price; defaults to the variant's price. */
  price?: string | number;
}

export interface OrderSeed {
  id?: number;
  name?: string;
  processedAt: string;
  createdAt?: string;
  updatedAt?: string;
  cancelledAt?: string | null;
  cancelReason?: string | null;
  currencyCode?: string;
  financialStatus?: FinancialStatus;
  fulfillmentStatus?: FulfillmentStatus;
  /** A customer's key (CustomerSeed.key) or numeric id; null for a guest checkout. */
  customer?: string | number | null;
  tags?: string[];
  note?: string | null;
  /** The cart's attributes, carried into the order as on Shopify. */
  customAttributes?: { key: string; value: string }[];
  lineItems: LineItemSeed[];
}

/** A collection: `rules` make it smart; otherwise its products are named by SKU (or id). */
export interface CollectionSeed {
  id?: number;
  title: string;
  handle?: string;
  descriptionHtml?: string;
  rules?: CollectionRuleRecord[];
  appliedDisjunctively?: boolean;
  productSkus?: string[];
  productIds?: number[];
  updatedAt?: string;
}

export interface CollectionPatch {
  title?: string;
  handle?: string;
  descriptionHtml?: string;
  rules?: CollectionRuleRecord[];
  appliedDisjunctively?: boolean;
  /** A custom collection's products, replacing the list. */
  productIds?: number[];
}

export interface StoreData {
  shop?: Partial<Omit<ShopSettings, "domain">>;
  products: ProductSeed[];
  /** Loaded after the products (custom collections name products by SKU). */
  collections?: CollectionSeed[];
  customers?: CustomerSeed[];
  orders?: OrderSeed[];
}

export interface ProductPatch {
  title?: string;
  handle?: string;
  descriptionHtml?: string;
  vendor?: string;
  productType?: string;
  status?: ProductStatus;
  tags?: string[];
  seo?: { title?: string | null; description?: string | null };
  templateSuffix?: string | null;
  /** With a new handle: redirect the old product URL to the new one (productUpdate's `redirectNewHandle`). */
  redirectNewHandle?: boolean;
}

export interface OrderPatch {
  cancelledAt?: string | null;
  cancelReason?: string | null;
  financialStatus?: FinancialStatus;
  fulfillmentStatus?: FulfillmentStatus;
  tags?: string[];
  note?: string | null;
  processedAt?: string;
}

export interface StoreCounts {
  products: number;
  variants: number;
  media: number;
  orders: number;
  lineItems: number;
  customers: number;
}

// Ids look like Shopify's (13-14 digits, well inside Number.MAX_SAFE_INTEGER)
// and each kind has its own range, so a test that mixes them up fails.
const ID_BASE = {
  product: 8_000_000_000_000,
  variant: 45_000_000_000_000,
  media: 30_000_000_000_000,
  metafield: 25_000_000_000_000,
  order: 5_600_000_000_000,
  lineItem: 14_000_000_000_000,
  customer: 7_100_000_000_000,
  inventoryItem: 49_000_000_000_000,
  location: 70_000_000_000,
  urlRedirect: 410_000_000_000,
  collection: 480_000_000_000,
} as const;
type IdKind = keyof typeof ID_BASE;

export interface StoreOptions {
  domain: string;
  /** Makes `/cdn/...` image paths absolute (the local Shopify's origin). */
  assetOrigin?: string;
  now?: () => Date;
}

export class Store {
  readonly settings: ShopSettings;
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly media = new Map<number, MediaRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly customers = new Map<number, CustomerRecord>();
  readonly inventory: Inventory;

  readonly urlRedirects = new Map<number, UrlRedirectRecord>();
  readonly collections = new Map<number, CollectionRecord>();

  private readonly collectionHandles = new Map<string, number>();
  private readonly handles = new Map<string, number>();
  private readonly redirectPaths = new Map<string, number>();
  private readonly skus = new Map<string, VariantRecord>();
  private readonly customerKeys = new Map<string, number>();
  private readonly nextId: Record<IdKind, number>;
  private lineItemIndex: Map<number, LineItemRecord> | null = null;
  private sorted: {
    products?: ProductRecord[];
    orders?: OrderRecord[];
    customers?: CustomerRecord[];
    variants?: VariantRecord[];
    collections?: CollectionRecord[];
  } = {};
  private readonly assetOrigin: string;
  private readonly now: () => Date;

  constructor(options: StoreOptions) {
    this.assetOrigin = options.assetOrigin ?? "";
    // Shopify's ids are global, not per shop: each shop gets its own range,
    // so two local shops (in one test database) never share a product id.
    const range = (hashDomain(options.domain) % 5_000_000) * 20_000_000;
    this.nextId = Object.fromEntries(Object.entries(ID_BASE).map(([kind, base]) => [kind, base + range])) as Record<IdKind, number>;
    this.now = options.now ?? (() => new Date());
    this.inventory = new Inventory(
      (kind) => this.allocate(kind),
      () => this.timestamp(),
    );
    const created = isoSeconds(this.now());
    this.settings = {
      id: 60_000_000 + (hashDomain(options.domain) % 10_000_000),
      name: shopNameFromDomain(options.domain),
      domain: options.domain,
      email: `shop@${options.domain}`,
      currencyCode: "GBP",
      moneyFormat: "£{{amount}}",
      moneyWithCurrencyFormat: "£{{amount}} GBP",
      ianaTimezone: "Europe/London",
      timezoneAbbreviation: "GMT",
      timezoneOffset: "+0000",
      weightUnit: "KILOGRAMS",
      planDisplayName: "Basic",
      createdAt: created,
    };
  }

  /** The current time as Shopify formats it (the injectable clock). */
  timestamp(): string {
    return isoSeconds(this.now());
  }

  // -------------------------------------------------------------------------
  // Loading

  load(data: StoreData): this {
    if (data.shop) Object.assign(this.settings, data.shop);
    for (const p of data.products) this.createProduct(p);
    for (const c of data.collections ?? []) this.createCollection(c);
    for (const c of data.customers ?? []) this.createCustomer(c);
    for (const o of data.orders ?? []) this.createOrder(o);
    return this;
  }

  // -------------------------------------------------------------------------
  // Reads

  product(id: number): ProductRecord | undefined {
    return this.products.get(id);
  }

  productByHandle(handle: string): ProductRecord | undefined {
    const id = this.handles.get(handle);
    return id === undefined ? undefined : this.products.get(id);
  }

  urlRedirect(id: number): UrlRedirectRecord | undefined {
    return this.urlRedirects.get(id);
  }

  urlRedirectByPath(path: string): UrlRedirectRecord | undefined {
    const id = this.redirectPaths.get(path);
    return id === undefined ? undefined : this.urlRedirects.get(id);
  }

  urlRedirectList(): UrlRedirectRecord[] {
    return sortById([...this.urlRedirects.values()]);
  }

  variant(id: number): VariantRecord | undefined {
    return this.variants.get(id);
  }

  variantBySku(sku: string): VariantRecord | undefined {
    return this.skus.get(sku);
  }

  mediaImage(id: number): MediaRecord | undefined {
    return this.media.get(id);
  }

  order(id: number): OrderRecord | undefined {
    return this.orders.get(id);
  }

  customer(id: number): CustomerRecord | undefined {
    return this.customers.get(id);
  }

  /** Built on first use: line items are only looked up one by one through node(id). */
  lineItem(id: number): LineItemRecord | undefined {
    if (!this.lineItemIndex) {
      this.lineItemIndex = new Map();
      for (const o of this.orders.values()) for (const li of o.lineItems) this.lineItemIndex.set(li.id, li);
    }
    return this.lineItemIndex.get(id);
  }

  metafield(id: number): MetafieldRecord | undefined {
    for (const p of this.products.values()) {
      const mf = p.metafields.find((m) => m.id === id);
      if (mf) return mf;
    }
    return undefined;
  }

  /** Products in id order (cached until the next change). */
  productList(): readonly ProductRecord[] {
    return (this.sorted.products ??= sortById([...this.products.values()]));
  }

  variantList(): readonly VariantRecord[] {
    return (this.sorted.variants ??= sortById([...this.variants.values()]));
  }

  orderList(): readonly OrderRecord[] {
    return (this.sorted.orders ??= sortById([...this.orders.values()]));
  }

  customerList(): readonly CustomerRecord[] {
    return (this.sorted.customers ??= sortById([...this.customers.values()]));
  }

  collection(id: number): CollectionRecord | undefined {
    return this.collections.get(id);
  }

  collectionByHandle(handle: string): CollectionRecord | undefined {
    const id = this.collectionHandles.get(handle);
    return id === undefined ? undefined : this.collections.get(id);
  }

  /** Collections in id order (cached until the next change). */
  collectionList(): readonly CollectionRecord[] {
    return (this.sorted.collections ??= sortById([...this.collections.values()]));
  }

  /** Whether a product is in a collection now (a smart collection's rules read the product as it is). */
  inCollection(collection: CollectionRecord, product: ProductRecord): boolean {
    if (!collection.ruleSet) return collection.productIds.includes(product.id);
    const { rules, appliedDisjunctively } = collection.ruleSet;
    if (!rules.length) return false;
    return appliedDisjunctively ? rules.some((r) => ruleHolds(r, product)) : rules.every((r) => ruleHolds(r, product));
  }

  /** A collection's products: a custom one's in the merchant's order, a smart one's by id. */
  collectionProducts(collection: CollectionRecord): ProductRecord[] {
    if (!collection.ruleSet) return collection.productIds.map((id) => this.products.get(id)).filter((p): p is ProductRecord => p !== undefined);
    return this.productList().filter((p) => this.inCollection(collection, p));
  }

  /** The collections a product is in, by id. */
  collectionsOf(product: ProductRecord): CollectionRecord[] {
    return this.collectionList().filter((c) => this.inCollection(c, product));
  }

  counts(): StoreCounts {
    let lineItems = 0;
    for (const o of this.orders.values()) lineItems += o.lineItems.length;
    return {
      products: this.products.size,
      variants: this.variants.size,
      media: this.media.size,
      orders: this.orders.size,
      lineItems,
      customers: this.customers.size,
    };
  }

  orderTotalCents(order: OrderRecord): number {
    let cents = 0;
    for (const li of order.lineItems) cents += toCents(li.price) * li.quantity;
    return cents;
  }

  // -------------------------------------------------------------------------
  // Products

  createProduct(seed: ProductSeed): ProductRecord {
    const now = this.timestamp();
    const id = this.allocate("product", seed.id);
    const createdAt = seed.createdAt ?? now;
    const status = seed.status ?? "ACTIVE";
    const product: ProductRecord = {
      __typename: "Product",
      id,
      title: seed.title,
      handle: this.uniqueHandle(seed.handle || handleize(seed.title) || `product-${id}`),
      descriptionHtml: seed.descriptionHtml ?? "",
      vendor: seed.vendor ?? this.settings.name,
      productType: seed.productType ?? "",
      status,
      tags: normalizeTags(seed.tags ?? []),
      options: [],
      seo: { title: seed.seo?.title ?? null, description: seed.seo?.description ?? null },
      isGiftCard: seed.isGiftCard ?? false,
      templateSuffix: seed.templateSuffix ?? null,
      createdAt,
      updatedAt: seed.updatedAt ?? createdAt,
      publishedAt: seed.publishedAt !== undefined ? seed.publishedAt : status === "ACTIVE" ? createdAt : null,
      variants: [],
      media: [],
      metafields: [],
    };
    const variants: VariantSeed[] = seed.variants?.length ? seed.variants : [{ price: "0.00" }];
    const options = seed.options?.length ? seed.options : null;
    if (options?.some((o) => !o.name.trim() || !o.values.length)) throw new Error(`product "${seed.title}": every option needs a name and a value`);
    const selected = variants.map((v, i) =>
      options ? (v.options ?? options.map((o) => o.values[Math.min(i, o.values.length - 1)])) : [v.title ?? DEFAULT_OPTION.value],
    );
    product.options = options
      ? options.map((o) => ({ name: o.name, values: [...o.values] }))
      : [{ name: DEFAULT_OPTION.name, values: [...new Set(selected.map((s) => s[0]))] }];
    variants.forEach((v, i) => {
      const variant: VariantRecord = {
        __typename: "ProductVariant",
        id: this.allocate("variant", v.id),
        productId: id,
        title: v.title ?? selected[i].join(" / "),
        selectedOptions: selected[i],
        sku: v.sku ?? null,
        barcode: v.barcode ?? null,
        price: normalizeAmount(v.price),
        compareAtPrice: v.compareAtPrice == null ? null : normalizeAmount(v.compareAtPrice),
        inventoryQuantity: v.inventoryQuantity ?? 0,
        inventoryPolicy: v.inventoryPolicy ?? "DENY",
        position: i + 1,
        taxable: true,
        createdAt,
        updatedAt: product.updatedAt,
      };
      product.variants.push(variant);
      this.variants.set(variant.id, variant);
      this.inventory.stockVariant(variant);
      if (variant.sku) this.skus.set(variant.sku, variant);
    });
    for (const image of seed.images ?? []) this.addMedia(product, image, createdAt);
    for (const mf of seed.metafields ?? []) this.setMetafield(product, mf, createdAt);
    this.products.set(id, product);
    this.handles.set(product.handle, id);
    this.changed("products", "variants");
    return product;
  }

  updateProduct(id: number, patch: ProductPatch): ProductRecord | undefined {
    const product = this.products.get(id);
    if (!product) return undefined;
    if (patch.title !== undefined) product.title = patch.title;
    if (patch.handle !== undefined && patch.handle !== product.handle) {
      const previous = product.handle;
      this.handles.delete(product.handle);
      product.handle = this.uniqueHandle(handleize(patch.handle) || product.handle);
      this.handles.set(product.handle, id);
      if (patch.redirectNewHandle && product.handle !== previous) this.setUrlRedirect(`/products/${previous}`, `/products/${product.handle}`);
    }
    if (patch.descriptionHtml !== undefined) product.descriptionHtml = patch.descriptionHtml;
    if (patch.vendor !== undefined) product.vendor = patch.vendor;
    if (patch.productType !== undefined) product.productType = patch.productType;
    if (patch.status !== undefined && patch.status !== product.status) {
      product.status = patch.status;
      if (patch.status === "ACTIVE" && !product.publishedAt) product.publishedAt = this.timestamp();
    }
    if (patch.tags !== undefined) product.tags = normalizeTags(patch.tags);
    if (patch.seo !== undefined) {
      if (patch.seo.title !== undefined) product.seo.title = patch.seo.title;
      if (patch.seo.description !== undefined) product.seo.description = patch.seo.description;
    }
    if (patch.templateSuffix !== undefined) product.templateSuffix = patch.templateSuffix;
    this.touch(product);
    return product;
  }

  deleteProduct(id: number): ProductRecord | undefined {
    const product = this.products.get(id);
    if (!product) return undefined;
    this.products.delete(id);
    this.handles.delete(product.handle);
    for (const v of product.variants) {
      this.variants.delete(v.id);
      if (v.sku && this.skus.get(v.sku) === v) this.skus.delete(v.sku);
    }
    for (const m of product.media) this.media.delete(m.id);
    this.changed("products", "variants");
    return product;
  }

  // -------------------------------------------------------------------------
  // Collections

  createCollection(seed: CollectionSeed): CollectionRecord {
    const now = this.timestamp();
    const id = this.allocate("collection", seed.id);
    const productIds = [...(seed.productIds ?? [])];
    for (const sku of seed.productSkus ?? []) {
      const variant = this.variantBySku(sku);
      if (!variant) throw new Error(`collection ${seed.title}: no product with SKU ${sku}`);
      if (!productIds.includes(variant.productId)) productIds.push(variant.productId);
    }
    const updatedAt = seed.updatedAt ?? now;
    const collection: CollectionRecord = {
      __typename: "Collection",
      id,
      title: seed.title,
      handle: this.uniqueCollectionHandle(seed.handle || handleize(seed.title) || `collection-${id}`),
      descriptionHtml: seed.descriptionHtml ?? "",
      templateSuffix: null,
      sortOrder: seed.rules ? "BEST_SELLING" : "MANUAL",
      ruleSet: seed.rules ? { appliedDisjunctively: seed.appliedDisjunctively ?? false, rules: seed.rules.map((r) => ({ ...r })) } : null,
      productIds: seed.rules ? [] : productIds,
      createdAt: updatedAt,
      updatedAt,
      publishedAt: updatedAt,
    };
    this.collections.set(id, collection);
    this.collectionHandles.set(collection.handle, id);
    this.changed("collections");
    return collection;
  }

  updateCollection(id: number, patch: CollectionPatch): CollectionRecord | undefined {
    const collection = this.collections.get(id);
    if (!collection) return undefined;
    if (patch.title !== undefined) collection.title = patch.title;
    if (patch.handle !== undefined && patch.handle !== collection.handle) {
      this.collectionHandles.delete(collection.handle);
      collection.handle = this.uniqueCollectionHandle(handleize(patch.handle) || collection.handle);
      this.collectionHandles.set(collection.handle, id);
    }
    if (patch.descriptionHtml !== undefined) collection.descriptionHtml = patch.descriptionHtml;
    if (collection.ruleSet) {
      if (patch.rules !== undefined) collection.ruleSet.rules = patch.rules.map((r) => ({ ...r }));
      if (patch.appliedDisjunctively !== undefined) collection.ruleSet.appliedDisjunctively = patch.appliedDisjunctively;
    } else if (patch.productIds !== undefined) {
      collection.productIds = [...new Set(patch.productIds)];
    }
    collection.updatedAt = this.timestamp();
    return collection;
  }

  deleteCollection(id: number): CollectionRecord | undefined {
    const collection = this.collections.get(id);
    if (!collection) return undefined;
    this.collections.delete(id);
    this.collectionHandles.delete(collection.handle);
    this.changed("collections");
    return collection;
  }

  /** Creates the redirect from `path`, or points the existing one at the new target (one redirect per path). */
  setUrlRedirect(path: string, target: string): UrlRedirectRecord {
    const existing = this.urlRedirectByPath(path);
    if (existing) {
      existing.target = target;
      return existing;
    }
    const record: UrlRedirectRecord = { __typename: "UrlRedirect", id: this.allocate("urlRedirect"), path, target };
    this.urlRedirects.set(record.id, record);
    this.redirectPaths.set(path, record.id);
    return record;
  }

  /** Sets (creates or replaces) one metafield on a product. */
  setMetafield(product: ProductRecord, input: MetafieldSeed, at = this.timestamp()): MetafieldRecord {
    const existing = product.metafields.find((m) => m.namespace === input.namespace && m.key === input.key);
    if (existing) {
      existing.type = input.type;
      existing.value = input.value;
      existing.updatedAt = at;
      return existing;
    }
    const mf: MetafieldRecord = {
      __typename: "Metafield",
      id: this.allocate("metafield"),
      ownerId: product.id,
      ownerType: "PRODUCT",
      namespace: input.namespace,
      key: input.key,
      type: input.type,
      value: input.value,
      createdAt: at,
      updatedAt: at,
    };
    product.metafields.push(mf);
    return mf;
  }

  deleteMetafield(product: ProductRecord, namespace: string, key: string): boolean {
    const i = product.metafields.findIndex((m) => m.namespace === namespace && m.key === key);
    if (i < 0) return false;
    product.metafields.splice(i, 1);
    return true;
  }

  addMedia(product: ProductRecord, image: ImageSeed, at = this.timestamp()): MediaRecord {
    const media: MediaRecord = {
      __typename: "MediaImage",
      id: this.allocate("media", image.id),
      productId: product.id,
      alt: image.alt ?? null,
      url: image.url.startsWith("/") ? `${this.assetOrigin}${image.url}` : image.url,
      width: image.width ?? 800,
      height: image.height ?? 800,
      position: product.media.length + 1,
      createdAt: at,
      updatedAt: at,
    };
    product.media.push(media);
    this.media.set(media.id, media);
    return media;
  }

  updateMediaAlt(mediaId: number, alt: string | null): MediaRecord | undefined {
    const media = this.media.get(mediaId);
    if (!media) return undefined;
    media.alt = alt;
    media.updatedAt = this.timestamp();
    const product = this.products.get(media.productId);
    if (product) this.touch(product);
    return media;
  }

  /** Marks a product changed now (updatedAt), as Shopify does on any edit. */
  touch(product: ProductRecord): void {
    const now = this.timestamp();
    product.updatedAt = now;
    this.changed("products");
  }

  // -------------------------------------------------------------------------
  // Customers and orders

  createCustomer(seed: CustomerSeed): CustomerRecord {
    const id = this.allocate("customer", seed.id);
    const createdAt = seed.createdAt ?? this.timestamp();
    const customer: CustomerRecord = {
      __typename: "Customer",
      id,
      createdAt,
      updatedAt: createdAt,
      numberOfOrders: 0,
      amountSpentCents: 0,
      lastOrderId: null,
      tags: seed.tags ?? [],
    };
    this.customers.set(id, customer);
    this.customerKeys.set(seed.key ?? String(id), id);
    this.changed("customers");
    return customer;
  }

  /** The customer an order seed points at (by key, then by id). */
  resolveCustomer(ref: string | number | null | undefined): CustomerRecord | undefined {
    if (ref === null || ref === undefined || ref === "") return undefined;
    const byKey = this.customerKeys.get(String(ref));
    if (byKey !== undefined) return this.customers.get(byKey);
    return typeof ref === "number" ? this.customers.get(ref) : this.customers.get(Number(ref));
  }

  createOrder(seed: OrderSeed): OrderRecord {
    const id = this.allocate("order", seed.id);
    const processedAt = toIsoSeconds(seed.processedAt);
    const createdAt = seed.createdAt ?? processedAt;
    const customer = this.resolveCustomer(seed.customer);
    if (seed.customer != null && seed.customer !== "" && !customer) {
      throw new Error(`order ${seed.name ?? id}: unknown customer ${String(seed.customer)}`);
    }
    const order: OrderRecord = {
      __typename: "Order",
      id,
      name: seed.name ?? `#${1000 + this.orders.size + 1}`,
      createdAt,
      updatedAt: seed.updatedAt ?? createdAt,
      processedAt,
      cancelledAt: seed.cancelledAt ?? null,
      cancelReason: seed.cancelReason ?? null,
      currencyCode: seed.currencyCode ?? this.settings.currencyCode,
      financialStatus: seed.financialStatus ?? "PAID",
      fulfillmentStatus: seed.fulfillmentStatus ?? "FULFILLED",
      customerId: customer?.id ?? null,
      tags: seed.tags ?? [],
      note: seed.note ?? null,
      customAttributes: (seed.customAttributes ?? []).map((a) => ({ key: String(a.key), value: String(a.value) })),
      lineItems: [],
    };
    for (const li of seed.lineItems) {
      const variant = li.variantId !== undefined ? this.variants.get(li.variantId) : li.sku ? this.variantBySku(li.sku) : undefined;
      const product = variant ? this.products.get(variant.productId) : undefined;
      const price = li.price ?? variant?.price;
      if (price === undefined) throw new Error(`order ${order.name}: line item ${li.sku ?? li.title ?? "?"} has no price and no variant`);
      const record: LineItemRecord = {
        __typename: "LineItem",
        id: this.allocate("lineItem"),
        orderId: id,
        productId: product?.id ?? null,
        variantId: variant?.id ?? null,
        title: li.title ?? product?.title ?? li.sku ?? "Custom item",
        variantTitle: variant && variant.title !== "Default Title" ? variant.title : null,
        sku: variant?.sku ?? li.sku ?? null,
        vendor: product?.vendor ?? null,
        quantity: li.quantity,
        price: normalizeAmount(price),
      };
      order.lineItems.push(record);
      this.lineItemIndex?.set(record.id, record);
    }
    this.orders.set(id, order);
    if (customer) {
      customer.numberOfOrders += 1;
      customer.amountSpentCents += this.orderTotalCents(order);
      const last = customer.lastOrderId === null ? undefined : this.orders.get(customer.lastOrderId);
      if (!last || last.processedAt <= order.processedAt) customer.lastOrderId = id;
      if (customer.updatedAt < order.processedAt) customer.updatedAt = order.processedAt;
    }
    this.changed("orders", "customers");
    return order;
  }

  updateOrder(id: number, patch: OrderPatch): OrderRecord | undefined {
    const order = this.orders.get(id);
    if (!order) return undefined;
    if (patch.cancelledAt !== undefined) order.cancelledAt = patch.cancelledAt === null ? null : toIsoSeconds(patch.cancelledAt);
    if (patch.cancelReason !== undefined) order.cancelReason = patch.cancelReason;
    if (patch.financialStatus !== undefined) order.financialStatus = patch.financialStatus;
    if (patch.fulfillmentStatus !== undefined) order.fulfillmentStatus = patch.fulfillmentStatus;
    if (patch.tags !== undefined) order.tags = normalizeTags(patch.tags);
    if (patch.note !== undefined) order.note = patch.note;
    if (patch.processedAt !== undefined) order.processedAt = toIsoSeconds(patch.processedAt);
    order.updatedAt = this.timestamp();
    this.changed("orders");
    return order;
  }

  /** Total of an order as a decimal string. */
  orderTotal(order: OrderRecord): string {
    return fromCents(this.orderTotalCents(order));
  }

  // -------------------------------------------------------------------------

  private allocate(kind: IdKind, wanted?: number): number {
    if (wanted !== undefined) {
      if (!Number.isSafeInteger(wanted) || wanted <= 0) throw new Error(`invalid ${kind} id ${wanted}`);
      if (wanted >= this.nextId[kind]) this.nextId[kind] = wanted + 1;
      return wanted;
    }
    return this.nextId[kind]++;
  }

  private uniqueHandle(base: string): string {
    if (!this.handles.has(base)) return base;
    for (let n = 1; ; n++) {
      const candidate = `${base}-${n}`;
      if (!this.handles.has(candidate)) return candidate;
    }
  }

  private uniqueCollectionHandle(base: string): string {
    if (!this.collectionHandles.has(base)) return base;
    for (let n = 1; ; n++) {
      const candidate = `${base}-${n}`;
      if (!this.collectionHandles.has(candidate)) return candidate;
    }
  }

  private changed(...what: (keyof Store["sorted"])[]): void {
    for (const w of what) this.sorted[w] = undefined;
  }
}

function sortById<T extends { id: number }>(items: T[]): T[] {
  return items.sort((a, b) => a.id - b.id);
}

function ruleHolds(rule: CollectionRuleRecord, product: ProductRecord): boolean {
  const values = rule.column === "TAG" ? product.tags : [rule.column === "VENDOR" ? product.vendor : product.productType];
  const want = rule.condition.trim().toLowerCase();
  const test = (raw: string) => {
    const v = raw.trim().toLowerCase();
    switch (rule.relation) {
      case "EQUALS":
      case "NOT_EQUALS":
        return v === want;
      case "CONTAINS":
      case "NOT_CONTAINS":
        return v.includes(want);
      case "STARTS_WITH":
        return v.startsWith(want);
      case "ENDS_WITH":
        return v.endsWith(want);
    }
  };
  const any = values.some(test);
  return rule.relation === "NOT_EQUALS" || rule.relation === "NOT_CONTAINS" ? !any : any;
}

/** Shopify trims tags, drops empty ones and keeps the first of duplicates. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

function shopNameFromDomain(domain: string): string {
  const handle = domain.replace(/\.myshopify\.com$/, "");
  return handle
    .split(/[-_.]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(" ");
}

function hashDomain(domain: string): number {
  let h = 7;
  for (let i = 0; i < domain.length; i++) h = (h * 31 + domain.charCodeAt(i)) >>> 0;
  return h;
}
