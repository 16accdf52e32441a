// The production HTTP server: Node's http module in front of the Remix
// build, serving the fingerprinted client assets itself. Kept small and
// dependency-free because the webhook and app proxy routes are hot paths.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

const root = path.dirname(fileURLToPath(import.meta.url));
const buildPath = path.join(root, "build", "index.js");
const publicDir = path.join(root, "public");

const MIME = {
  ".js": "text/javascript",
  ".css": "text/css",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

function serveStatic(req, res) {
  const url = req.url ?? "/";
  if (!url.startsWith("/build/") && url !== "/favicon.ico") return false;
  const file = path.join(publicDir, decodeURIComponent(url.split("?")[0]));
  if (!file.startsWith(publicDir + path.sep)) return false;
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  res.writeHead(200, {
    "Content-Type": MIME[path.extname(file)] ?? "application/octet-stream",
    "Content-Length": stat.size,
    "Cache-Control": url.startsWith("/build/") ? "public, max-age=31536000, immutable" : "public, max-age=3600",
  });
  fs.createReadStream(file).pipe(res);
  return true;
}

/**
 * A Fetch Request for the route. `direct`: a resource route called without
 * Remix, which renders nothing and streams nothing, so it gets no abort
 * signal (one costs about as much CPU as the rest of the request); `body`:
 * the body, read already.
 */
function toRequest(req, res, { direct = false, body = null } = {}) {
  const proto = req.headers["x-forwarded-proto"]?.toString().split(",")[0] || "http";
  const url = new URL(req.url ?? "/", `${proto}://${req.headers.host ?? "localhost"}`);
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) headers.set(key, value);
  }
  const init = { method: req.method, headers };
  if (!direct) {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    init.signal = controller.signal;
  }
  if (body) init.body = body;
  else if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

/** Bodies up to this size that declare their length are read before the route runs. */
const BUFFERED_BODY_MAX = 256 * 1024;

/**
 * The body of a POST that declares a small length, read straight from the
 * socket: a web stream per request costs more CPU than the webhook's whole
 * acknowledgement. Larger or chunked bodies stream to the route, which
 * enforces its own limit. Null when the body is not read here.
 */
