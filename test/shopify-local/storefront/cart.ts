// Shopify's AJAX cart API on an in-memory cart per `cart` cookie.
// https://shopify.dev/docs/api/ajax/reference/cart
import { randomBytes, createHash } from "node:crypto";
import { productImage, liquidId, isReachable } from "./drops";
import { toCents } from "../money";
import type { LocalProductLike, LocalShopLike, LocalVariantLike } from "./types";

interface StoredLine {
  key: string;
  variantId: string;
  quantity: number;
}

export class CartError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }

  toJSON() {
    return { status: this.status, message: "Cart Error", description: this.description };
  }
}

export class CartStore {
  private readonly carts = new Map<string, StoredLine[]>();
  private readonly attributes = new Map<string, Record<string, string>>();

  constructor(private readonly shop: LocalShopLike) {}

  static newToken(): string {
    return randomBytes(16).toString("hex");
  }

  private lines(token: string): StoredLine[] {
    let lines = this.carts.get(token);
    if (!lines) this.carts.set(token, (lines = []));
    return lines;
  }

  private findVariant(variantId: string): { product: LocalProductLike; variant: LocalVariantLike } | null {
    for (const product of this.shop.products()) {
      if (!isReachable(product)) continue;
      const variant = product.variants.find((candidate) => candidate.id === variantId);
      if (variant) return { product, variant };
    }
    return null;
  }

  /** Adds each item; all or nothing, as Shopify validates before adding. */
  add(token: string, items: { id: unknown; quantity?: unknown }[]) {
    if (!items.length) throw new CartError(422, "Cart Error: no items to add");
    const resolved = items.map((item) => {
      const variantId = String(item.id ?? "").trim();
      const quantity = item.quantity === undefined || item.quantity === "" ? 1 : Number(item.quantity);
      if (!Number.isInteger(quantity) || quantity < 1) throw new CartError(422, "Quantity must be a positive whole number.");
      const found = /^\d+$/.test(variantId) ? this.findVariant(variantId) : null;
      if (!found) throw new CartError(404, "Cannot find variant");
      if (!found.variant.available) throw new CartError(422, `The product '${found.product.title}' is already sold out.`);
      return { variantId, quantity };
    });
    const lines = this.lines(token);
    const touched: StoredLine[] = [];
    for (const { variantId, quantity } of resolved) {
      let line = lines.find((candidate) => candidate.variantId === variantId);
      if (line) line.quantity += quantity;
      else lines.push((line = { key: lineKey(variantId), variantId, quantity }));
      if (!touched.includes(line)) touched.push(line);
    }
    return touched.map((line) => this.lineJson(line)).filter((line) => line !== null);
  }

  /** /cart/change.js: by `id` (line key or variant id) or 1-based `line`. */
  change(token: string, body: { id?: unknown; line?: unknown; quantity?: unknown }) {
    const lines = this.lines(token);
    const quantity = Number(body.quantity);
    if (!Number.isInteger(quantity) || quantity < 0) throw new CartError(400, "Quantity must be zero or a positive whole number.");
    let index = -1;
    if (body.line !== undefined && body.line !== "") index = Number(body.line) - 1;
    else if (body.id !== undefined) index = lines.findIndex((line) => line.key === String(body.id) || line.variantId === String(body.id));
    if (!lines[index]) throw new CartError(400, "no valid id or line parameter");
    if (quantity === 0) lines.splice(index, 1);
    else lines[index].quantity = quantity;
    return this.json(token);
  }

  /**
   * /cart/update.js: `attributes` merge into the cart's (an empty value
   * removes one), `updates` set quantities by variant id.
   * https://shopify.dev/docs/api/ajax/reference/cart#post-locale-cart-update-js
   */
  update(token: string, body: { attributes?: unknown; updates?: unknown }) {
    if (body.attributes !== undefined) {
      if (!body.attributes || typeof body.attributes !== "object" || Array.isArray(body.attributes)) throw new CartError(422, "attributes must be an object");
      const held = { ...(this.attributes.get(token) ?? {}) };
      for (const [key, value] of Object.entries(body.attributes as Record<string, unknown>)) {
        if (value === "" || value === null) delete held[key];
        else held[key] = String(value);
      }
      this.attributes.set(token, held);
    }
    if (body.updates && typeof body.updates === "object") {
      for (const [variantId, quantity] of Object.entries(body.updates as Record<string, unknown>)) {
        const index = this.lines(token).findIndex((line) => line.variantId === variantId);
        if (index >= 0) this.change(token, { line: index + 1, quantity });
      }
    }
    return this.json(token);
  }

  /** Empties the cart after checkout: a new cart starts with no attributes either. */
  checkedOut(token: string) {
    this.carts.delete(token);
    this.attributes.delete(token);
  }

  clear(token: string) {
    this.carts.set(token, []);
    return this.json(token);
  }

  /** The cart as /cart.js returns it (and, with cents, what Liquid's `cart` holds). */
  json(token: string) {
    const items = this.lines(token)
      .map((line) => this.lineJson(line))
      .filter((line): line is NonNullable<typeof line> => line !== null);
    const total = items.reduce((sum, item) => sum + item.line_price, 0);
    return {
      token,
      note: null,
      attributes: { ...(this.attributes.get(token) ?? {}) },
      original_total_price: total,
      total_price: total,
      total_discount: 0,
      total_weight: 0,
      item_count: items.reduce((sum, item) => sum + item.quantity, 0),
      items,
      requires_shipping: items.length > 0,
      currency: this.shop.currency,
      items_subtotal_price: total,
      cart_level_discount_applications: [],
    };
  }

  // A line whose product was deleted or unpublished drops out, as on Shopify.
  private lineJson(line: StoredLine) {
    const found = this.findVariant(line.variantId);
    if (!found) return null;
    const { product, variant } = found;
    const price = toCents(variant.price);
    const image = productImage(product);
    const isDefault = variant.title === "Default Title";
    return {
      id: liquidId(variant.id),
      key: line.key,
      quantity: line.quantity,
      variant_id: liquidId(variant.id),
      product_id: liquidId(product.id),
      title: isDefault ? product.title : `${product.title} - ${variant.title}`,
      product_title: product.title,
      variant_title: isDefault ? null : variant.title,
      product_type: product.productType,
      vendor: product.vendor,
      handle: product.handle,
      url: `/products/${product.handle}?variant=${variant.id}`,
      image: image.src,
      featured_image: { url: image.src, alt: image.alt, aspect_ratio: image.aspect_ratio },
      price,
      original_price: price,
      final_price: price,
      line_price: price * line.quantity,
      original_line_price: price * line.quantity,
      final_line_price: price * line.quantity,
      properties: {},
      sku: null,
      taxable: true,
      requires_shipping: true,
      gift_card: false,
      product_has_only_default_variant: product.variants.length <= 1 && isDefault,
    };
  }
}

function lineKey(variantId: string): string {
  return `${variantId}:${createHash("md5")
    .update(`${variantId}:${randomBytes(4).toString("hex")}`)
    .digest("hex")}`;
}
