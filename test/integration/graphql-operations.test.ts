// Every Admin API operation the app sends, validated against Shopify's own
// Admin schema of the version the app targets (app/types, committed): an
// unknown field fails here as it would at Shopify.
import { readdirSync } from "node:fs";
import path from "node:path";
import { validateOperation } from "../shopify-local/index.js";

const dir = path.resolve(import.meta.dirname, "../../app/graphql");

const operations = await Promise.all(
  readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map(async (file) => {
      const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
      return Object.entries(mod)
        .filter(([, value]) => typeof value === "string" && value.includes("#graphql"))
        .map(([name, source]) => ({ name: `${file}: ${name}`, source: source as string }));
    }),
).then((lists) => lists.flat());

describe("the app's Admin API operations", () => {
  it("are all found", () => {
    expect(operations.length).toBeGreaterThanOrEqual(6);
  });

  it.each(operations)("$name is valid against the Admin schema", ({ source }) => {
    expect(validateOperation(source).map((e) => e.message)).toEqual([]);
  });

  it("rejects a field Shopify does not have (the check can fail)", () => {
    expect(validateOperation("query { shop { name notAField } }").length).toBeGreaterThan(0);
  });
});
