// The control API under /_local/, for driving the local Shopify from another
// process (the demo runs it as its own process; scripts and e2e tests use
// this). Every route maps to a LocalShopify / LocalShop method.
//
//   GET    /_local/health
//   GET    /_local/shops                                   list shops
//   POST   /_local/shops                                   create + seed   {shop, seed?, dataPath?, maxProducts?, maxOrders?, since?, until?, webhooks?, throttle?, storefront?}
//   GET    /_local/shops/:shop                             counts, storefront URL
//   DELETE /_local/shops/:shop
//   POST   /_local/shops/:shop/token                       {online?, userId?} -> access token
//   POST   /_local/shops/:shop/session-token               {userId?, expiresIn?} -> {token}
//   POST   /_local/shops/:shop/webhooks/:topic             {payload?, customerId?, productId?, orderId?, collectionId?, webhookId?, forgeHmac?, omitHmac?, body?}
//   GET    /_local/shops/:shop/webhook-deliveries
//   PUT    /_local/shops/:shop/webhooks-enabled            {enabled}
//   POST   /_local/shops/:shop/products                    ProductSeed            (emits products/create)
//   PATCH  /_local/shops/:shop/products/:id                ProductPatch           (emits products/update)
//   DELETE /_local/shops/:shop/products/:id                                       (emits products/delete)
//   POST   /_local/shops/:shop/collections                 CollectionSeed         (emits collections/create)
//   PATCH  /_local/shops/:shop/collections/:id             CollectionPatch        (emits collections/update)
//   DELETE /_local/shops/:shop/collections/:id                                    (emits collections/delete)
//   POST   /_local/shops/:shop/orders                      OrderSeed              (emits orders/create)
//   PATCH  /_local/shops/:shop/orders/:id                  OrderPatch             (emits orders/updated)
//   PUT    /_local/shops/:shop/throttle                    {maximumAvailable?, restoreRate?, currentlyAvailable?}
//   PUT    /_local/shops/:shop/availability                {availability: active|frozen|locked}
//   POST   /_local/shops/:shop/bulk/fail-next              {errorCode?, afterObjects?}
//   POST   /_local/shops/:shop/bulk/garbage                {lines}
//   POST   /_local/shops/:shop/uninstall                   revokes tokens, sends app/uninstalled

import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { gid } from "./gid.js";
import { HttpError, readRequestBody, sendJson } from "./http.js";
import type { LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import type { CollectionPatch, CollectionSeed, OrderPatch, OrderSeed, ProductPatch, ProductSeed } from "./store.js";

const createShopBody = z.object({
  shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "a shop domain like demo.myshopify.com"),
  seed: z.enum(["online-retail", "generated", "tiny", "empty"]).default("empty"),
  dataPath: z.string().optional(),
  maxProducts: z.number().int().positive().optional(),
  maxOrders: z.number().int().nonnegative().optional(),
  since: z.string().optional(),
  until: z.string().optional(),
  webhooks: z.boolean().optional(),
  storefront: z.boolean().optional(),
  throttle: z.object({ maximumAvailable: z.number().positive().optional(), restoreRate: z.number().nonnegative().optional() }).optional(),
});

const throttleBody = z.object({
  maximumAvailable: z.number().positive().optional(),
  restoreRate: z.number().nonnegative().optional(),
  currentlyAvailable: z.number().nonnegative().optional(),
});

const webhookBody = z.object({
  payload: z.unknown().optional(),
  customerId: z.number().int().optional(),
  productId: z.number().int().optional(),
  orderId: z.number().int().optional(),
  collectionId: z.number().int().optional(),
  webhookId: z.string().optional(),
  eventId: z.string().optional(),
  forgeHmac: z.boolean().optional(),
  omitHmac: z.boolean().optional(),
  body: z.string().optional(),
});

