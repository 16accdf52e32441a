// Reads a theme app extension the way Shopify does: blocks with their
// `{% schema %}`, snippets, assets and locale files.
// https://shopify.dev/docs/apps/build/online-store/theme-app-extensions/configuration
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";

export interface SettingSchema {
  id?: string;
  type: string;
  label?: string;
  default?: unknown;
  min?: number;
  max?: number;
  step?: number;
  options?: { value: string; label: string }[];
  [key: string]: unknown;
}

export interface BlockSchema {
  name: string;
  target: "section" | "head" | "body" | "compliance_head";
  javascript?: string;
  stylesheet?: string;
  enabled_on?: { templates?: string[]; groups?: string[] };
  disabled_on?: { templates?: string[]; groups?: string[] };
  settings?: SettingSchema[];
  [key: string]: unknown;
}

export interface ExtensionBlock {
  name: string; // file name without .liquid
  source: string;
  schema: BlockSchema;
}

export type Translations = Record<string, unknown>;

const SCHEMA_TAG = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/;

/** The JSON inside a block's {% schema %} tag (throws on a missing tag or invalid JSON). */
export function readBlockSchema(source: string, file = "block"): BlockSchema {
  const match = SCHEMA_TAG.exec(source);
  if (!match) throw new Error(`${file}: no {% schema %} tag`);
  try {
    return JSON.parse(match[1]) as BlockSchema;
  } catch (error) {
    throw new Error(`${file}: {% schema %} is not valid JSON: ${(error as Error).message}`);
  }
}

export function readBlocks(extensionDir: string): ExtensionBlock[] {
  const dir = path.join(extensionDir, "blocks");
  return readdirSync(dir)
    .filter((file) => file.endsWith(".liquid"))
    .sort()
    .map((file) => {
      const source = readFileSync(path.join(dir, file), "utf8");
      return { name: file.replace(/\.liquid$/, ""), source, schema: readBlockSchema(source, file) };
    });
}

/**
 * Locale files: `<locale>.json` or `<locale>.default.json` for the storefront,
 * `<locale>.schema.json` / `<locale>.default.schema.json` for the theme editor.
 */
export function readLocales(extensionDir: string, kind: "storefront" | "schema") {
  const dir = path.join(extensionDir, "locales");
  const locales = new Map<string, Translations>();
  let defaultLocale = "en";
  if (!existsSync(dir)) return { defaultLocale, locales };
  for (const file of readdirSync(dir)) {
    const match = /^([a-zA-Z-]+)(\.default)?(\.schema)?\.json$/.exec(file);
    if (!match || Boolean(match[3]) !== (kind === "schema")) continue;
    locales.set(match[1], JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Translations);
    if (match[2]) defaultLocale = match[1];
  }
  return { defaultLocale, locales };
}

export function lookup(translations: Translations | undefined, key: string): unknown {
  let node: unknown = translations;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Shopify's `t` filter: the locale's string, else the default locale's, with
 * `{{ name }}` interpolation and `count` pluralization (one/other).
 * https://shopify.dev/docs/api/liquid/filters/translate
 */
export function translate(
  { defaultLocale, locales }: { defaultLocale: string; locales: Map<string, Translations> },
  locale: string,
  key: string,
  variables: Record<string, unknown> = {},
): string {
  let value = lookup(locales.get(locale), key) ?? lookup(locales.get(defaultLocale), key);
  if (value && typeof value === "object" && "count" in variables) {
    const forms = value as Record<string, unknown>;
    value = (Number(variables.count) === 1 ? forms.one : forms.other) ?? forms.other;
  }
  if (typeof value !== "string") return `Translation missing: ${locale}.${key}`;
  return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(variables[name] ?? ""));
}

/** A block's settings as the theme editor would save them on first add: every default. */
export function defaultSettings(
  schema: BlockSchema,
  schemaLocales: { defaultLocale: string; locales: Map<string, Translations> },
  locale: string,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const setting of schema.settings ?? []) {
    if (!setting.id) continue;
    const value = setting.default;
    settings[setting.id] =
      typeof value === "string" && value.startsWith("t:")
        ? translate(schemaLocales, locale, value.slice(2))
        : (value ?? (setting.type === "checkbox" ? false : null));
  }
  return settings;
}

/**
 * A setting value from a query string (`?block.products_to_show=8`), typed as
 * the schema says and checked against it, since Shopify only ever stores valid values.
 */
export function parseSettingValue(setting: SettingSchema, raw: string): unknown {
  switch (setting.type) {
    case "checkbox":
      if (raw === "true" || raw === "1") return true;
      if (raw === "false" || raw === "0") return false;
      break;
    case "range":
    case "number": {
      const value = Number(raw);
      const inRange = (setting.min === undefined || value >= setting.min) && (setting.max === undefined || value <= setting.max);
      if (raw.trim() !== "" && Number.isFinite(value) && inRange) return value;
      break;
    }
    case "select":
    case "radio":
      if (setting.options?.some((option) => option.value === raw)) return raw;
      break;
    default:
      return raw;
  }
  throw new Error(`Invalid value ${JSON.stringify(raw)} for block setting "${setting.id}" (${setting.type})`);
}
