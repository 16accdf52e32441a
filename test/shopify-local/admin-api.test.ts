import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gid } from "./gid.js";
import { productPayload } from "./payloads.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import { adminClient, startFakeApp, type GraphQLResponse } from "./testing.js";

type Page = {
  nodes: { id: string; title?: string }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
};

describe("Admin API queries", () => {
  let shopify: LocalShopify;
  let shop: LocalShop;
  let query: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "secret", appUrl: "http://127.0.0.1:9" });
    shop = await shopify.createShop("queries.myshopify.com", { seed: "generated", maxProducts: 60, maxOrders: 200, webhooks: false, storefront: false });
    query = adminClient(shopify.origin, shop.issueOfflineToken());
  });
  afterAll(() => shopify.close());

  it("pages products forwards with first/after until hasNextPage is false", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: GraphQLResponse<{ products: Page }> = await query<{ products: Page }>(
        `query($after: String) { products(first: 25, after: $after) { nodes { id } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
        { after },
      );
      const { nodes, pageInfo }: Page = res.body.data!.products;
      seen.push(...nodes.map((n) => n.id));
      expect(pageInfo.hasPreviousPage).toBe(page > 0);
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(seen).toHaveLength(shop.store.products.size);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(shop.store.productList().map((p) => gid("Product", p.id)));
  });

  it("pages backwards with last/before, and edges carry the cursors", async () => {
    const all = shop.store.productList().map((p) => gid("Product", p.id));
    const res = await query<{ products: { edges: { cursor: string; node: { id: string } }[]; pageInfo: Page["pageInfo"] } }>(
      `{ products(last: 3) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor } } }`,
    );
    const { edges, pageInfo } = res.body.data!.products;
    expect(edges.map((e) => e.node.id)).toEqual(all.slice(-3));
    expect(pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true, startCursor: edges[0].cursor });
    const before = await query<{ products: Page }>(`query($before: String) { products(last: 2, before: $before) { nodes { id } } }`, {
      before: pageInfo.startCursor,
    });
    expect(before.body.data!.products.nodes.map((n) => n.id)).toEqual(all.slice(-5, -3));
  });

  it("requires first or last, and at most 250", async () => {
    const missing = await query(`{ products { nodes { id } } }`);
    expect((missing.body.errors as { message: string }[])[0].message).toBe("you must provide one of first or last");
    const tooMany = await query(`{ orders(first: 251) { nodes { id } } }`);
    expect((tooMany.body.errors as { message: string }[])[0].message).toMatch(/250/);
  });

  it("filters with Shopify's search syntax: status, id, updated_at, tags and free text", async () => {
    const products = shop.store.productList();
    const middle = products[30];
    const byId = await query<{ products: Page }>(`query($q: String) { products(first: 250, query: $q) { nodes { id } } }`, { q: `id:>${middle.id}` });
    expect(byId.body.data!.products.nodes).toHaveLength(products.filter((p) => p.id > middle.id).length);

    const active = await query<{ products: Page }>(`{ products(first: 250, query: "status:active") { nodes { id } } }`);
    expect(active.body.data!.products.nodes).toHaveLength(products.filter((p) => p.status === "ACTIVE").length);

    const refreshed = `${middle.title} (refreshed)`;
    shop.updateProduct(middle.id, { title: refreshed });
    const since = new Date(Date.now() - 60_000).toISOString();
    const updated = await query<{ products: Page }>(`query($q: String) { products(first: 10, query: $q) { nodes { id title } } }`, {
      q: `updated_at:>'${since}'`,
    });
    expect(updated.body.data!.products.nodes).toEqual([{ id: gid("Product", middle.id), title: refreshed }]);

    const tagged = await query<{ products: Page }>(`{ products(first: 250, query: "tag:retrospot OR tag:vintage") { nodes { id } } }`);
    expect(tagged.body.data!.products.nodes).toHaveLength(products.filter((p) => p.tags.includes("retrospot") || p.tags.includes("vintage")).length);

    const orders = await query<{ orders: { nodes: { processedAt: string }[] } }>(
      `{ orders(first: 250, query: "processed_at:>='2024-07-01' processed_at:<'2024-08-01'") { nodes { processedAt } } }`,
    );
    const july = shop.store.orderList().filter((o) => o.processedAt >= "2024-07-01" && o.processedAt < "2024-08-01");
    expect(orders.body.data!.orders.nodes).toHaveLength(july.length);
  });

  it("reports unknown search fields in extensions.search, as Shopify does", async () => {
    const res = await query(`{ products(first: 1, query: "colour:red") { nodes { id } } }`);
    expect(res.body.extensions?.search).toEqual([
      { path: ["products"], query: "colour:red", warnings: [{ field: "colour", message: "Invalid search field for this query." }] },
    ]);
  });

  it("sorts with sortKey and reverse, and pages stay consistent", async () => {
    const res = await query<{ products: Page }>(`{ products(first: 5, sortKey: TITLE, reverse: true) { nodes { title } pageInfo { endCursor } } }`);
    const titles = shop.store
      .productList()
      .map((p) => p.title.toLowerCase())
      .sort()
      .reverse();
    expect(res.body.data!.products.nodes.map((n) => n.title!.toLowerCase())).toEqual(titles.slice(0, 5));
    const next = await query<{ products: Page }>(`query($a: String) { products(first: 5, after: $a, sortKey: TITLE, reverse: true) { nodes { title } } }`, {
      a: res.body.data!.products.pageInfo.endCursor,
    });
    expect(next.body.data!.products.nodes.map((n) => n.title!.toLowerCase())).toEqual(titles.slice(5, 10));
  });

  it("serves a product's options and its variants' values, and Shopify's Title placeholder for a product without options", async () => {
    const coloured = shop.store.productList().find((p) => p.options[0]?.name === "Colour")!;
    const plain = shop.store.productList().find((p) => p.options[0]?.name === "Title")!;
    const optionsOf = async (id: number) => {
      const res = await query<{ product: Record<string, unknown> }>(
        `query($id: ID!) { product(id: $id) {
          options { name position values optionValues { name hasVariants } }
          first: options(first: 0) { name }
          variants(first: 5) { nodes { title selectedOptions { name value optionValue { name } } } }
        } }`,
        { id: gid("Product", id) },
      );
      expect(res.body.errors).toBeUndefined();
      return res.body.data!.product;
    };
    const colour = coloured.options[0].values[0];
    expect(await optionsOf(coloured.id)).toEqual({
      options: [{ name: "Colour", position: 1, values: [colour], optionValues: [{ name: colour, hasVariants: true }] }],
      first: [],
      variants: { nodes: [{ title: colour, selectedOptions: [{ name: "Colour", value: colour, optionValue: { name: colour } }] }] },
    });
    expect((await optionsOf(plain.id)).options).toEqual([
      { name: "Title", position: 1, values: ["Default Title"], optionValues: [{ name: "Default Title", hasVariants: true }] },
    ]);

    // The REST payload (products/update) carries the same options, and each variant its value as option1.
    const payload = productPayload(coloured);
    expect(payload.options).toEqual([{ id: coloured.id * 10 + 1, product_id: coloured.id, name: "Colour", position: 1, values: [colour] }]);
    expect(payload.variants[0]).toMatchObject({ title: colour, option1: colour, option2: null, option3: null });
    expect(productPayload(plain).options).toMatchObject([{ name: "Title", values: ["Default Title"] }]);
  });

  it("serves products with Shopify's field shapes", async () => {
    const p = shop.store.productList()[0];
    const res = await query<{ product: Record<string, unknown> }>(
      `query($id: ID!) { product(id: $id) {
        id legacyResourceId title handle descriptionHtml description vendor productType status tags isGiftCard totalInventory tracksInventory createdAt updatedAt publishedAt onlineStoreUrl
        seo { title description }
        priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount } }
        featuredMedia { ... on MediaImage { id image { url altText width height } } }
        variants(first: 5) { nodes { id title sku price compareAtPrice inventoryQuantity availableForSale position product { id } } }
        media(first: 5) { nodes { id alt mediaContentType status preview { image { url } } ... on MediaImage { image { url } } } }
      } }`,
      { id: gid("Product", p.id) },
    );
    const product = res.body.data!.product;
    expect(res.body.errors).toBeUndefined();
    expect(product).toMatchObject({
      id: gid("Product", p.id),
      legacyResourceId: String(p.id),
      status: p.status,
      priceRangeV2: { minVariantPrice: { amount: p.variants[0].price, currencyCode: "GBP" } },
      variants: { nodes: [{ sku: p.variants[0].sku, price: p.variants[0].price, position: 1, product: { id: gid("Product", p.id) } }] },
      media: { nodes: [{ mediaContentType: "IMAGE", status: "READY", preview: { image: { url: `${shopify.origin}/cdn/products/${p.handle}.svg` } } }] },
    });
    const image = await fetch(`${shopify.origin}/cdn/products/${p.handle}.svg`);
    expect(image.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("finds records by node/nodes, and null for ids it does not have", async () => {
    const order = shop.store.orderList()[0];
    const product = shop.store.productList()[0];
    const res = await query<{ nodes: ({ id: string; name?: string; title?: string } | null)[] }>(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Order { name } ... on Product { title } } }`,
      { ids: [gid("Order", order.id), gid("Product", product.id), gid("Product", 1)] },
    );
    expect(res.body.data!.nodes).toEqual([{ id: gid("Order", order.id), name: order.name }, { id: gid("Product", product.id), title: product.title }, null]);
    const bad = await query(`{ node(id: "42") { id } }`);
    expect((bad.body.errors as { message: string }[])[0].message).toBe("Invalid global id '42'");
  });

  it("serves orders with line items, customers and the shop", async () => {
    const order = shop.store.orderList().find((o) => o.customerId !== null)!;
    const res = await query<{ order: Record<string, unknown>; shop: Record<string, unknown>; appInstallation: { accessScopes: { handle: string }[] } }>(
      `query($id: ID!) {
        order(id: $id) { id name processedAt displayFinancialStatus currencyCode totalPriceSet { shopMoney { amount currencyCode } } customer { id numberOfOrders }
          lineItems(first: 50) { nodes { id title quantity sku variant { id } product { id } originalUnitPriceSet { shopMoney { amount } } } } }
        shop { name myshopifyDomain currencyCode currencyFormats { moneyFormat moneyWithCurrencyFormat } plan { displayName } }
        appInstallation { accessScopes { handle } }
      }`,
      { id: gid("Order", order.id) },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.order).toMatchObject({
      name: order.name,
      displayFinancialStatus: "PAID",
      totalPriceSet: { shopMoney: { amount: shop.store.orderTotal(order), currencyCode: "GBP" } },
      customer: { id: gid("Customer", order.customerId!) },
    });
    expect((res.body.data!.order.lineItems as { nodes: unknown[] }).nodes).toHaveLength(order.lineItems.length);
    expect(res.body.data!.shop).toMatchObject({
      myshopifyDomain: "queries.myshopify.com",
      currencyCode: "GBP",
      currencyFormats: { moneyFormat: "£{{amount}}" },
    });
    expect(res.body.data!.appInstallation.accessScopes.map((s) => s.handle)).toContain("write_products");
  });
});