function smallBody(req) {
  if (req.method === "GET" || req.method === "HEAD" || req.headers["transfer-encoding"]) return null;
  const declared = Number(req.headers["content-length"]);
  if (!Number.isInteger(declared) || declared < 0 || declared > BUFFERED_BODY_MAX) return null;
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

async function send(res, response, { buffered = false } = {}) {
  const headers = [];
  for (const [key, value] of response.headers) {
    if (key === "set-cookie") continue;
    headers.push(key, value);
  }
  for (const cookie of response.headers.getSetCookie()) headers.push("set-cookie", cookie);
  if (buffered && response.body && !response.headers.has("content-length")) {
    // A resource route's short answer: written in one piece, not streamed.
    const body = Buffer.from(await response.arrayBuffer());
    headers.push("content-length", String(body.length));
    res.writeHead(response.status, response.statusText, headers);
    res.end(body);
    return;
  }
  res.writeHead(response.status, response.statusText, headers);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

/**
 * Resource routes with a fixed path (webhooks, the app proxy, health,
 * metrics) are called directly: they render no UI, and skipping Remix's
 * per-request route matching and document machinery halves their CPU cost
 * on the hottest paths. Their modules are the same Remix route files.
 */
function directRoutes(build) {
  const routes = build.routes;
  const fullPath = (route) => {
    const parts = [];
    for (let r = route; r; r = r.parentId ? routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path);
    return "/" + parts.join("/");
  };
  const direct = new Map();
  for (const route of Object.values(routes)) {
    const m = route.module;
    if (m.default || route.index || !route.path || /[:*]/.test(fullPath(route))) continue;
    if (!m.loader && !m.action) continue;
    direct.set(fullPath(route), m);
  }
  return direct;
}

async function callDirect(module, request) {
  const fn = request.method === "GET" || request.method === "HEAD" ? module.loader : module.action;
  if (!fn) return new Response(null, { status: 405 });
  try {
    const result = await fn({ request, params: {}, context: {} });
    return result instanceof Response ? result : Response.json(result ?? null);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const UNMATCHED_ROUTE = "unmatched";

/**
 * The metrics label of a request path: the pattern of the app route it
 * matches, found the way Remix matches it ("/app/recommendations",
 * "/auth/*"), and one shared label for every path no route matches, so that
 * requests for made-up paths add no series to /metrics.
 */
function routeLabeler(build) {
  const routes = Object.values(build.routes);
  const tree = (parentId) =>
    routes
      .filter((r) => r.parentId === parentId)
      .map((r) => ({ id: r.id, path: r.path, index: r.index, caseSensitive: r.caseSensitive, children: tree(r.id) }));
  const routeTree = tree(undefined);
  return (pathname) => {
    const matches = matchRoutes(routeTree, pathname);
    if (!matches) return UNMATCHED_ROUTE;
    return (
      "/" +
      matches
        .map((m) => m.route.path)
        .filter(Boolean)
        .join("/")
    );
  };
}

export async function createServer({ build } = {}) {
  const serverBuild = build ?? (await import(pathToFileURL(buildPath).href));
  const handle = createRequestHandler(serverBuild, serverBuild.entry.module.env().NODE_ENV);
  const direct = directRoutes(serverBuild);
  const routeLabel = routeLabeler(serverBuild);
  return http.createServer(async (req, res) => {
    const started = performance.now();
    let route;
    res.on("finish", () => {
      globalThis.__aisleMetrics?.httpRequestDuration.observe(
        { route: route ?? routeLabel((req.url ?? "/").split("?")[0]), status: String(res.statusCode) },
        (performance.now() - started) / 1000,
      );
    });
    try {
      if (serveStatic(req, res)) {
        route = "static";
        return;
      }
      const pathname = (req.url ?? "/").split("?")[0];
      const directPath = pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname;
      const module = direct.get(directPath);
      if (module) route = directPath;
      if (!module) {
        await send(res, await handle(toRequest(req, res)));
        return;
      }
      const body = await smallBody(req);
      await send(res, await callDirect(module, toRequest(req, res, { direct: true, body })), { buffered: true });
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end("Internal Server Error");
    }
  });
}

/**
 * Sends the webhook acknowledgement path `count` deliveries whose signature
 * does not verify, through a loopback copy of the server, before the real
 * one listens. V8 compiles a function to fast code only after it has run
 * many times: without this, the first burst of webhooks after a start (a
 * deploy, a restart) runs in the interpreter, and its tail latency is
 * several times the steady one. Refused at the signature check: nothing is
 * read from or written to the database.
 */
async function warmUpAcknowledgements(build, count) {
  const warm = await createServer({ build });
  await new Promise((resolve) => warm.listen(0, "127.0.0.1", resolve));
  const { port } = warm.address();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  // About the size of a product update, so the body is read and hashed as a real one is.
  const body = JSON.stringify({
    id: 1,
    title: "Warm-up",
    body_html: "<p>" + "A product description. ".repeat(60) + "</p>",
    variants: Array.from({ length: 4 }, (_, i) => ({ id: i + 1, sku: `W-${i}`, price: "10.00", inventory_quantity: 1 })),
    updated_at: new Date().toISOString(),
  });
  const post = (n) =>
    new Promise((resolve) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port,
          path: "/webhooks/products/update",
          method: "POST",
          agent,
          headers: {
            "Content-Type": "application/json",
            "Content-Length": Buffer.byteLength(body),
            "X-Shopify-Topic": "products/update",
            "X-Shopify-Hmac-Sha256": "d2FybS11cA==",
            "X-Shopify-Shop-Domain": "warm-up.myshopify.com",
            "X-Shopify-Webhook-Id": `warm-up-${n}`,
          },
        },
        (res) => {
          res.resume();
          res.on("end", resolve);
        },
      );
      req.on("error", resolve);
      req.end(body);
    });
  let sent = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (sent < count) await post(sent++);
    }),
  );
  agent.destroy();
  await new Promise((resolve) => warm.close(resolve));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // Before the build loads, so that the environment check and Remix see it.
  process.env.NODE_ENV ??= "production";
  let build, server, config;
  try {
    build = await import(pathToFileURL(buildPath).href);
    config = build.entry.module.env();
    server = await createServer({ build });
  } catch (error) {
    // The build validates the environment when it loads (app/lib/env.server.ts):
    // say what is wrong and stop, without a stack trace.
    if (error?.name !== "EnvError") throw error;
    console.error(error.message);
    process.exit(1);
  }
  const { PORT: port, HOST: host, WARM_UP_REQUESTS: warmUpRequests } = config;
  // Connections the first requests would otherwise open while Shopify waits.
  await build.entry.module.warmUp();
  if (warmUpRequests > 0) {
    const started = performance.now();
    await build.entry.module.withoutTrace(() => warmUpAcknowledgements(build, warmUpRequests));
    const ms = Math.round(performance.now() - started);
    console.log(JSON.stringify({ level: 30, msg: `Aisle warmed its webhook path with ${warmUpRequests} refused deliveries in ${ms} ms` }));
  }
  server.keepAliveTimeout = 65_000;
  const announce = () => {
    const { address, port: bound } = server.address();
    const shown = address === "0.0.0.0" || address === "::" ? "localhost" : address;
    console.log(JSON.stringify({ level: 30, msg: `Aisle listening on http://${shown}:${bound}` }));
  };
  // LISTEN_FD: a socket a process manager (or a test harness) already bound
  // and handed down, so that nothing else can take the port in between.
  if (process.env.LISTEN_FD) server.listen({ fd: Number(process.env.LISTEN_FD) }, announce);
  else server.listen(port, host, announce);
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
