import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { ADMIN_API_VERSION, repoRoot } from "./paths.js";
import { adminSchemaPath, loadAdminSchema, validateOperation } from "./schema.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import { adminClient } from "./testing.js";

describe("validateOperation", () => {
  it("loads Shopify's 2026-07 Admin schema, from the repository, once", () => {
    const schema = loadAdminSchema();
    expect(schema.getQueryType()?.name).toBe("QueryRoot");
    expect(schema.getType("Product")).toBeDefined();
    expect(loadAdminSchema()).toBe(schema);
    expect(adminSchemaPath()).toBe(path.join(repoRoot, "app", "types", `admin-${ADMIN_API_VERSION}.schema.json.gz`));
    expect(ADMIN_API_VERSION).toBe("2026-07");
  });

  it("accepts an operation the real API accepts", () => {
    expect(validateOperation(`query ShopInfo { shop { id name myshopifyDomain currencyCode currencyFormats { moneyFormat } } }`)).toEqual([]);
    expect(
      validateOperation(`mutation Publish($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id } userErrors { field message } } }`),
    ).toEqual([]);
  });

  it("rejects an unknown field with graphql-ruby's message, code and path", () => {
    const [error] = validateOperation(`query ShopInfo { shop { id colour } }`);
    expect(error.toJSON()).toEqual({
      message: "Field 'colour' doesn't exist on type 'Shop'",
      locations: [{ line: 1, column: 28 }],
      path: ["query ShopInfo", "shop", "colour"],
      extensions: { code: "undefinedField", typeName: "Shop", fieldName: "colour" },
    });
  });

  it("rejects fields removed before 2026-07, fields added after it, and arguments it does not take", () => {
    // Order.exchangeV2s was removed in 2026-01; Shop.analyticsAnnotations arrives in 2026-10.
    expect(validateOperation(`{ order(id: "gid://shopify/Order/1") { exchangeV2s(first: 1) { nodes { id } } } }`).map((e) => e.message)).toEqual([
      "Field 'exchangeV2s' doesn't exist on type 'Order'",
    ]);
    expect(validateOperation(`{ shop { analyticsAnnotations(first: 1) { nodes { id } } } }`).map((e) => e.message)).toEqual([
      "Field 'analyticsAnnotations' doesn't exist on type 'Shop'",
    ]);
    const [error] = validateOperation(`mutation { productCreate(product: { title: "x" }, draft: true) { product { id } } }`);
    expect(error.message).toBe("Field 'productCreate' doesn't accept argument 'draft'");
    expect(error.extensions.code).toBe("argumentNotAccepted");
  });

  it("names missing arguments, bad literals, variables and syntax errors as Shopify does", () => {
    expect(validateOperation(`{ product { id } }`)[0].message).toBe("Field 'product' is missing required arguments: id");
    expect(validateOperation(`{ products(first: "ten") { nodes { id } } }`)[0].message).toBe(
      `Argument 'first' on Field 'products' has an invalid value ("ten"). Expected type 'Int'.`,
    );
    expect(validateOperation(`query Q($id: String!) { product(id: $id) { id } }`)[0].message).toBe(
      "Type mismatch on variable $id and argument id (String! / ID!)",
    );
    expect(validateOperation(`{ shop { name }`)[0].message).toBe("Parse error on end of file at [1, 16]");
  });
});

describe("the Admin GraphQL endpoint", () => {
  let shopify: LocalShopify;
  let query: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    shopify = await startLocalShopify({ apiKey: "key", apiSecret: "secret", appUrl: "http://127.0.0.1:9" });
    const shop = await shopify.createShop("schema-test.myshopify.com", { seed: "tiny", storefront: false });
    query = adminClient(shopify.origin, shop.issueOfflineToken());
  });
  afterAll(() => shopify.close());

  it("answers an invalid operation with HTTP 200 and errors only", async () => {
    const res = await query(`{ shop { id colour } }`);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      expect.objectContaining({ message: "Field 'colour' doesn't exist on type 'Shop'", extensions: expect.objectContaining({ code: "undefinedField" }) }),
    ]);
  });

  it("answers an unknown or missing token with 401", async () => {
    const res = await fetch(`${shopify.origin}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": "shpat_nope" },
      body: JSON.stringify({ query: "{ shop { id } }" }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("refuses a token used for another shop (header or path)", async () => {
    const other = await shopify.createShop("schema-other.myshopify.com", { seed: "empty", storefront: false });
    const token = other.issueOfflineToken();
    const viaHeader = await fetch(`${shopify.origin}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token, "x-shopify-shop-domain": "schema-test.myshopify.com" },
      body: JSON.stringify({ query: "{ shop { id } }" }),
    });
    expect(viaHeader.status).toBe(401);
    const viaPath = await fetch(`${shopify.origin}/schema-other.myshopify.com/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
    });
    expect(await viaPath.json()).toMatchObject({ data: { shop: { myshopifyDomain: "schema-other.myshopify.com" } } });
  });

  it("reports bad variables the way graphql-ruby does", async () => {
    const res = await query(`query P($id: ID!) { product(id: $id) { id } }`, { id: null });
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        message: "Variable $id of type ID! was provided invalid value",
        extensions: { code: "INVALID_VARIABLE", value: null, problems: [{ path: [], explanation: "Expected value to not be null" }] },
      }),
    ]);
  });

  it("says so when a query reaches a field the local Shopify does not model", async () => {
    const res = await query(`{ shop { billingAddress { city } } }`);
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: "NOT_IMPLEMENTED_LOCALLY", typeName: "Shop", fieldName: "billingAddress" } });
  });
});
