import { execute, parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RequestContext } from "./graphql/context.js";
import { fieldResolver, typeResolver } from "./graphql/resolvers/index.js";
import { loadAdminSchema } from "./schema.js";
import { webhookHmac } from "./webhooks.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import { adminClient, startFakeApp } from "./testing.js";

const PRODUCTS = `{
  products {
    edges { node {
      id title handle status tags
      seo { title description }
      variants { edges { node { id sku price inventoryQuantity position } } }
      media { edges { node { id mediaContentType alt preview { image { url } } } } }
      collections { edges { node { id title handle updatedAt ruleSet { appliedDisjunctively } } } }
    } }
  }
}`;

const ORDERS = `{
  orders(query: "processed_at:>='2024-06-01'") {
    nodes {
      id name processedAt customer { id }
      totalPriceSet { shopMoney { amount } }
      lineItems { nodes { id quantity sku variant { id } product { id } originalUnitPriceSet { shopMoney { amount } } } }
    }
  }
}`;

type Json = Record<string, unknown>;

/** The JSONL Shopify documents, built the slow way: graphql.execute, then flattening. */
function referenceLines(shop: LocalShop, query: string): string[] {
  const ctx: RequestContext = { shop, unpaginated: true, searchWarnings: [] };
  const result = execute({ schema: loadAdminSchema(), document: parse(query), contextValue: ctx, fieldResolver, typeResolver });
  if ("then" in result || result.errors) throw new Error(JSON.stringify((result as { errors?: unknown }).errors));
  const lines: string[] = [];
  const isConnection = (v: unknown): v is { edges?: { node: Json }[]; nodes?: Json[] } =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).every((k) => k === "edges" || k === "nodes" || k === "pageInfo");
  const nodesOf = (c: { edges?: { node: Json }[]; nodes?: Json[] }) => c.nodes ?? c.edges!.map((e) => e.node);
  const emit = (node: Json, parentId: string | null) => {
    const own: Json = {};
    const children: Json[][] = [];
    for (const [k, v] of Object.entries(node)) {
      if (isConnection(v)) children.push(nodesOf(v));
      else own[k] = v;
    }
    if (parentId) own.__parentId = parentId;
    lines.push(JSON.stringify(own));
    for (const list of children) for (const child of list) emit(child, node.id as string);
  };
  const root = Object.values(result.data as Json)[0] as { edges?: { node: Json }[]; nodes?: Json[] };
  for (const node of nodesOf(root)) emit(node, null);
  return lines;
}

