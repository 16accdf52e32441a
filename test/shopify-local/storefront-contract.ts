// The contract between the local Shopify and the storefront module in
// ./storefront/ (a separate piece of work). When ./storefront/index.ts (or
// .js) exists, each shop gets a listener of its own (shop.storefrontUrl)
// and every request to it goes first to the handler mountStorefront returns:
//
//   export async function mountStorefront(ctx: StorefrontContext): Promise<StorefrontHandler>
//
// The handler answers true when it handled the request. When it answers
// false, the listener forwards app proxy paths (/apps/aisle/*) to the app,
// serves /cdn/* images, and answers 404 for the rest. Keep this file stable:
// both sides build against it.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { ProxyToAppOptions } from "./app-proxy.js";
import type { LocalShop } from "./shop.js";
import type { LocalShopify } from "./server.js";

export type StorefrontHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * proxyToApp with this shop's settings filled in (app URL, secret, shop,
 * /apps/aisle -> /proxy from shopify.app.toml). Pass `loggedInCustomerId`
 * for a signed-in visitor. Resolves false when the path is not proxied.
 */
export type BoundProxyToApp = (req: IncomingMessage, res: ServerResponse, opts?: Partial<ProxyToAppOptions>) => Promise<boolean>;

export interface StorefrontContext {
  /** The shop: shop.store has the data, shop.storefrontProducts() the published catalogue. */
  shop: LocalShop;
  shopify: LocalShopify;
  /** Where the app listens. */
  appUrl: string;
  proxyToApp: BoundProxyToApp;
}

export interface StorefrontModule {
  mountStorefront(ctx: StorefrontContext): StorefrontHandler | Promise<StorefrontHandler>;
}
