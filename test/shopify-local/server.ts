// The local Shopify's HTTP server (plain node:http): the Admin GraphQL API,
// OAuth, bulk result files, product images, the control API, and one
// storefront listener per shop.

import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { GraphQLSchema } from "graphql";
import { readAppConfig, type AppConfig } from "./app-config.js";
import { proxyToApp, type ProxyToAppOptions } from "./app-proxy.js";
import { BulkFiles } from "./bulk.js";
import { placeholderSvg } from "./cdn.js";
import { handleControl } from "./control-api.js";
import { executeAdminRequest } from "./graphql/endpoint.js";
import { HttpError, readRequestBody, sendJson } from "./http.js";
import { log, type Logger } from "./log.js";
import {
  AccessTokens,
  AuthorizationCodes,
  hostParam,
  oauthQueryHmac,
  ONLINE_TOKEN_TYPE,
  onlineTokenResponse,
  TOKEN_EXCHANGE_GRANT,
  verifySessionToken,
} from "./oauth.js";
import { ADMIN_API_VERSION, defaultAppTomlPath, moduleDir } from "./paths.js";
import { loadAdminSchema } from "./schema.js";
import { seedData, type Seed, type SeedOptions } from "./seed/index.js";
import { LocalShop, type LocalShopOptions, type ShopHost } from "./shop.js";
import { Store, type StoreCounts } from "./store.js";
import type { BoundProxyToApp, StorefrontHandler, StorefrontModule } from "./storefront-contract.js";
import { WebhookSender, type WebhookDelivery, type WebhookOptions } from "./webhooks.js";

export interface LocalShopifyOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  apiKey: string;
  apiSecret: string;
  /** Where the app listens: webhooks and app proxy requests go there. */
  appUrl: string;
  appTomlPath?: string;
  schemaPath?: string;
  logger?: Logger;
}

export interface CreateShopOptions extends SeedOptions, LocalShopOptions {
  seed?: Seed;
  /** Start the shop's storefront listener (default true). */
  storefront?: boolean;
}

const UNAUTHORIZED = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const SHOP_IN_PATH = /^\/([a-z0-9][a-z0-9-]*\.myshopify\.com)(\/.*)$/;

export class LocalShopify implements ShopHost {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly appUrl: string;
  readonly appConfig: AppConfig;
  readonly tokens = new AccessTokens();
  readonly codes = new AuthorizationCodes();
  readonly webhooks: WebhookSender;
  readonly bulkFiles: BulkFiles;
  readonly log: Logger;
  private readonly shops = new Map<string, LocalShop>();
  private readonly storefronts = new Map<string, http.Server>();
  private readonly server: http.Server;
  private readonly schemaPath: string | undefined;
  private readonly host: string;
  private storefrontModule: Promise<StorefrontModule | null> | null = null;
  private originValue = "";

  private constructor(options: LocalShopifyOptions) {
    this.apiKey = options.apiKey;
    this.apiSecret = options.apiSecret;
    this.appUrl = options.appUrl.replace(/\/$/, "");
    this.appConfig = readAppConfig(options.appTomlPath ?? defaultAppTomlPath);
    this.schemaPath = options.schemaPath;
    this.host = options.host ?? "127.0.0.1";
    this.log = options.logger ?? log;
    this.bulkFiles = new BulkFiles(() => this.origin);
    this.webhooks = new WebhookSender({
      appUrl: this.appUrl,
      apiSecret: this.apiSecret,
      config: this.appConfig,
      onFailure: (d) =>
        this.log.warn({ shop: d.shop, topic: d.topic, webhookId: d.webhookId, status: d.status, error: d.error }, "webhook not accepted by the app"),
    });
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
  }

  static async start(options: LocalShopifyOptions): Promise<LocalShopify> {
    const shopify = new LocalShopify(options);
    shopify.schema(); // fail fast on a missing schema, before the first request
    const port = await listen(shopify.server, options.port ?? 0, shopify.host);
    shopify.originValue = `http://${shopify.host}:${port}`;
    shopify.log.info({ origin: shopify.origin }, "local Shopify listening");
    return shopify;
  }

  get origin(): string {
    return this.originValue;
  }

  schema(): GraphQLSchema {
    return loadAdminSchema(this.schemaPath);
  }

  // -------------------------------------------------------------------------
  // Shops

