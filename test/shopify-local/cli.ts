// Runs the local Shopify as a process of its own (the demo does this):
//
//   tsx test/shopify-local/cli.ts --port 4100 --app-url http://127.0.0.1:3000 \
//     --shop aisle-demo.myshopify.com --seed online-retail|generated|tiny|empty [--data PATH] \
//     [--max-products N] [--max-orders N] [--no-webhooks] [--api-key K --api-secret S]
//
// Prints one JSON line on stdout once the shop is seeded:
//   {"origin":"http://127.0.0.1:4100","shop":"aisle-demo.myshopify.com","accessToken":"shpat_…","storefrontUrl":"http://127.0.0.1:…","counts":{…}}
// Logs go to stderr. SIGTERM / SIGINT close it cleanly (exit code 0).
// The API key and secret default to SHOPIFY_API_KEY / SHOPIFY_API_SECRET.

import { parseArgs } from "node:util";
import { log } from "./log.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { SeedName } from "./seed/index.js";

const SEEDS: readonly SeedName[] = ["online-retail", "generated", "tiny", "empty"];

function usage(message: string): never {
  process.stderr.write(
    `${message}\n\nUsage: tsx test/shopify-local/cli.ts --app-url URL [--port 4100] [--host 127.0.0.1] [--shop NAME.myshopify.com]\n` +
      "  [--seed online-retail|generated|tiny|empty] [--data PATH] [--max-products N] [--max-orders N] [--no-webhooks]\n" +
      "  [--api-key KEY] [--api-secret SECRET] [--app-toml PATH]\n",
  );
  process.exit(2);
}

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) usage(`--${name} must be a whole number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      "app-url": { type: "string" },
      shop: { type: "string" },
      seed: { type: "string", default: "online-retail" },
      data: { type: "string" },
      "max-products": { type: "string" },
      "max-orders": { type: "string" },
      "no-webhooks": { type: "boolean", default: false },
      "api-key": { type: "string" },
      "api-secret": { type: "string" },
      "app-toml": { type: "string" },
    },
    strict: true,
  });
  const appUrl = values["app-url"] ?? process.env.SHOPIFY_APP_URL;
  if (!appUrl) usage("--app-url (or SHOPIFY_APP_URL) is required: where webhooks and app proxy requests go");
  const apiKey = values["api-key"] ?? process.env.SHOPIFY_API_KEY;
  const apiSecret = values["api-secret"] ?? process.env.SHOPIFY_API_SECRET;
  if (!apiKey || !apiSecret) usage("--api-key and --api-secret (or SHOPIFY_API_KEY and SHOPIFY_API_SECRET) are required");
  const seed = values.seed as SeedName;
  if (!SEEDS.includes(seed)) usage(`--seed must be one of ${SEEDS.join(", ")}`);

  const shopify: LocalShopify = await startLocalShopify({
    port: wholeNumber("port", values.port),
    host: values.host,
    apiKey,
    apiSecret,
    appUrl,
    appTomlPath: values["app-toml"],
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "local Shopify shutting down");
    shopify.close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error({ err: e }, "local Shopify did not close cleanly");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  const line: Record<string, unknown> = { origin: shopify.origin };
  if (values.shop) {
    const shop = await shopify.createShop(values.shop, {
      seed,
      dataPath: values.data,
      maxProducts: wholeNumber("max-products", values["max-products"]),
      maxOrders: wholeNumber("max-orders", values["max-orders"]),
      webhooks: !values["no-webhooks"],
    });
    Object.assign(line, { shop: shop.domain, accessToken: shop.issueOfflineToken(), storefrontUrl: shop.storefrontUrl, counts: shop.store.counts() });
  }
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((e: unknown) => {
  log.fatal({ err: e }, "local Shopify failed to start");
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
