// The slice of Shopify Liquid the local theme and the app extension use, on
// liquidjs. Unknown filters throw (strictFilters), so a block that starts
// using something new fails loudly here instead of rendering wrongly.
import { Liquid, type TagToken, type TopLevelToken, type Context } from "liquidjs";
import { formatMoney } from "./money";

export interface ShopifyFilterOptions {
  /** Where `{{ 'file' | asset_url }}` points for this engine's assets. */
  assetUrl: (file: string) => string;
  /** `{{ 'key' | t: name: value }}`; the locale comes from the render scope. */
  translate: (locale: string, key: string, variables: Record<string, unknown>) => string;
}

interface ShopScope {
  money_format?: string;
  money_with_currency_format?: string;
}

const HTML_ESCAPES: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026" };

/** Shopify's `json` escapes <, > and & so its output is safe inside <script>. */
export function shopifyJson(value: unknown): string {
  return (JSON.stringify(value ?? null) ?? "null").replace(/[<>&]/g, (c) => HTML_ESCAPES[c]);
}

export function handleize(value: unknown): string {
  return String(value ?? "")
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Keyword arguments arrive from liquidjs as [name, value] pairs. */
function keywordArgs(args: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const arg of args) if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === "string") out[arg[0]] = arg[1];
  return out;
}

function imageSource(input: unknown): string | null {
  if (!input) return null;
  if (typeof input === "string") return input;
  const object = input as { src?: string; featured_image?: { src?: string } };
  return object.src ?? object.featured_image?.src ?? null;
}

export function createLiquid(roots: { root: string; partials: string }, options: ShopifyFilterOptions): Liquid {
  const engine = new Liquid({
    root: [roots.root],
    partials: [roots.partials],
    extname: ".liquid",
    strictFilters: true,
    ownPropertyOnly: true,
    cache: false,
  });

  // {% schema %} is configuration for the theme editor; it renders nothing.
  // {% doc %} (LiquidDoc) documents snippet parameters; it renders nothing.
  for (const name of ["schema", "doc"]) {
    engine.registerTag(name, {
      parse(_token: TagToken, remaining: TopLevelToken[]) {
        const end = `end${name}`;
        while (remaining.length) {
          const token = remaining.shift() as TopLevelToken & { name?: string };
          if (token.name === end) return;
        }
        throw new Error(`tag {% ${name} %} not closed`);
      },
      render() {
        return "";
      },
    });
  }

  const shopOf = (context: Context): ShopScope => (context.getSync(["shop"]) as ShopScope | undefined) ?? {};

  engine.registerFilter("asset_url", (file: string) => options.assetUrl(String(file)));
  engine.registerFilter("t", function (this: { context: Context }, key: string, ...args: unknown[]) {
    const locale = String(this.context.getSync(["request", "locale", "iso_code"]) ?? "en");
    return options.translate(locale, String(key), keywordArgs(args));
  });
  engine.registerFilter("money", function (this: { context: Context }, cents: unknown) {
    return formatMoney(Number(cents) || 0, shopOf(this.context).money_format ?? "${{amount}}");
  });
  engine.registerFilter("money_with_currency", function (this: { context: Context }, cents: unknown) {
    return formatMoney(Number(cents) || 0, shopOf(this.context).money_with_currency_format ?? "${{amount}} USD");
  });
  engine.registerFilter("money_without_currency", (cents: unknown) => formatMoney(Number(cents) || 0, "{{amount}}"));
  engine.registerFilter("json", shopifyJson);
  engine.registerFilter("handleize", handleize);
  engine.registerFilter("handle", handleize);
  // https://shopify.dev/docs/api/liquid/filters/image_url
  engine.registerFilter("image_url", (input: unknown, ...args: unknown[]) => {
    const src = imageSource(input);
    if (!src) return "";
    const { width, height } = keywordArgs(args);
    const url = new URL(src, "http://storefront.local");
    if (width) url.searchParams.set("width", String(width));
    if (height) url.searchParams.set("height", String(height));
    return url.host === "storefront.local" ? `${url.pathname}${url.search}` : url.href;
  });
  // Deprecated, still common in themes: sizes are ignored locally.
  engine.registerFilter("img_url", (input: unknown) => imageSource(input) ?? "");
  engine.registerFilter("stylesheet_tag", (url: string) => `<link href="${url}" rel="stylesheet" type="text/css" media="all">`);
  engine.registerFilter("script_tag", (url: string) => `<script src="${url}" type="text/javascript"></script>`);
  return engine;
}
