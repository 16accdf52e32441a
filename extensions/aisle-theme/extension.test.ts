// The theme app extension as Shopify will judge it: block schemas (which Theme
// Check does not validate), translations, Theme Check itself, and the
// JavaScript budget.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { Severity } from "@shopify/theme-check-node";
import { buildStorefrontScripts } from "../../scripts/build-storefront";
import { formatOffense, runThemeCheck } from "../../scripts/theme-check";
import { lookup, readBlocks, readLocales, type Translations } from "../../test/shopify-local/storefront/extension";

const ROOT = import.meta.dirname;
const blocks = readBlocks(ROOT);
const schemaLocales = readLocales(ROOT, "schema");
const storefrontLocales = readLocales(ROOT, "storefront");

// Setting types that carry no value (and so no id).
const SIDEBAR_TYPES = new Set(["header", "paragraph"]);
const TEMPLATES = new Set([
  "*",
  "index",
  "product",
  "collection",
  "cart",
  "search",
  "page",
  "blog",
  "article",
  "list-collections",
  "404",
  "password",
  "customers/account",
  "customers/order",
  "gift_card",
]);

function leafKeys(tree: Translations, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value && typeof value === "object" ? leafKeys(value as Translations, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function translationRefs(node: unknown): string[] {
  if (typeof node === "string") return node.startsWith("t:") ? [node.slice(2)] : [];
  if (Array.isArray(node)) return node.flatMap(translationRefs);
  if (node && typeof node === "object") return Object.values(node).flatMap(translationRefs);
  return [];
}

describe("block schemas", () => {
  it("finds the app blocks and the tracking app embed", () => {
    expect(blocks.map((block) => [block.name, block.schema.target])).toEqual([
      ["bundle", "section"],
      ["cart-recommendations", "section"],
      ["recently-viewed", "section"],
      ["recommendations", "section"],
      ["reviews", "section"],
      ["tracking", "body"],
    ]);
  });

  // A schema "stylesheet" is a <link rel="stylesheet"> in the head: it blocks
  // the first paint of every page the block is on. The blocks render
  // snippets/aisle-styles.liquid instead (docs/decisions/0019-storefront-blocks.md).
  it("loads no stylesheet from the head", () => {
    for (const { name, schema } of blocks) expect(schema.stylesheet, name).toBeUndefined();
    const styles = readFileSync(path.join(ROOT, "snippets/aisle-styles.liquid"), "utf8");
    expect(styles).toMatch(/<link rel="stylesheet" href="\{\{ 'aisle-blocks\.css' \| asset_url \}\}" media="print" onload="this\.media='all'">/);
  });

  it("refers only to assets that exist from Liquid", () => {
    const assets = readdirSync(path.join(ROOT, "assets"));
    const liquid = ["blocks", "snippets"].flatMap((dir) => readdirSync(path.join(ROOT, dir)).map((file) => readFileSync(path.join(ROOT, dir, file), "utf8")));
    // `'file' | asset_url`, and the `script:` a block hands snippets/aisle-recs.liquid.
    const referenced = liquid.flatMap((source) => [...source.matchAll(/'([\w.-]+)'\s*\|\s*asset_url|script: '([\w.-]+)'/g)].map((m) => m[1] ?? m[2]));
    expect(referenced.length).toBeGreaterThan(4);
    expect(referenced.filter((file) => !assets.includes(file))).toEqual([]);
  });

  describe.each(blocks.map((block) => [block.name, block] as const))("%s", (_name, block) => {
    const { schema } = block;
    const settings = schema.settings ?? [];

    it("has the keys Shopify requires", () => {
      expect(typeof schema.name).toBe("string");
      expect(["section", "head", "body", "compliance_head"]).toContain(schema.target);
      expect(Array.isArray(settings)).toBe(true);
      // https://shopify.dev/docs/apps/build/online-store/theme-app-extensions/configuration#schema
      const name = schema.name.startsWith("t:") ? lookup(schemaLocales.locales.get("en"), schema.name.slice(2)) : schema.name;
      expect(String(name).length).toBeLessThanOrEqual(25);
      for (const template of schema.enabled_on?.templates ?? []) expect(TEMPLATES).toContain(template);
      if (schema.enabled_on) expect(schema.disabled_on).toBeUndefined();
    });

    it("refers to assets that exist", () => {
      const assets = readdirSync(path.join(ROOT, "assets"));
      for (const file of [schema.javascript, schema.stylesheet].filter(Boolean)) expect(assets).toContain(file);
    });

    it("has unique setting ids and a type for every setting", () => {
      for (const setting of settings) {
        expect(typeof setting.type).toBe("string");
        if (!SIDEBAR_TYPES.has(setting.type)) expect(setting.id).toMatch(/^[a-z][a-z0-9_]*$/);
      }
      const ids = settings.flatMap((setting) => (setting.id ? [setting.id] : []));
      expect(new Set(ids).size).toBe(ids.length);
    });

    it("has defaults Shopify accepts", () => {
      for (const setting of settings) {
        const { default: value } = setting;
        switch (setting.type) {
          case "range": {
            const { min = 0, max = 0, step = 1 } = setting;
            expect(typeof value, setting.id).toBe("number");
            expect(value as number, setting.id).toBeGreaterThanOrEqual(min);
            expect(value as number, setting.id).toBeLessThanOrEqual(max);
            expect(Number.isInteger(((value as number) - min) / step), setting.id).toBe(true);
            // Shopify allows at most 101 steps in a range.
            expect((max - min) / step, setting.id).toBeLessThanOrEqual(101);
            break;
          }
          case "select":
          case "radio":
            expect(
              setting.options?.map((option) => option.value),
              setting.id,
            ).toContain(value);
            expect(new Set(setting.options?.map((option) => option.value)).size).toBe(setting.options?.length);
            break;
          case "checkbox":
            expect(typeof value, setting.id).toBe("boolean");
            break;
          case "text":
          case "textarea":
            if (value !== undefined) expect(typeof value, setting.id).toBe("string");
            break;
        }
      }
    });

    it("translates every t: key in every schema locale", () => {
      const refs = translationRefs(schema);
      expect(refs.length).toBeGreaterThan(0);
      for (const [locale, translations] of schemaLocales.locales) {
        const missing = refs.filter((key) => typeof lookup(translations, key) !== "string");
        expect(missing, `locales/${locale}.schema.json`).toEqual([]);
      }
    });
  });

  it("the recommendations block offers the settings the storefront contract needs", () => {
    const schema = blocks.find((block) => block.name === "recommendations")!.schema;
    const byId = new Map((schema.settings ?? []).map((setting) => [setting.id, setting]));
    expect(byId.get("strategy")?.options?.map((option) => option.value)).toEqual(["auto", "bought_together", "similar", "personal", "trending"]);
    expect(byId.get("products_to_show")).toMatchObject({ type: "range", min: 1, max: 12, default: 4 });
    expect(byId.get("layout")?.options?.map((option) => option.value)).toEqual(["grid", "carousel"]);
    expect(schema.enabled_on?.templates?.sort()).toEqual(["cart", "index", "product"]);
  });
});

describe("storefront translations", () => {
  const liquidFiles = ["blocks", "snippets"].flatMap((dir) => readdirSync(path.join(ROOT, dir)).map((file) => path.join(ROOT, dir, file)));
  const usedKeys = [...new Set(liquidFiles.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/'([\w.]+)'\s*\|\s*t\b/g)].map((m) => m[1])))];
  const defaultKeys = leafKeys(storefrontLocales.locales.get(storefrontLocales.defaultLocale) ?? {});

  it("has a default locale and at least one more", () => {
    expect(storefrontLocales.defaultLocale).toBe("en");
    expect(storefrontLocales.locales.size).toBeGreaterThan(1);
    expect(usedKeys.length).toBeGreaterThan(5);
  });

  it("defines every key the Liquid uses", () => {
    expect(usedKeys.filter((key) => !defaultKeys.includes(key))).toEqual([]);
  });

  it("gives every locale the same keys as the default", () => {
    for (const [locale, translations] of storefrontLocales.locales) {
      expect(leafKeys(translations).sort(), `locales/${locale}.json`).toEqual([...defaultKeys].sort());
    }
    for (const [locale, translations] of schemaLocales.locales) {
      const schemaDefault = schemaLocales.locales.get(schemaLocales.defaultLocale) ?? {};
      expect(leafKeys(translations).sort(), `locales/${locale}.schema.json`).toEqual(leafKeys(schemaDefault).sort());
    }
  });

  it("has a fallback reason for each reason code", () => {
    const config = readFileSync(path.join(ROOT, "snippets/aisle-recs.liquid"), "utf8");
    for (const code of ["bought_with", "viewed_with", "similar", "personal", "trending", "popular"]) {
      expect(config).toContain(`"${code}": {{ 'recommendations.reasons.${code}' | t | json }}`);
    }
  });
});

