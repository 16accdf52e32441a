// One shop on the local Shopify: its data, the app's installation on it
// (tokens, rate-limit bucket, bulk operations) and the changes that emit
// webhooks. Both the Admin API mutations and the control API (tests, the
// demo) change data through these methods, so a change made either way
// reaches the app the same way.

import { inventoryItemPayload, inventoryLevelPayload, type InventoryItemRecord, type InventoryLevelRecord, type QuantityName } from "./inventory.js";
import type { GraphQLSchema } from "graphql";
import type { AppConfig } from "./app-config.js";
import { BulkOperations, type BulkFiles } from "./bulk.js";
import { LeakyBucket, type ThrottleSettings } from "./cost.js";
import { gid } from "./gid.js";
import { hash32 } from "./text.js";
import type { ValidatedMetafield } from "./graphql/resolvers/metafields.js";
import { variantAvailable } from "./graphql/resolvers/product.js";
import type { Logger } from "./log.js";
import { mintSessionToken, onlineTokenResponse, type AccessTokens } from "./oauth.js";
import {
  bulkFinishPayload,
  collectionDeletePayload,
  collectionPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  orderPayload,
  productDeletePayload,
  productPayload,
  scopesUpdatePayload,
  shopPayload,
  shopRedactPayload,
} from "./payloads.js";
import type {
  CollectionPatch,
  CollectionRecord,
  CollectionSeed,
  ImageSeed,
  MediaRecord,
  MetafieldRecord,
  OrderPatch,
  OrderRecord,
  OrderSeed,
  ProductPatch,
  ProductRecord,
  ProductSeed,
  Store,
} from "./store.js";
import type { WebhookDelivery, WebhookOptions, WebhookSender } from "./webhooks.js";

/** What a shop needs from the server it lives on. */
export interface ShopHost {
  readonly origin: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly appConfig: AppConfig;
  readonly tokens: AccessTokens;
  readonly webhooks: WebhookSender;
  readonly bulkFiles: BulkFiles;
  readonly log: Logger;
  schema(): GraphQLSchema;
}

/** The app as installed on this shop. */
export interface AppInstallationInfo {
  apiKey: string;
  appId: number;
  installationId: number;
  name: string;
  handle: string;
  scopes: string[];
  webhookApiVersion: string;
}

/**
 * What the Admin API answers besides normal service: "frozen" (unpaid,
 * HTTP 402) and "locked" (HTTP 423), for the app's terminal-error handling.
 * https://shopify.dev/docs/api/admin-graphql#status_and_error_codes
 */
export type ShopAvailability = "active" | "frozen" | "locked";

export interface LocalShopOptions {
  /** Emit webhooks on changes (default true; the sync benchmark seeds without). */
  webhooks?: boolean;
  throttle?: ThrottleSettings;
}

/** A product as a storefront shows it. */
export interface StorefrontProduct {
  id: number;
  gid: string;
  handle: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  variantId: number;
  price: string;
  compareAtPrice: string | null;
  available: boolean;
  imageUrl: string | null;
  imageAlt: string | null;
  isGiftCard: boolean;
}

export class LocalShop {
  readonly throttle: LeakyBucket;
  readonly bulk: BulkOperations;
  readonly app: AppInstallationInfo;
  /** The shop's storefront (set when its listener starts), else null. */
  storefrontUrl: string | null = null;
  webhooksEnabled: boolean;
  availability: ShopAvailability = "active";
  private dataRequestIds = 9000;

  constructor(
    private readonly host: ShopHost,
    readonly domain: string,
    readonly store: Store,
    options: LocalShopOptions = {},
  ) {
    this.webhooksEnabled = options.webhooks ?? true;
    this.throttle = new LeakyBucket(options.throttle?.maximumAvailable ?? 2000, options.throttle?.restoreRate ?? 100);
    if (options.throttle) this.throttle.configure(options.throttle);
    // One app, one id on every shop (metafield namespaces like app--{id} depend on it).
    const appId = 1_000_000 + (hash32(host.apiKey) % 9_000_000);
    this.app = {
      apiKey: host.apiKey,
      appId,
      installationId: store.settings.id * 100 + 1,
      name: host.appConfig.name,
      handle: host.appConfig.handle,
      scopes: host.appConfig.scopes,
      webhookApiVersion: host.appConfig.webhooksApiVersion,
    };
    this.bulk = new BulkOperations({
      schema: () => host.schema(),
      files: host.bulkFiles,
      context: () => ({ shop: this, unpaginated: true, searchWarnings: [] }),
      now: () => store.timestamp(),
      onFinish: (op) => this.emit("bulk_operations/finish", bulkFinishPayload(op)),
      onError: (op, error) => host.log.error({ shop: domain, bulkOperationId: op.id, err: error }, "bulk operation failed"),
    });
  }