describe("Admin API mutations", () => {
  let shopify: LocalShopify;
  let shop: LocalShop;
  let app: Awaited<ReturnType<typeof startFakeApp>>;
  let query: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    app = await startFakeApp();
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "secret", appUrl: app.url });
    shop = await shopify.createShop("mutations.myshopify.com", { seed: "tiny", storefront: false });
    query = adminClient(shopify.origin, shop.issueOfflineToken());
  });
  afterAll(async () => {
    await shopify.close();
    await app.close();
  });

  it("creates, updates and deletes products, with webhooks for each", async () => {
    const created = await query<{ productCreate: { product: { id: string; handle: string; status: string } | null; userErrors: unknown[] } }>(
      `mutation($product: ProductCreateInput!) { productCreate(product: $product) { product { id handle status } userErrors { field message } } }`,
      { product: { title: "Blue Owl Soft Toy", productType: "Toys & Kids", tags: ["owl", "kids"] } },
    );
    const product = created.body.data!.productCreate.product!;
    expect(product).toMatchObject({ handle: "blue-owl-soft-toy", status: "ACTIVE" });
    await app.waitFor((r) => r.headers["x-shopify-topic"] === "products/create");

    const updated = await query<{ productUpdate: { product: { title: string; seo: { description: string } } } }>(
      `mutation($product: ProductUpdateInput!) { productUpdate(product: $product) { product { title seo { description } } userErrors { field message } } }`,
      { product: { id: product.id, title: "Blue Owl Plush Toy", seo: { description: "A soft owl." } } },
    );
    expect(updated.body.data!.productUpdate.product).toEqual({ title: "Blue Owl Plush Toy", seo: { description: "A soft owl." } });
    const webhook = await app.waitFor((r) => r.headers["x-shopify-topic"] === "products/update");
    const payload = JSON.parse(webhook.body.toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ admin_graphql_api_id: product.id, title: "Blue Owl Plush Toy", status: "active", tags: "owl, kids" });
    expect(typeof payload.id).toBe("number");

    const deleted = await query<{ productDelete: { deletedProductId: string } }>(
      `mutation($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { field message } } }`,
      { id: product.id },
    );
    expect(deleted.body.data!.productDelete.deletedProductId).toBe(product.id);
    const deletion = await app.waitFor((r) => r.headers["x-shopify-topic"] === "products/delete");
    expect(JSON.parse(deletion.body.toString())).toEqual({ id: Number(product.id.split("/").pop()) });
  });

  it("redirects the old product URL when a new handle is published with redirectNewHandle, and only then", async () => {
    const created = await query<{ productCreate: { product: { id: string; handle: string } } }>(
      `mutation { productCreate(product: { title: "Garden Lantern" }) { product { id handle } userErrors { field message } } }`,
    );
    const { id, handle } = created.body.data!.productCreate.product;
    type Redirects = { urlRedirects: { nodes: { id: string; path: string; target: string }[] }; urlRedirectsCount: { count: number } };
    const redirectsFrom = async (path: string) =>
      (
        await query<Redirects>(`query($q: String) { urlRedirects(first: 10, query: $q) { nodes { id path target } } urlRedirectsCount(query: $q) { count } }`, {
          q: `path:'${path}'`,
        })
      ).body.data!;
    const update = (product: object) =>
      query<{ productUpdate: { product: { handle: string }; userErrors: unknown[] } }>(
        `mutation($product: ProductUpdateInput!) { productUpdate(product: $product) { product { handle } userErrors { field message } } }`,
        { product },
      );

    // Without redirectNewHandle the old URL simply stops working.
    expect((await update({ id, handle: "garden-lantern-plain" })).body.data!.productUpdate.product.handle).toBe("garden-lantern-plain");
    expect((await redirectsFrom(`/products/${handle}`)).urlRedirectsCount.count).toBe(0);

    const renamed = await update({ id, handle: "solar-garden-lantern", redirectNewHandle: true });
    expect(renamed.body.data!.productUpdate).toEqual({ product: { handle: "solar-garden-lantern" }, userErrors: [] });
    const found = await redirectsFrom("/products/garden-lantern-plain");
    expect(found.urlRedirectsCount.count).toBe(1);
    expect(found.urlRedirects.nodes[0]).toMatchObject({ path: "/products/garden-lantern-plain", target: "/products/solar-garden-lantern" });
    expect(found.urlRedirects.nodes[0].id).toMatch(/^gid:\/\/shopify\/UrlRedirect\/\d+$/);
    const byId = await query<{ urlRedirect: unknown; node: unknown }>(
      `query($id: ID!) { urlRedirect(id: $id) { path target } node(id: $id) { ... on UrlRedirect { target } } }`,
      { id: found.urlRedirects.nodes[0].id },
    );
    expect(byId.body.data).toEqual({
      urlRedirect: { path: "/products/garden-lantern-plain", target: "/products/solar-garden-lantern" },
      node: { target: "/products/solar-garden-lantern" },
    });

    // The same handle again changes nothing; a field the schema does not have is refused before anything runs.
    await update({ id, handle: "solar-garden-lantern", redirectNewHandle: true });
    expect(shop.store.urlRedirectList().filter((r) => r.target === "/products/solar-garden-lantern")).toHaveLength(1);
    const invalid = await query(`{ urlRedirects(first: 1) { nodes { id source } } }`);
    expect((invalid.body.errors as { message: string }[])[0].message).toBe("Field 'source' doesn't exist on type 'UrlRedirect'");
  });

  it("answers bad input with userErrors and writes nothing", async () => {
    const before = shop.store.products.size;
    const blank = await query<{ productCreate: { product: null; userErrors: unknown[] } }>(
      `mutation { productCreate(product: { title: "  " }) { product { id } userErrors { field message } } }`,
    );
    expect(blank.body.data!.productCreate).toEqual({ product: null, userErrors: [{ field: ["title"], message: "Title can't be blank" }] });
    const unknown = await query<{ productUpdate: unknown }>(
      `mutation { productUpdate(product: { id: "gid://shopify/Product/1", title: "x" }) { product { id } userErrors { field message } } }`,
    );
    expect(unknown.body.data!.productUpdate).toEqual({ product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] });
    const gone = await query<{ productDelete: unknown }>(
      `mutation { productDelete(input: { id: "gid://shopify/Product/1" }) { deletedProductId userErrors { field message } } }`,
    );
    expect(gone.body.data!.productDelete).toEqual({ deletedProductId: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] });
    expect(shop.store.products.size).toBe(before);
  });

  it("sets metafields atomically and checks product references exist", async () => {
    const [mug, towel, lantern] = shop.store.productList();
    const set = `mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { metafields { id namespace key type value } userErrors { field message code elementIndex } } }`;
    const ok = await query<{ metafieldsSet: { metafields: { key: string; value: string }[]; userErrors: unknown[] } }>(set, {
      m: [
        {
          ownerId: gid("Product", mug.id),
          namespace: "shopify--discovery--product_recommendation",
          key: "related_products",
          type: "list.product_reference",
          value: JSON.stringify([gid("Product", towel.id), gid("Product", lantern.id)]),
        },
      ],
    });
    expect(ok.body.data!.metafieldsSet.userErrors).toEqual([]);
    expect(mug.metafields).toHaveLength(1);

    const bad = await query<{ metafieldsSet: { metafields: null; userErrors: { field: string[]; code: string; elementIndex: number }[] } }>(set, {
      m: [
        { ownerId: gid("Product", towel.id), namespace: "custom", key: "fine", type: "single_line_text_field", value: "ok" },
        {
          ownerId: gid("Product", towel.id),
          namespace: "custom",
          key: "related",
          type: "list.product_reference",
          value: JSON.stringify([gid("Product", 999)]),
        },
        { ownerId: gid("Product", towel.id), namespace: "custom", key: "broken", type: "list.product_reference", value: "not json" },
      ],
    });
    expect(bad.body.data!.metafieldsSet.metafields).toBeNull();
    expect(bad.body.data!.metafieldsSet.userErrors).toEqual([
      expect.objectContaining({ field: ["metafields", "1", "value"], code: "INVALID_VALUE", elementIndex: 1 }),
      expect.objectContaining({ field: ["metafields", "2", "value"], code: "INVALID_VALUE", elementIndex: 2 }),
    ]);
    expect(towel.metafields).toHaveLength(0);

    const read = await query<{ product: { metafield: { references: { nodes: { id: string }[] } } } }>(
      `query($id: ID!) { product(id: $id) { metafield(namespace: "shopify--discovery--product_recommendation", key: "related_products") { references(first: 5) { nodes { ... on Product { id } } } } } }`,
      { id: gid("Product", mug.id) },
    );
    expect(read.body.data!.product.metafield.references.nodes.map((n) => n.id)).toEqual([gid("Product", towel.id), gid("Product", lantern.id)]);

    const del = await query<{ metafieldsDelete: { deletedMetafields: unknown[] } }>(
      `mutation($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { key namespace ownerId } userErrors { field message } } }`,
      {
        m: [
          { ownerId: gid("Product", mug.id), namespace: "shopify--discovery--product_recommendation", key: "related_products" },
          { ownerId: gid("Product", mug.id), namespace: "custom", key: "none" },
        ],
      },
    );
    expect(del.body.data!.metafieldsDelete.deletedMetafields).toEqual([
      { key: "related_products", namespace: "shopify--discovery--product_recommendation", ownerId: gid("Product", mug.id) },
      null,
    ]);
  });

  it("updates media alt text with fileUpdate and productUpdateMedia", async () => {
    const mug = shop.store.productList()[0];
    const media = mug.media[0];
    const res = await query<{ fileUpdate: { files: { id: string; alt: string }[]; userErrors: unknown[] } }>(
      `mutation($files: [FileUpdateInput!]!) { fileUpdate(files: $files) { files { id alt } userErrors { field message code } } }`,
      { files: [{ id: gid("MediaImage", media.id), alt: "A red mug with white spots" }] },
    );
    expect(res.body.data!.fileUpdate).toEqual({ files: [{ id: gid("MediaImage", media.id), alt: "A red mug with white spots" }], userErrors: [] });
    const missing = await query<{ fileUpdate: { userErrors: { code: string }[] } }>(
      `mutation { fileUpdate(files: [{ id: "gid://shopify/MediaImage/1", alt: "x" }]) { files { id } userErrors { field message code } } }`,
    );
    expect(missing.body.data!.fileUpdate.userErrors[0]).toMatchObject({ field: ["files", "0", "id"], code: "FILE_DOES_NOT_EXIST" });

    const viaProduct = await query<{ productUpdateMedia: { media: { alt: string }[]; mediaUserErrors: unknown[] } }>(
      `mutation($p: ID!, $m: [UpdateMediaInput!]!) { productUpdateMedia(productId: $p, media: $m) { media { alt } mediaUserErrors { field message code } } }`,
      { p: gid("Product", mug.id), m: [{ id: gid("MediaImage", media.id), alt: "Spotty red mug" }] },
    );
    expect(viaProduct.body.data!.productUpdateMedia).toEqual({ media: [{ alt: "Spotty red mug" }], mediaUserErrors: [] });
    expect(media.alt).toBe("Spotty red mug");
  });
});