// Seeds and patches are checked by the store itself (it throws on what it cannot take).
const productSeedBody = z.object({ title: z.string().min(1) }).passthrough();
const collectionRule = z.object({
  column: z.enum(["TAG", "VENDOR", "TYPE"]),
  relation: z.enum(["EQUALS", "NOT_EQUALS", "CONTAINS", "NOT_CONTAINS", "STARTS_WITH", "ENDS_WITH"]),
  condition: z.string(),
});
const collectionSeedBody = z.object({ title: z.string().min(1), rules: z.array(collectionRule).optional() }).passthrough();
const collectionPatchBody = z.object({ rules: z.array(collectionRule).optional() }).passthrough();
const orderSeedBody = z
  .object({ processedAt: z.string(), lineItems: z.array(z.object({ quantity: z.number().int().positive() }).passthrough()).min(1) })
  .passthrough();

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new HttpError(400, { errors: result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`) });
  return result.data;
}

export async function handleControl(shopify: LocalShopify, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
  const method = req.method ?? "GET";
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent); // ["_local", ...]

  if (parts[1] === "health" && method === "GET") {
    sendJson(res, 200, { ok: true, origin: shopify.origin });
    return true;
  }
  if (parts[1] !== "shops") return false;

  if (parts.length === 2) {
    if (method === "GET") {
      sendJson(res, 200, { shops: shopify.listShops().map((s) => shopify.summary(s)) });
      return true;
    }
    if (method === "POST") {
      const body = parse(createShopBody, await readRequestBody(req));
      if (shopify.shop(body.shop)) throw new HttpError(409, { errors: `${body.shop} already exists` });
      const shop = await shopify.createShop(body.shop, body);
      sendJson(res, 201, { ...shopify.summary(shop), accessToken: shop.issueOfflineToken(), origin: shopify.origin });
      return true;
    }
    return false;
  }

  const shop = shopify.shop(parts[2]);
  if (!shop) throw new HttpError(404, { errors: `No shop ${parts[2]} on this local Shopify` });
  const rest = parts.slice(3);
  const route = `${method} ${rest[0] ?? ""}`;

  switch (route) {
    case "GET ":
      sendJson(res, 200, shopify.summary(shop));
      return true;
    case "DELETE ":
      await shopify.removeShop(shop.domain);
      sendJson(res, 200, { deleted: shop.domain });
      return true;
    case "POST token": {
      const body = await readRequestBody(req);
      if (body.online === true) sendJson(res, 200, shop.issueOnlineToken(typeof body.userId === "number" ? body.userId : 1));
      else sendJson(res, 200, { access_token: shop.issueOfflineToken(), scope: shop.app.scopes.join(",") });
      return true;
    }
    case "POST session-token": {
      const body = await readRequestBody(req);
      sendJson(res, 200, {
        token: shop.mintSessionToken({
          userId: typeof body.userId === "number" ? body.userId : undefined,
          expiresIn: typeof body.expiresIn === "number" ? body.expiresIn : undefined,
        }),
      });
      return true;
    }
    case "POST webhooks": {
      const topic = rest.slice(1).join("/");
      if (!topic) throw new HttpError(400, { errors: "POST /_local/shops/:shop/webhooks/<topic>, e.g. webhooks/products/update" });
      const body = parse(webhookBody, await readRequestBody(req));
      const payload = body.payload !== undefined ? body.payload : defaultPayload(shop, topic, body);
      const delivery = await shop.sendWebhook(topic, payload, {
        webhookId: body.webhookId,
        eventId: body.eventId,
        forgeHmac: body.forgeHmac,
        omitHmac: body.omitHmac,
        body: body.body,
      });
      sendJson(res, 200, delivery);
      return true;
    }
    case "GET webhook-deliveries":
      sendJson(res, 200, { deliveries: shopify.webhookDeliveries.filter((d) => d.shop === shop.domain) });
      return true;
    case "PUT webhooks-enabled": {
      const body = await readRequestBody(req);
      shop.webhooksEnabled = body.enabled !== false;
      sendJson(res, 200, { webhooks: shop.webhooksEnabled });
      return true;
    }
    case "POST products": {
      const seed = parse(productSeedBody, await readRequestBody(req)) as unknown as ProductSeed;
      const product = storeCall(() => shop.createProduct(seed));
      sendJson(res, 201, { id: product.id, admin_graphql_api_id: gid("Product", product.id), handle: product.handle });
      return true;
    }
    case "PATCH products": {
      const patch = (await readRequestBody(req)) as ProductPatch;
      const product = shop.updateProduct(numericId(rest[1]), patch);
      if (!product) throw new HttpError(404, { errors: `No product ${rest[1]}` });
      sendJson(res, 200, { id: product.id, admin_graphql_api_id: gid("Product", product.id), updatedAt: product.updatedAt });
      return true;
    }
    case "DELETE products": {
      const product = shop.deleteProduct(numericId(rest[1]));
      if (!product) throw new HttpError(404, { errors: `No product ${rest[1]}` });
      sendJson(res, 200, { deleted: product.id });
      return true;
    }
    case "POST collections": {
      const seed = parse(collectionSeedBody, await readRequestBody(req)) as unknown as CollectionSeed;
      const collection = storeCall(() => shop.createCollection(seed));
      sendJson(res, 201, { id: collection.id, admin_graphql_api_id: gid("Collection", collection.id), handle: collection.handle });
      return true;
    }
    case "PATCH collections": {
      const patch = parse(collectionPatchBody, await readRequestBody(req)) as unknown as CollectionPatch;
      const collection = shop.updateCollection(numericId(rest[1]), patch);
      if (!collection) throw new HttpError(404, { errors: `No collection ${rest[1]}` });
      sendJson(res, 200, { id: collection.id, admin_graphql_api_id: gid("Collection", collection.id), updatedAt: collection.updatedAt });
      return true;
    }
    case "DELETE collections": {
      const collection = shop.deleteCollection(numericId(rest[1]));
      if (!collection) throw new HttpError(404, { errors: `No collection ${rest[1]}` });
      sendJson(res, 200, { deleted: collection.id });
      return true;
    }
    case "POST orders": {
      const seed = parse(orderSeedBody, await readRequestBody(req)) as unknown as OrderSeed;
      const order = storeCall(() => shop.createOrder(seed));
      sendJson(res, 201, { id: order.id, admin_graphql_api_id: gid("Order", order.id), name: order.name });
      return true;
    }
    case "PATCH orders": {
      const patch = (await readRequestBody(req)) as OrderPatch;
      const order = storeCall(() => shop.updateOrder(numericId(rest[1]), patch));
      if (!order) throw new HttpError(404, { errors: `No order ${rest[1]}` });
      sendJson(res, 200, { id: order.id, admin_graphql_api_id: gid("Order", order.id), updatedAt: order.updatedAt });
      return true;
    }
    case "PUT throttle": {
      shop.throttle.configure(parse(throttleBody, await readRequestBody(req)));
      sendJson(res, 200, shop.throttle.status());
      return true;
    }
    case "PUT availability": {
      const body = parse(z.object({ availability: z.enum(["active", "frozen", "locked"]) }), await readRequestBody(req));
      shop.availability = body.availability;
      sendJson(res, 200, body);
      return true;
    }
    case "POST bulk": {
      const body = await readRequestBody(req);
      if (rest[1] === "fail-next") {
        const opts = parse(
          z.object({
            errorCode: z.enum(["ACCESS_DENIED", "INTERNAL_SERVER_ERROR", "TIMEOUT"]).optional(),
            afterObjects: z.number().int().nonnegative().optional(),
          }),
          body,
        );
        shop.bulk.failNext(opts);
      } else if (rest[1] === "garbage") {
        shop.bulk.injectGarbageLines(parse(z.object({ lines: z.number().int().positive() }), body).lines);
      } else return false;
      sendJson(res, 200, { ok: true });
      return true;
    }
    case "POST uninstall":
      sendJson(res, 200, { delivery: await shop.uninstall() });
      return true;
    default:
      return false;
  }
}

function defaultPayload(shop: LocalShop, topic: string, params: { customerId?: number; productId?: number; orderId?: number; collectionId?: number }): unknown {
  try {
    return shop.webhookPayload(topic, params);
  } catch (e) {
    throw new HttpError(400, { errors: (e as Error).message });
  }
}

function numericId(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id)) throw new HttpError(400, { errors: `Not a numeric id: ${value}` });
  return id;
}

/** Store errors (an unknown SKU or customer in a seed) are the caller's: 400. */
function storeCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new HttpError(400, { errors: (e as Error).message });
  }
}