  get origin(): string {
    return this.host.origin;
  }

  // -------------------------------------------------------------------------
  // Tokens

  /** An offline access token the Admin API accepts for this shop. */
  issueOfflineToken(): string {
    return this.host.tokens.issue(this.domain, "offline", this.app.scopes.join(",")).token;
  }

  /** An online (per-user) token, as the token exchange would answer it. */
  issueOnlineToken(userId = 1): ReturnType<typeof onlineTokenResponse> {
    return onlineTokenResponse(this.host.tokens.issue(this.domain, "online", this.app.scopes.join(","), userId));
  }

  /** A session token (JWT) for this shop, as App Bridge would give the app. */
  mintSessionToken(opts: { userId?: number; expiresIn?: number; now?: number } = {}): string {
    return mintSessionToken(this.domain, { apiKey: this.host.apiKey, apiSecret: this.host.apiSecret, ...opts });
  }

  // -------------------------------------------------------------------------
  // Changes that emit webhooks

  createProduct(seed: ProductSeed): ProductRecord {
    const product = this.store.createProduct(seed);
    this.emit("products/create", productPayload(product));
    return product;
  }

  updateProduct(id: number, patch: ProductPatch, extras: { images?: ImageSeed[]; metafields?: ValidatedMetafield[] } = {}): ProductRecord | undefined {
    const product = this.store.updateProduct(id, patch);
    if (!product) return undefined;
    for (const image of extras.images ?? []) this.store.addMedia(product, image);
    for (const mf of extras.metafields ?? []) this.store.setMetafield(product, mf);
    this.emit("products/update", productPayload(product));
    return product;
  }

  deleteProduct(id: number): ProductRecord | undefined {
    const product = this.store.deleteProduct(id);
    if (product) this.emit("products/delete", productDeletePayload(id));
    return product;
  }

  /**
   * Collections. A smart collection's products change with the products'
   * tags, vendor or type without a collections/update (only products/update
   * is sent), as on Shopify.
   */
  createCollection(seed: CollectionSeed): CollectionRecord {
    const collection = this.store.createCollection(seed);
    this.emit("collections/create", collectionPayload(collection));
    return collection;
  }

  updateCollection(id: number, patch: CollectionPatch): CollectionRecord | undefined {
    const collection = this.store.updateCollection(id, patch);
    if (collection) this.emit("collections/update", collectionPayload(collection));
    return collection;
  }

  deleteCollection(id: number): CollectionRecord | undefined {
    const collection = this.store.deleteCollection(id);
    if (collection) this.emit("collections/delete", collectionDeletePayload(id));
    return collection;
  }

  /** Metafield writes do not emit products/update on Shopify either. */
  setMetafields(valid: readonly ValidatedMetafield[]): MetafieldRecord[] {
    return valid.map((mf) => this.store.setMetafield(mf.product, mf));
  }

  deleteMetafield(product: ProductRecord, namespace: string, key: string): boolean {
    return this.store.deleteMetafield(product, namespace, key);
  }

  updateMediaAlt(mediaId: number, alt: string | null): MediaRecord | undefined {
    const media = this.store.updateMediaAlt(mediaId, alt);
    const product = media && this.store.product(media.productId);
    if (product) this.emit("products/update", productPayload(product));
    return media;
  }

  createOrder(seed: OrderSeed): OrderRecord {
    const order = this.store.createOrder(seed);
    this.emit("orders/create", orderPayload(this.store, order));
    // A placed order takes its units from the shelf: Shopify then sends inventory_levels/update.
    if (!order.cancelledAt) {
      for (const line of order.lineItems) {
        const level = line.variantId === null ? null : this.store.inventory.adjust(line.variantId, -line.quantity);
        if (level) this.emit("inventory_levels/update", inventoryLevelPayload(level));
      }
    }
    return order;
  }

  /** Sets a stock quantity (a count, a delivery received) and sends inventory_levels/update. */
  setInventoryQuantity(itemId: number, locationId: number, name: QuantityName, quantity: number): InventoryLevelRecord | null {
    const level = this.store.inventory.set(itemId, locationId, name, quantity);
    if (level) this.emit("inventory_levels/update", inventoryLevelPayload(level));
    return level;
  }

  /** Changes an inventory item's cost or tracking and sends inventory_items/update. */
  updateInventoryItem(itemId: number, patch: { unitCost?: string | null; tracked?: boolean }): InventoryItemRecord | null {
    const item = this.store.inventory.item(itemId);
    if (!item) return null;
    if (patch.unitCost !== undefined) item.unitCost = patch.unitCost;
    if (patch.tracked !== undefined) item.tracked = patch.tracked;
    item.updatedAt = this.store.timestamp();
    this.emit("inventory_items/update", inventoryItemPayload(item));
    return item;
  }

