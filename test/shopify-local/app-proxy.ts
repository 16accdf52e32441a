// The app proxy: storefront requests to /apps/aisle/* forwarded to the app's
// proxy URL with Shopify's signed query parameters.
// https://shopify.dev/docs/apps/build/online-store/app-proxies/authenticate-app-proxies

import { createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type ProxyParams = Record<string, string | readonly string[]>;

/**
 * Shopify's app proxy signature: hex HMAC-SHA256, keyed with the app secret,
 * of every query parameter but `signature`, sorted by key, each written
 * `key=value` (several values of one key joined with ","), concatenated with
 * no separator.
 */
export function appProxySignature(params: ProxyParams, secret: string): string {
  const message = Object.keys(params)
    .filter((k) => k !== "signature")
    .sort()
    .map((k) => {
      const v = params[k];
      return `${k}=${typeof v === "string" ? v : v.join(",")}`;
    })
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The query string with `signature` appended, as the app receives it. */
export function signAppProxyQuery(params: ProxyParams | URLSearchParams, secret: string): string {
  const record = params instanceof URLSearchParams ? searchParamsRecord(params) : params;
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(record)) {
    if (k === "signature") continue;
    if (typeof v === "string") out.append(k, v);
    else for (const item of v) out.append(k, item);
  }
  out.append("signature", appProxySignature(record, secret));
  return out.toString();
}

/** URLSearchParams as key -> value, or key -> values for repeated keys. */
export function searchParamsRecord(params: URLSearchParams): ProxyParams {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    record[key] = all.length === 1 ? all[0] : all;
  }
  return record;
}

export interface ProxyToAppOptions {
  /** Where the app listens, e.g. http://127.0.0.1:3000. */
  appUrl: string;
  /** The app secret that signs the query. */
  secret: string;
  shop: string;
  /** The storefront path that is proxied: `/${prefix}/${subpath}` from [app_proxy], e.g. /apps/aisle. */
  subpathPrefix?: string;
  /** The path of [app_proxy].url on the app, e.g. /proxy. */
  proxyPath?: string;
  /** The signed-in customer's numeric id; empty for an anonymous visitor. */
  loggedInCustomerId?: string | number | null;
  /** Seconds since the epoch to sign with (tests of stale requests). */
  timestamp?: number;
}

/** Shopify neither forwards cookies to the app nor lets it set any through the proxy. */
const DROPPED_REQUEST_HEADERS = new Set(["cookie", "host", "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade"]);
const DROPPED_RESPONSE_HEADERS = new Set(["set-cookie", "connection", "content-length", "transfer-encoding", "keep-alive", "content-encoding"]);

/**
 * Forwards a storefront request under `subpathPrefix` to the app, signed.
 * Resolves false (and leaves `res` alone) when the path is not proxied.
 */
export async function proxyToApp(req: IncomingMessage, res: ServerResponse, opts: ProxyToAppOptions): Promise<boolean> {
  const prefix = (opts.subpathPrefix ?? "/apps/aisle").replace(/\/$/, "");
  const incoming = new URL(req.url ?? "/", "http://storefront.local");
  if (incoming.pathname !== prefix && !incoming.pathname.startsWith(`${prefix}/`)) return false;

  const rest = incoming.pathname.slice(prefix.length);
  const params: Record<string, string | readonly string[]> = { ...searchParamsRecord(incoming.searchParams) };
  delete params.signature;
  params.shop = opts.shop;
  params.logged_in_customer_id = opts.loggedInCustomerId == null ? "" : String(opts.loggedInCustomerId);
  params.path_prefix = prefix;
  params.timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const target = `${opts.appUrl.replace(/\/$/, "")}${opts.proxyPath ?? "/proxy"}${rest}?${signAppProxyQuery(params, opts.secret)}`;

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || DROPPED_REQUEST_HEADERS.has(k)) continue;
    headers[k] = Array.isArray(v) ? v.join(", ") : v;
  }
  headers["x-forwarded-for"] = req.socket.remoteAddress ?? "127.0.0.1";
  const method = req.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);

  let upstream: Response;
  try {
    upstream = await fetch(target, { method, headers, body: body ? new Uint8Array(body) : undefined, redirect: "manual" });
  } catch (e) {
    res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
    res.end(`The app proxy could not reach the app at ${opts.appUrl}: ${(e as Error).message}`);
    return true;
  }
  const responseHeaders: Record<string, string> = {};
  upstream.headers.forEach((value, key) => {
    if (!DROPPED_RESPONSE_HEADERS.has(key)) responseHeaders[key] = value;
  });
  const payload = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, responseHeaders);
  res.end(payload);
  return true;
}

export async function readBody(req: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new Error(`request body over ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