describe("Theme Check", () => {
  it("reports no errors", async () => {
    const offenses = await runThemeCheck(ROOT);
    const errors = offenses.filter((offense) => offense.severity === Severity.ERROR);
    expect(errors.map((offense) => formatOffense(offense, ROOT))).toEqual([]);
  });
});

describe("JavaScript budget", () => {
  const scripts = readdirSync(path.join(ROOT, "assets")).filter((file) => file.endsWith(".js"));
  const bytes = (file: string) => readFileSync(path.join(ROOT, "assets", file));

  it("ships the six scripts", () => {
    expect(scripts.sort()).toEqual(["aisle-bundle.js", "aisle-cart.js", "aisle-recent.js", "aisle-recommendations.js", "aisle-reviews.js", "aisle-tracker.js"]);
  });

  // The assets are what Shopify deploys; they must be the build of storefront/.
  it("ships the current build of storefront/ (npm run build:storefront)", async () => {
    const built = await buildStorefrontScripts();
    expect(built.map(({ file }) => file)).toEqual(scripts.sort());
    for (const { file, code } of built) expect(bytes(file).toString("utf8") === code, `assets/${file} is stale: run npm run build:storefront`).toBe(true);
  });

  // Shopify's performance guidance for theme app extensions: keep the
  // JavaScript a storefront loads small. Measured as the CDN serves it, gzipped.
  it("stays within 10 KB gzipped for all scripts together", () => {
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(bytes(file), { level: 9 }).length, 0);
    expect(gzipped).toBeLessThanOrEqual(10 * 1024);
  });

  // Theme Check's AssetSizeAppBlockJavaScript, which measures the file as written.
  it("keeps each script loaded by a block schema under 10,000 bytes", () => {
    for (const { schema } of blocks) {
      if (schema.javascript) expect(bytes(schema.javascript).length, schema.javascript).toBeLessThanOrEqual(10_000);
    }
  });
});