  updateOrder(id: number, patch: OrderPatch): OrderRecord | undefined {
    const order = this.store.updateOrder(id, patch);
    if (order) this.emit("orders/updated", orderPayload(this.store, order));
    return order;
  }

  // -------------------------------------------------------------------------
  // Webhooks

  /** Sends a webhook for this shop now and returns how the app answered. */
  sendWebhook(topic: string, payload: unknown, opts?: WebhookOptions): Promise<WebhookDelivery> {
    return this.host.webhooks.send(this.domain, topic, payload, opts);
  }

  /** The payload Shopify would send for a topic, for the topics that need no change to happen first. */
  webhookPayload(
    topic: string,
    params: { customerId?: number; productId?: number; orderId?: number; collectionId?: number; previousScopes?: string[] } = {},
  ): unknown {
    switch (topic) {
      case "app/uninstalled":
        return shopPayload(this.store);
      case "shop/redact":
        return shopRedactPayload(this.store);
      case "customers/redact":
        return customersRedactPayload(this.store, this.customerFor(params.customerId));
      case "customers/data_request":
        return customersDataRequestPayload(this.store, this.customerFor(params.customerId), this.dataRequestIds++);
      case "app/scopes_update":
        return scopesUpdatePayload(this.store, params.previousScopes ?? [], this.app.scopes, this.store.timestamp());
      case "products/create":
      case "products/update": {
        const product = params.productId === undefined ? this.store.productList()[0] : this.store.product(params.productId);
        if (!product) throw new Error(`${topic}: no product ${params.productId ?? ""} in ${this.domain}`);
        return productPayload(product);
      }
      case "products/delete":
        return productDeletePayload(params.productId ?? this.store.productList()[0]?.id ?? 0);
      case "collections/create":
      case "collections/update": {
        const collection = params.collectionId === undefined ? this.store.collectionList()[0] : this.store.collection(params.collectionId);
        if (!collection) throw new Error(`${topic}: no collection ${params.collectionId ?? ""} in ${this.domain}`);
        return collectionPayload(collection);
      }
      case "collections/delete":
        return collectionDeletePayload(params.collectionId ?? this.store.collectionList()[0]?.id ?? 0);
      case "orders/create":
      case "orders/updated": {
        const order = params.orderId === undefined ? this.store.orderList()[0] : this.store.order(params.orderId);
        if (!order) throw new Error(`${topic}: no order ${params.orderId ?? ""} in ${this.domain}`);
        return orderPayload(this.store, order);
      }
      default:
        throw new Error(`No default payload for ${topic}: pass one`);
    }
  }

  private customerFor(customerId: number | undefined): number {
    const id = customerId ?? this.store.customerList()[0]?.id;
    if (id === undefined) throw new Error(`${this.domain} has no customers: pass customerId`);
    return id;
  }

  /** Uninstalls the app: tokens stop working and app/uninstalled is delivered. */
  async uninstall(): Promise<WebhookDelivery | null> {
    this.host.tokens.revokeShop(this.domain);
    if (!this.host.webhooks.subscription("app/uninstalled")) return null;
    return this.sendWebhook("app/uninstalled", shopPayload(this.store));
  }

  private emit(topic: string, payload: unknown): void {
    if (this.webhooksEnabled) this.host.webhooks.emit(this.domain, topic, payload);
  }

  // -------------------------------------------------------------------------
  // Reading

  /** Active, published products as a storefront lists them (the storefront module reads these). */
  storefrontProducts(): StorefrontProduct[] {
    return this.store
      .productList()
      .filter((p) => p.status === "ACTIVE" && p.publishedAt !== null)
      .map((p) => storefrontProduct(p));
  }
}

export function storefrontProduct(p: ProductRecord): StorefrontProduct {
  const v = p.variants[0];
  const image = p.media[0];
  return {
    id: p.id,
    gid: gid("Product", p.id),
    handle: p.handle,
    title: p.title,
    descriptionHtml: p.descriptionHtml,
    vendor: p.vendor,
    productType: p.productType,
    tags: p.tags,
    variantId: v.id,
    price: v.price,
    compareAtPrice: v.compareAtPrice,
    available: variantAvailable(p, v),
    imageUrl: image?.url ?? null,
    imageAlt: image?.alt ?? null,
    isGiftCard: p.isGiftCard,
  };
}

/** Active, published products of a shop as a storefront shows them. */
export function storefrontProducts(shop: LocalShop): StorefrontProduct[] {
  return shop.storefrontProducts();
}
