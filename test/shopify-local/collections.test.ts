import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gid } from "./gid.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import { adminClient, startFakeApp } from "./testing.js";

type Nodes<T> = { nodes: T[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } };

describe("collections", () => {
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let shopify: LocalShopify;
  let shop: LocalShop;
  let query: ReturnType<typeof adminClient>;
  const sku = (s: string) => shop.store.variantBySku(s)!.productId;
  const collectionId = (handle: string) => shop.store.collectionByHandle(handle)!.id;

  beforeAll(async () => {
    app = await startFakeApp();
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "collections-secret", appUrl: app.url });
    shop = await shopify.createShop("collections.myshopify.com", { seed: "tiny", storefront: false });
    query = adminClient(shopify.origin, shop.issueOfflineToken());
  });
  afterAll(async () => {
    await shopify.close();
    await app.close();
  });

  it("lists, counts, finds and filters collections, smart and custom", async () => {
    const res = await query<{
      collections: Nodes<{
        id: string;
        title: string;
        handle: string;
        ruleSet: { appliedDisjunctively: boolean; rules: { column: string; relation: string; condition: string }[] } | null;
      }>;
      collectionsCount: { count: number };
      smart: Nodes<{ handle: string }>;
      byTitle: Nodes<{ handle: string }>;
      one: { title: string } | null;
      byHandle: { id: string } | null;
      byIdentifier: { handle: string } | null;
    }>(
      `query($id: ID!) {
        collections(first: 10, sortKey: TITLE) { nodes { id title handle ruleSet { appliedDisjunctively rules { column relation condition } } } }
        collectionsCount { count }
        smart: collections(first: 10, query: "collection_type:smart") { nodes { handle } }
        byTitle: collections(first: 10, query: "title:gift*") { nodes { handle } }
        one: collection(id: $id) { title }
        byHandle: collectionByHandle(handle: "retrospot") { id }
        byIdentifier: collectionByIdentifier(identifier: { handle: "gift-wrap" }) { handle }
      }`,
      { id: gid("Collection", collectionId("gift-wrap")) },
    );
    expect(res.body.errors).toBeUndefined();
    const data = res.body.data!;
    expect(data.collections.nodes.map((c) => c.title)).toEqual(["Coming soon", "Gift wrap", "Retrospot"]);
    expect(data.collections.nodes[2].ruleSet).toEqual({ appliedDisjunctively: false, rules: [{ column: "TAG", relation: "EQUALS", condition: "retrospot" }] });
    expect(data.collections.nodes[1].ruleSet).toBeNull();
    expect(data.collectionsCount.count).toBe(3);
    expect(data.smart.nodes.map((c) => c.handle)).toEqual(["retrospot"]);
    expect(data.byTitle.nodes.map((c) => c.handle)).toEqual(["gift-wrap"]);
    expect(data.one).toEqual({ title: "Gift wrap" });
    expect(data.byHandle).toEqual({ id: gid("Collection", collectionId("retrospot")) });
    expect(data.byIdentifier).toEqual({ handle: "gift-wrap" });
  });

  it("answers Collection.products and Product.collections from membership: listed for custom, by rules for smart", async () => {
    const res = await query<{
      collection: { products: Nodes<{ id: string }>; productsCount: { count: number }; hasProduct: boolean };
      product: { collections: Nodes<{ handle: string }> };
    }>(
      `query($c: ID!, $p: ID!) {
        collection(id: $c) { products(first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } productsCount { count } hasProduct(id: $p) }
        product(id: $p) { collections(first: 10) { nodes { handle } } }
      }`,
      { c: gid("Collection", collectionId("retrospot")), p: gid("Product", sku("MUG-RED")) },
    );
    expect(res.body.errors).toBeUndefined();
    const { collection, product } = res.body.data!;
    expect(collection.products.nodes).toEqual([{ id: gid("Product", sku("MUG-RED")) }]);
    expect(collection.products.pageInfo?.hasNextPage).toBe(true);
    expect(collection.productsCount.count).toBe(2);
    expect(collection.hasProduct).toBe(true);
    expect(product.collections.nodes.map((c) => c.handle)).toEqual(["retrospot"]);

    // A custom collection keeps the merchant's order; a deleted product leaves it.
    const giftWrap = shop.store.collectionByHandle("gift-wrap")!;
    expect(shop.store.collectionProducts(giftWrap).map((p) => p.id)).toEqual([sku("GIFT-10"), sku("BUNTING-DRAFT")]);
  });

  it("moves a product in and out of a smart collection when its tags change, with products/update only", async () => {
    const lantern = sku("LANTERN-WOOD");
    const collectionsOf = async () =>
      (
        await query<{ product: { collections: Nodes<{ handle: string }> } }>(
          `query($p: ID!) { product(id: $p) { collections(first: 5) { nodes { handle } } } }`,
          { p: gid("Product", lantern) },
        )
      ).body.data!.product.collections.nodes.map((c) => c.handle);
    expect(await collectionsOf()).toEqual([]);
    shop.updateProduct(lantern, { tags: ["Retrospot", "candles-and-lighting"] });
    expect(await collectionsOf()).toEqual(["retrospot"]);
    await shopify.settled();
    expect(shopify.webhookDeliveries.filter((d) => d.topic.startsWith("collections/"))).toEqual([]);
    shop.updateProduct(lantern, { tags: ["candles-and-lighting"] });
    expect(await collectionsOf()).toEqual([]);
  });

  it("sends collections/create, collections/update and collections/delete in REST shape", async () => {
    const created = shop.createCollection({ title: "Lighting", productIds: [sku("LANTERN-WOOD")] });
    const create = await app.waitFor((r) => r.headers["x-shopify-topic"] === "collections/create");
    expect(JSON.parse(create.body.toString())).toEqual({
      id: created.id,
      handle: "lighting",
      title: "Lighting",
      updated_at: created.updatedAt,
      body_html: "",
      published_at: created.publishedAt,
      sort_order: "manual",
      template_suffix: null,
      published_scope: "web",
      admin_graphql_api_id: gid("Collection", created.id),
    });
    shop.updateCollection(created.id, { title: "Lights", productIds: [] });
    const update = await app.waitFor((r) => r.headers["x-shopify-topic"] === "collections/update");
    expect(JSON.parse(update.body.toString())).toMatchObject({ id: created.id, title: "Lights" });
    expect(shop.store.collectionProducts(shop.store.collection(created.id)!)).toEqual([]);
    shop.deleteCollection(created.id);
    const deleted = await app.waitFor((r) => r.headers["x-shopify-topic"] === "collections/delete");
    expect(JSON.parse(deleted.body.toString())).toEqual({ id: created.id, published_scope: "web", admin_graphql_api_id: gid("Collection", created.id) });
    const gone = await query<{ collection: null }>(`query($id: ID!) { collection(id: $id) { id } }`, { id: gid("Collection", created.id) });
    expect(gone.body.data!.collection).toBeNull();
  });

  it("exports products with their collections in bulk, each collection line after its product", async () => {
    const res = await query<{ bulkOperationRunQuery: { bulkOperation: { id: string } | null; userErrors: unknown[] } }>(
      `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: true) { bulkOperation { id } userErrors { message } } }`,
      { q: `{ products { edges { node { id title collections { edges { node { id title } } } } } } }` },
    );
    expect(res.body.data!.bulkOperationRunQuery.userErrors).toEqual([]);
    await shop.bulk.whenIdle();
    const op = await query<{ node: { status: string; url: string } }>(`query($id: ID!) { node(id: $id) { ... on BulkOperation { status url } } }`, {
      id: res.body.data!.bulkOperationRunQuery.bulkOperation!.id,
    });
    expect(op.body.data!.node.status).toBe("COMPLETED");
    const lines = (await (await fetch(op.body.data!.node.url)).text())
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { id: string; __parentId?: string; title: string });
    const mug = gid("Product", sku("MUG-RED"));
    const at = lines.findIndex((l) => l.id === mug);
    expect(lines[at + 1]).toEqual({ id: gid("Collection", collectionId("retrospot")), title: "Retrospot", __parentId: mug });
    const gift = gid("Product", sku("GIFT-10"));
    expect(lines.filter((l) => l.__parentId === gift).map((l) => l.title)).toEqual(["Gift wrap"]);
  });
});