describe("bulk operations", () => {
  let shopify: LocalShopify;
  let shop: LocalShop;
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let query: ReturnType<typeof adminClient>;

  const run = async (inner: string, { groupObjects }: { groupObjects?: boolean } = {}) => {
    const res = await query<{
      bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: { field: string[] | null; message: string; code: string }[] };
    }>(
      groupObjects === undefined
        ? `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } } }`
        : `mutation($q: String!, $g: Boolean!) { bulkOperationRunQuery(query: $q, groupObjects: $g) { bulkOperation { id status } userErrors { field message code } } }`,
      groupObjects === undefined ? { q: inner } : { q: inner, g: groupObjects },
    );
    return res.body.data!.bulkOperationRunQuery;
  };
  const status = async (id: string) => {
    const res = await query<{
      node: {
        status: string;
        errorCode: string | null;
        objectCount: string;
        rootObjectCount: string;
        fileSize: string | null;
        url: string | null;
        partialDataUrl: string | null;
      };
    }>(`query($id: ID!) { node(id: $id) { ... on BulkOperation { status errorCode objectCount rootObjectCount fileSize url partialDataUrl } } }`, { id });
    return res.body.data!.node;
  };
  const finished = async (id: string) => {
    await shop.bulk.whenIdle();
    return status(id);
  };

  beforeAll(async () => {
    app = await startFakeApp();
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "bulk-secret", appUrl: app.url });
    shop = await shopify.createShop("bulk.myshopify.com", { seed: "generated", maxProducts: 40, maxOrders: 300, storefront: false });
    query = adminClient(shopify.origin, shop.issueOfflineToken());
  });
  afterAll(async () => {
    await shopify.close();
    await app.close();
  });

  it("writes Shopify's JSONL grouped on request: one node per line, nested nodes right after their parent with __parentId", async () => {
    const { bulkOperation, userErrors } = await run(PRODUCTS, { groupObjects: true });
    expect(userErrors).toEqual([]);
    expect(bulkOperation!.status).toBe("CREATED");
    const op = await finished(bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", errorCode: null, rootObjectCount: String(shop.store.products.size) });

    const text = await (await fetch(op.url!)).text();
    expect(Number(op.fileSize)).toBe(Buffer.byteLength(text));
    const lines = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Json);
    expect(lines).toHaveLength(Number(op.objectCount));

    const first = shop.store.productList()[0];
    expect(lines[0]).toEqual({
      id: `gid://shopify/Product/${first.id}`,
      title: first.title,
      handle: first.handle,
      status: first.status,
      tags: first.tags,
      seo: { title: null, description: null },
    });
    expect(lines[1]).toMatchObject({ id: `gid://shopify/ProductVariant/${first.variants[0].id}`, sku: first.variants[0].sku, __parentId: lines[0].id });
    expect(lines[2]).toMatchObject({ mediaContentType: "IMAGE", preview: { image: { url: first.media[0].url } }, __parentId: lines[0].id });
    // No edges/node wrappers anywhere, and every child comes after its parent.
    const seen = new Set<unknown>();
    for (const line of lines) {
      expect(Object.keys(line)).not.toContain("edges");
      expect(Object.keys(line)).not.toContain("variants");
      if (line.__parentId) expect(seen.has(line.__parentId)).toBe(true);
      seen.add(line.id);
    }
  });

  it("gives the same lines as graphql.execute would", async () => {
    for (const q of [PRODUCTS, ORDERS]) {
      const { bulkOperation } = await run(q, { groupObjects: true });
      const op = await finished(bulkOperation!.id);
      const text = await (await fetch(op.url!)).text();
      expect(text.trimEnd().split("\n")).toEqual(referenceLines(shop, q));
    }
  });

  it("does not group by default (2026-01 on): the same lines, but nested objects no longer follow their parent", async () => {
    const { bulkOperation } = await run(PRODUCTS);
    const op = await finished(bulkOperation!.id);
    const lines = (await (await fetch(op.url!)).text()).trimEnd().split("\n");
    const reference = referenceLines(shop, PRODUCTS);
    expect([...lines].sort()).toEqual([...reference].sort());
    expect(lines).not.toEqual(reference);
    const parsed = lines.map((l) => JSON.parse(l) as Json);
    const firstChild = parsed.findIndex((l) => l.__parentId);
    const parentAt = parsed.findIndex((l) => l.id === parsed[firstChild].__parentId);
    expect(parentAt).toBeGreaterThan(firstChild);
  });

  it("runs up to five query operations at once per shop, then answers LIMIT_REACHED", async () => {
    shop.bulk.chunkDelayMs = 20;
    const started = [];
    for (let i = 0; i < 5; i++) started.push(await run(ORDERS));
    expect(started.map((s) => s.userErrors)).toEqual([[], [], [], [], []]);
    const sixth = await run(PRODUCTS);
    expect(sixth).toEqual({
      bulkOperation: null,
      userErrors: [{ field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" }],
    });
    const last = started[4].bulkOperation!.id;
    const current = await query<{ currentBulkOperation: { id: string; status: string } }>(`{ currentBulkOperation(type: QUERY) { id status } }`);
    expect(current.body.data!.currentBulkOperation.id).toBe(last);
    expect(["CREATED", "RUNNING"]).toContain(current.body.data!.currentBulkOperation.status);
    const byId = await query<{ bulkOperation: { id: string } | null }>(`query($id: ID!) { bulkOperation(id: $id) { id } }`, { id: last });
    expect(byId.body.data!.bulkOperation).toEqual({ id: last });
    shop.bulk.chunkDelayMs = 0;
    for (const s of started) expect((await finished(s.bulkOperation!.id)).status).toBe("COMPLETED");
  });

  it("can be canceled while running", async () => {
    shop.bulk.chunkDelayMs = 30;
    const { bulkOperation } = await run(ORDERS);
    const res = await query<{ bulkOperationCancel: { bulkOperation: { status: string }; userErrors: unknown[] } }>(
      `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { field message } } }`,
      { id: bulkOperation!.id },
    );
    expect(res.body.data!.bulkOperationCancel).toEqual({ bulkOperation: { status: "CANCELING" }, userErrors: [] });
    shop.bulk.chunkDelayMs = 0;
    expect((await finished(bulkOperation!.id)).status).toBe("CANCELED");
  });

  it("rejects inner queries that are invalid or break the bulk rules, as userErrors", async () => {
    expect((await run(`{ products { edges { node { id colour } } } }`)).userErrors).toEqual([
      { field: ["query"], message: "Invalid bulk query: Field 'colour' doesn't exist on type 'Product'", code: "INVALID" },
    ]);
    expect((await run(`{ shop { name } }`)).userErrors[0].message).toBe("Bulk queries must contain at least one connection.");
    expect((await run(`{ node(id: "gid://shopify/Product/1") { id } }`)).userErrors[0].message).toMatch(/node/);
    expect((await run(`{ products { nodes { title variants { nodes { id } } } } }`)).userErrors[0].message).toMatch(/must select the 'id' field.*variants/);
    expect((await run(`{ customers { nodes { id orders { nodes { id lineItems { nodes { id } } } } } } }`)).userErrors[0].message).toMatch(/nesting depth/);
  });

  it("fails on demand, with the partial data so far", async () => {
    shop.bulk.failNext({ errorCode: "TIMEOUT", afterObjects: 10 });
    const { bulkOperation } = await run(PRODUCTS);
    const op = await finished(bulkOperation!.id);
    expect(op).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", url: null, objectCount: "10" });
    const partial = await (await fetch(op.partialDataUrl!)).text();
    expect(partial.trimEnd().split("\n")).toHaveLength(10);
  });

  it("injects garbage lines on demand, between valid ones", async () => {
    shop.bulk.injectGarbageLines(3);
    const { bulkOperation } = await run(PRODUCTS, { groupObjects: true });
    const op = await finished(bulkOperation!.id);
    const lines = (await (await fetch(op.url!)).text()).trimEnd().split("\n");
    expect(lines).toHaveLength(Number(op.objectCount) + 3);
    const unparseable = lines.filter((l) => {
      try {
        const v = JSON.parse(l) as Json;
        return typeof v.id !== "string";
      } catch {
        return true;
      }
    });
    expect(unparseable).toHaveLength(3);
    expect(lines[0]).toMatch(/^\{"id":"gid:\/\/shopify\/Product\//);
  });

  it("keeps the newest result files only; older operations turn EXPIRED", async () => {
    const { bulkOperation: first } = await run(PRODUCTS);
    await finished(first!.id);
    for (let i = 0; i < 6; i++) await finished((await run(`{ products(first: 1) { edges { node { id } } } }`)).bulkOperation!.id);
    expect(await status(first!.id)).toMatchObject({ status: "EXPIRED", url: null });
  });

  it("completes without a file when nothing matches, and tells the app by webhook", async () => {
    const { bulkOperation } = await run(`{ products(query: "title:no-such-product") { edges { node { id } } } }`);
    const op = await finished(bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", objectCount: "0", url: null, fileSize: null });
    const hook = await app.waitFor((r) => r.headers["x-shopify-topic"] === "bulk_operations/finish" && r.body.toString().includes(bulkOperation!.id));
    expect(hook.headers["x-shopify-hmac-sha256"]).toBe(webhookHmac(hook.body, "bulk-secret"));
    expect(JSON.parse(hook.body.toString())).toEqual({
      admin_graphql_api_id: bulkOperation!.id,
      completed_at: expect.any(String),
      created_at: expect.any(String),
      error_code: null,
      status: "completed",
      type: "query",
    });
  });
});
