import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { moduleDir, repoRoot } from "./paths.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import { adminClient, startFakeApp } from "./testing.js";

describe("the control API", () => {
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let shopify: LocalShopify;
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${shopify.origin}/_local/${route}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    app = await startFakeApp();
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "secret", appUrl: app.url });
  });
  afterAll(async () => {
    await shopify.close();
    await app.close();
  });

  it("creates and seeds a shop, and hands out a working token", async () => {
    const created = await call("POST", "shops", { shop: "control.myshopify.com", seed: "tiny", storefront: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ shop: "control.myshopify.com", counts: { products: 7, orders: 4 }, accessToken: expect.stringMatching(/^shpat_/) });
    const query = adminClient(shopify.origin, created.body.accessToken as string);
    expect((await query(`{ productsCount { count } }`)).body.data).toEqual({ productsCount: { count: 7 } });

    expect((await call("POST", "shops", { shop: "control.myshopify.com" })).status).toBe(409);
    expect((await call("POST", "shops", { shop: "not a domain" })).status).toBe(400);
    expect((await call("GET", "shops/nope.myshopify.com")).status).toBe(404);
  });

  it("changes products and orders, emitting their webhooks", async () => {
    const created = await call("POST", "shops/control.myshopify.com/products", {
      title: "Enamel Flower Jug",
      variants: [{ sku: "JUG-1", price: "6.50", inventoryQuantity: 4 }],
    });
    expect(created.status).toBe(201);
    await app.waitFor((r) => r.headers["x-shopify-topic"] === "products/create" && r.body.toString().includes("Enamel Flower Jug"));

    const patched = await call("PATCH", `shops/control.myshopify.com/products/${created.body.id}`, { status: "DRAFT" });
    expect(patched.status).toBe(200);
    const update = await app.waitFor((r) => r.headers["x-shopify-topic"] === "products/update" && r.body.toString().includes("Enamel Flower Jug"));
    expect(JSON.parse(update.body.toString())).toMatchObject({ status: "draft" });

    const order = await call("POST", "shops/control.myshopify.com/orders", { processedAt: "2024-05-01T10:00:00Z", lineItems: [{ sku: "JUG-1", quantity: 1 }] });
    expect(order.status).toBe(201);
    await app.waitFor((r) => r.headers["x-shopify-topic"] === "orders/create");
    expect(
      (await call("POST", "shops/control.myshopify.com/orders", { processedAt: "2024-05-01", customer: "nobody", lineItems: [{ sku: "JUG-1", quantity: 1 }] }))
        .status,
    ).toBe(400);
  });

  it("creates, changes and deletes collections, emitting their webhooks", async () => {
    const smart = await call("POST", "shops/control.myshopify.com/collections", {
      title: "Jugs",
      rules: [{ column: "TITLE", relation: "EQUALS", condition: "x" }],
    });
    expect(smart.status).toBe(400);
    const created = await call("POST", "shops/control.myshopify.com/collections", {
      title: "Jugs",
      rules: [{ column: "TAG", relation: "EQUALS", condition: "jug" }],
    });
    expect(created.status).toBe(201);
    await app.waitFor((r) => r.headers["x-shopify-topic"] === "collections/create" && r.body.toString().includes("Jugs"));
    expect((await call("PATCH", `shops/control.myshopify.com/collections/${created.body.id}`, { title: "Jugs & Pitchers" })).status).toBe(200);
    await app.waitFor((r) => r.headers["x-shopify-topic"] === "collections/update" && r.body.toString().includes("Jugs & Pitchers"));
    expect((await call("DELETE", `shops/control.myshopify.com/collections/${created.body.id}`)).status).toBe(200);
    await app.waitFor((r) => r.headers["x-shopify-topic"] === "collections/delete" && r.body.toString().includes(String(created.body.id)));
    expect((await call("DELETE", `shops/control.myshopify.com/collections/${created.body.id}`)).status).toBe(404);
  });

  it("sends webhooks by topic with default payloads, and records deliveries", async () => {
    const sent = await call("POST", "shops/control.myshopify.com/webhooks/customers/data_request", {});
    expect(sent.body).toMatchObject({ topic: "customers/data_request", status: 200 });
    const forged = await call("POST", "shops/control.myshopify.com/webhooks/shop/redact", { forgeHmac: true });
    expect(forged.body).toMatchObject({ topic: "shop/redact", status: 200 });
    const deliveries = await call("GET", "shops/control.myshopify.com/webhook-deliveries");
    expect((deliveries.body.deliveries as { topic: string }[]).map((d) => d.topic)).toEqual(expect.arrayContaining(["customers/data_request", "shop/redact"]));
  });

  it("sets the throttle, the shop's availability and bulk test hooks", async () => {
    const token = (await call("POST", "shops/control.myshopify.com/token")).body.access_token as string;
    const query = adminClient(shopify.origin, token);
    expect((await call("PUT", "shops/control.myshopify.com/throttle", { currentlyAvailable: 0, restoreRate: 1 })).body).toMatchObject({
      currentlyAvailable: 0,
    });
    expect((await query(`{ shop { id } }`)).body.errors).toEqual([expect.objectContaining({ message: "Throttled" })]);
    await call("PUT", "shops/control.myshopify.com/throttle", { currentlyAvailable: 2000, restoreRate: 100 });

    await call("PUT", "shops/control.myshopify.com/availability", { availability: "frozen" });
    expect((await query(`{ shop { id } }`)).status).toBe(402);
    await call("PUT", "shops/control.myshopify.com/availability", { availability: "active" });

    expect((await call("POST", "shops/control.myshopify.com/bulk/fail-next", { errorCode: "TIMEOUT" })).status).toBe(200);
    expect((await call("POST", "shops/control.myshopify.com/bulk/garbage", { lines: 2 })).status).toBe(200);
    expect((await call("POST", "shops/control.myshopify.com/session-token", { userId: 3 })).body.token).toMatch(/^ey/);
  });
});

describe("the CLI", () => {
  it("starts, seeds, prints one JSON line, and exits cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(moduleDir, "cli.ts"),
        "--app-url",
        "http://127.0.0.1:9",
        "--shop",
        "cli.myshopify.com",
        "--seed",
        "tiny",
        "--api-key",
        "k",
        "--api-secret",
        "s",
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, LOG_LEVEL: "silent" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the CLI printed nothing in time")), 25_000);
      createInterface({ input: child.stdout! }).once("line", (l) => {
        clearTimeout(timer);
        resolve(l);
      });
    });
    const started = JSON.parse(line) as { origin: string; shop: string; accessToken: string; counts: { products: number } };
    expect(started).toMatchObject({ shop: "cli.myshopify.com", counts: { products: 7 } });
    const query = adminClient(started.origin, started.accessToken);
    expect((await query(`{ shop { myshopifyDomain } }`)).body.data).toEqual({ shop: { myshopifyDomain: "cli.myshopify.com" } });
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 40_000);
});