  /** Creates (and seeds) a shop. Seeding online-retail streams the CSV the first time (a few seconds). */
  async createShop(domain: string, options: CreateShopOptions = {}): Promise<LocalShop> {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) throw new Error(`Not a shop domain: ${domain} (expected name.myshopify.com)`);
    if (this.shops.has(domain)) throw new Error(`${domain} already exists on the local Shopify`);
    const data = await seedData(options.seed ?? "empty", options);
    const store = new Store({ domain, assetOrigin: this.origin }).load(data);
    const shop = new LocalShop(this, domain, store, options);
    this.shops.set(domain, shop);
    if (options.storefront !== false) await this.startStorefront(shop);
    this.log.info({ shop: domain, ...store.counts() }, "shop created");
    return shop;
  }

  shop(domain: string): LocalShop | undefined {
    return this.shops.get(domain);
  }

  listShops(): LocalShop[] {
    return [...this.shops.values()];
  }

  async removeShop(domain: string): Promise<boolean> {
    const shop = this.shops.get(domain);
    if (!shop) return false;
    this.tokens.revokeShop(domain);
    this.shops.delete(domain);
    const server = this.storefronts.get(domain);
    this.storefronts.delete(domain);
    if (server) await closeServer(server);
    return true;
  }

  summary(shop: LocalShop): { shop: string; storefrontUrl: string | null; webhooks: boolean; counts: StoreCounts } {
    return { shop: shop.domain, storefrontUrl: shop.storefrontUrl, webhooks: shop.webhooksEnabled, counts: shop.store.counts() };
  }

  // -------------------------------------------------------------------------
  // Webhooks

  /** POSTs a webhook to the app as Shopify would; resolves with the app's status and the time it took. */
  sendWebhook(shopDomain: string, topic: string, payload: unknown, opts?: WebhookOptions): Promise<WebhookDelivery> {
    return this.webhooks.send(shopDomain, topic, payload, opts);
  }

  /** Every delivery so far (newest last). */
  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.webhooks.deliveries;
  }

  /** Waits for running bulk operations and background webhook deliveries. */
  async settled(): Promise<void> {
    await Promise.all(this.listShops().map((s) => s.bulk.whenIdle()));
    await this.webhooks.settled();
  }

  async close(): Promise<void> {
    for (const shop of this.shops.values()) for (const op of shop.bulk.list()) if (op.status === "RUNNING" || op.status === "CREATED") op.status = "CANCELING";
    await Promise.all(this.listShops().map((s) => s.bulk.whenIdle()));
    await Promise.all([...this.storefronts.values()].map(closeServer));
    this.storefronts.clear();
    await closeServer(this.server);
    this.bulkFiles.close();
  }

  // -------------------------------------------------------------------------
  // HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", this.origin || "http://local");
      let pathname = url.pathname;
      // /{shop}.myshopify.com/admin/... names the shop in the path (an alternative to the token alone).
      let shopInPath: string | null = null;
      const m = SHOP_IN_PATH.exec(pathname);
      if (m) {
        shopInPath = m[1];
        pathname = m[2];
      }
      const method = req.method ?? "GET";
      if (method === "POST" && /^\/admin\/api\/[^/]+\/graphql\.json$/.test(pathname)) return await this.graphql(req, res, shopInPath);
      if (method === "POST" && pathname === "/admin/oauth/access_token") return await this.accessToken(req, res, shopInPath);
      if (method === "GET" && pathname === "/admin/oauth/authorize") return this.authorize(req, res, url, shopInPath);
      if (method === "GET" && pathname.startsWith("/bulk/")) return this.bulkFile(res, pathname);
      if (method === "GET" && pathname.startsWith("/cdn/")) return serveCdn(res, pathname);
      if (pathname.startsWith("/_local/")) {
        if (await handleControl(this, req, res, pathname)) return;
      }
      sendJson(res, 404, { errors: "Not Found" });
    } catch (e) {
      if (e instanceof HttpError) return sendJson(res, e.status, e.body);
      this.log.error({ err: e, url: req.url }, "local Shopify request failed");
      if (!res.headersSent) sendJson(res, 500, { errors: "Internal Server Error" });
      else res.end();
    }
  }

  private async graphql(req: IncomingMessage, res: ServerResponse, shopInPath: string | null): Promise<void> {
    const token = headerValue(req, "x-shopify-access-token");
    const record = this.tokens.lookup(token);
    const named = shopInPath ?? headerValue(req, "x-shopify-shop-domain");
    if (!record || (named && named !== record.shop)) return sendJson(res, 401, UNAUTHORIZED);
    const shop = this.shops.get(record.shop);
    if (!shop) return sendJson(res, 404, { errors: "Not Found" });
    if (shop.availability === "frozen") return sendJson(res, 402, { errors: "Unavailable Shop" });
    if (shop.availability === "locked") return sendJson(res, 423, { errors: "This shop is unavailable" });

    const body = await readRequestBody(req);
    const result = executeAdminRequest(shop, this.schema(), body, (err) =>
      this.log.error({ err, shop: shop.domain, operationName: body.operationName }, "resolver error in the local Shopify"),
    );
    // Shopify answers with the version it served (it falls back when asked for one it does not support).
    sendJson(res, result.status, result.body, { "x-shopify-api-version": ADMIN_API_VERSION, "x-request-id": requestId() });
  }

  private async accessToken(req: IncomingMessage, res: ServerResponse, shopInPath: string | null): Promise<void> {
    const body = await readRequestBody(req);
    if (body.client_id !== this.apiKey || body.client_secret !== this.apiSecret) {
      return sendJson(res, 401, { error: "invalid_client", error_description: "Client credentials are invalid" });
    }
    const named = shopInPath ?? headerValue(req, "x-shopify-shop-domain");
    if (body.grant_type === TOKEN_EXCHANGE_GRANT) {
      const verified = verifySessionToken(String(body.subject_token ?? ""), { apiKey: this.apiKey, apiSecret: this.apiSecret });
      if ("error" in verified) return sendJson(res, 400, { error: "invalid_subject_token", error_description: verified.error });
      if ((named && named !== verified.shop) || !this.shops.has(verified.shop)) {
        return sendJson(res, 400, {
          error: "invalid_subject_token",
          error_description: `the subject token is for ${verified.shop}, which is not on this local Shopify`,
        });
      }
      const shop = this.shops.get(verified.shop)!;
      const scope = shop.app.scopes.join(",");
      if (body.requested_token_type === ONLINE_TOKEN_TYPE) {
        return sendJson(res, 200, onlineTokenResponse(this.tokens.issue(shop.domain, "online", scope, Number(verified.claims.sub) || 1)));
      }
      return sendJson(res, 200, { access_token: this.tokens.issue(shop.domain, "offline", scope).token, scope });
    }
    if (typeof body.code === "string") {
      const pending = this.codes.redeem(body.code);
      if (!pending || (named && named !== pending.shop))
        return sendJson(res, 400, { error: "invalid_request", error_description: "The authorization code was not found or was already used" });
      const record = this.tokens.issue(pending.shop, pending.online ? "online" : "offline", pending.scope);
      return sendJson(res, 200, pending.online ? onlineTokenResponse(record) : { access_token: record.token, scope: record.scope });
    }
    return sendJson(res, 400, { error: "unsupported_grant_type", error_description: `grant_type ${String(body.grant_type)} is not supported` });
  }

  /** Shopify's install screen, accepted at once: redirects to the app with a code, signed like Shopify's. */
  private authorize(req: IncomingMessage, res: ServerResponse, url: URL, shopInPath: string | null): void {
    const q = url.searchParams;
    const domain = shopInPath ?? headerValue(req, "x-shopify-shop-domain") ?? q.get("shop");
    const shop = domain ? this.shops.get(domain) : undefined;
    if (!shop) return sendJson(res, 404, { errors: "Not Found" });
    if (q.get("client_id") !== this.apiKey) return sendJson(res, 400, { errors: "Invalid client_id" });
    const redirectUri = q.get("redirect_uri") ?? "";
    const allowed = redirectUri.startsWith(`${this.appUrl}/`) || this.appConfig.redirectUrls.includes(redirectUri);
    if (!allowed) return sendJson(res, 400, { errors: `The redirect_uri ${redirectUri} is not whitelisted for this app` });
    const online = q.getAll("grant_options[]").includes("per-user");
    const scope = (q.get("scope") ?? shop.app.scopes.join(",")) || shop.app.scopes.join(",");
    const params: Record<string, string> = {
      code: this.codes.mint(shop.domain, scope, online),
      host: hostParam(shop.domain),
      shop: shop.domain,
      state: q.get("state") ?? "",
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    params.hmac = oauthQueryHmac(params, this.apiSecret);
    const location = new URL(redirectUri);
    for (const [k, v] of Object.entries(params)) location.searchParams.set(k, v);
    res.writeHead(302, { location: location.toString() });
    res.end();
  }

  private bulkFile(res: ServerResponse, pathname: string): void {
    const token = /^\/bulk\/([a-f0-9]+)\.jsonl$/.exec(pathname)?.[1];
    const file = token ? this.bulkFiles.pathFor(token) : undefined;
    if (!file || !fs.existsSync(file)) return sendJson(res, 404, { errors: "Not Found" });
    res.writeHead(200, { "content-type": "application/jsonl", "content-length": fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  }

  // -------------------------------------------------------------------------
  // Storefronts

  private loadStorefrontModule(): Promise<StorefrontModule | null> {
    this.storefrontModule ??= (async () => {
      const file = ["index.ts", "index.js"].map((f) => path.join(moduleDir, "storefront", f)).find((f) => fs.existsSync(f));
      if (!file) return null;
      const mod = (await import(pathToFileURL(file).href)) as Partial<StorefrontModule>;
      if (typeof mod.mountStorefront !== "function") {
        this.log.warn({ file }, "storefront module has no mountStorefront export; storefronts serve only the app proxy");
        return null;
      }
      return mod as StorefrontModule;
    })();
    return this.storefrontModule;
  }

  /** The app proxy settings from shopify.app.toml: /apps/aisle -> {appUrl}/proxy. */
  proxySettings(): { subpathPrefix: string; proxyPath: string } | null {
    const proxy = this.appConfig.appProxy;
    if (!proxy) return null;
    return { subpathPrefix: `/${proxy.prefix}/${proxy.subpath}`, proxyPath: new URL(proxy.url).pathname.replace(/\/$/, "") || "/" };
  }

  private async startStorefront(shop: LocalShop): Promise<void> {
    const settings = this.proxySettings();
    const bound: BoundProxyToApp = (req, res, opts) => {
      if (!settings) return Promise.resolve(false);
      const full: ProxyToAppOptions = { appUrl: this.appUrl, secret: this.apiSecret, shop: shop.domain, ...settings, ...opts };
      return proxyToApp(req, res, full);
    };
    // A storefront that fails to mount must not take the Admin API down with
    // it: the shop keeps a listener that serves the app proxy and images.
    let handler: StorefrontHandler | null = null;
    try {
      const mod = await this.loadStorefrontModule();
      if (mod) handler = await mod.mountStorefront({ shop, shopify: this, appUrl: this.appUrl, proxyToApp: bound });
    } catch (e) {
      this.log.error({ err: e, shop: shop.domain }, "the storefront module failed to mount; the storefront serves only the app proxy");
    }
    const server = http.createServer((req, res) => {
      void (async () => {
        try {
          if (handler && (await handler(req, res))) return;
          if (await bound(req, res)) return;
          const pathname = new URL(req.url ?? "/", "http://storefront.local").pathname;
          if (req.method === "GET" && pathname.startsWith("/cdn/")) return serveCdn(res, pathname);
          sendJson(res, 404, { errors: "Not Found" });
        } catch (e) {
          this.log.error({ err: e, shop: shop.domain, url: req.url }, "storefront request failed");
          if (!res.headersSent) sendJson(res, 500, { errors: "Internal Server Error" });
          else res.end();
        }
      })();
    });
    const port = await listen(server, 0, this.host);
    this.storefronts.set(shop.domain, server);
    shop.storefrontUrl = `http://${this.host}:${port}`;
  }
}

/** Starts the local Shopify. */
export function startLocalShopify(options: LocalShopifyOptions): Promise<LocalShopify> {
  return LocalShopify.start(options);
}

function serveCdn(res: ServerResponse, pathname: string): void {
  const name = decodeURIComponent(pathname.split("/").pop() ?? "");
  if (!name.endsWith(".svg")) return sendJson(res, 404, { errors: "Not Found" });
  const svg = placeholderSvg(name);
  res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "public, max-age=31536000, immutable", "content-length": Buffer.byteLength(svg) });
  res.end(svg);
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return (Array.isArray(v) ? v[0] : v) || null;
}

let requestCounter = 0;
function requestId(): string {
  return `local-${process.pid}-${++requestCounter}`;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
