// `npm run demo`: the whole app on one machine, on its embedded defaults —
// a local Shopify seeded with a real store, the app (production build), its
// worker, the app installed on the demo shop and its first import running.
// Ctrl-C stops everything (scripts/lib/supervisor.ts).

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Supervisor } from "./lib/supervisor";

const repo = path.resolve(import.meta.dirname, "..");
const HELP = `Usage: npm run demo [-- options]

Starts a local Shopify seeded with a store, the Aisle app and its worker,
installs the app on the demo shop, imports its catalog and orders, and prints
the admin and storefront URLs.

  --seed <name>        online-retail (default) | generated
  --data <path>        the UCI Online Retail CSV (.csv or .csv.gz); default
                       ../shared/data/online-retail.csv.gz next to this repo.
                       Without it, the demo generates a plausible store.
  --max-orders <n>     import only the first n orders (faster start)
  --port <n>           the app's port (default 3000)
  --shopify-port <n>   the local Shopify's port (default 4100)
  --shop <domain>      the demo shop (default aisle-demo.myshopify.com)
  --keep-data          keep the previous demo database instead of starting fresh
  --no-build           use the build already in build/ (npm run build)
  --help               this text

Needs Node 20.10+ and Redis (uses 127.0.0.1:6379, or starts redis-server if
it is installed). The database is a SQLite file under .demo/.`;

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "online-retail" },
    data: { type: "string" },
    "max-orders": { type: "string" },
    port: { type: "string", default: "3000" },
    "shopify-port": { type: "string", default: "4100" },
    shop: { type: "string", default: "aisle-demo.myshopify.com" },
    "keep-data": { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const say = (text: string) => console.log(`\x1b[1m›\x1b[0m ${text}`);
const fail = (text: string): never => {
  console.error(`\n\x1b[31mThe demo cannot start:\x1b[0m ${text}\n`);
  process.exit(1);
};

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 10)) fail(`Node ${process.versions.node} is too old; install Node 20.10 or newer.`);

const port = Number(values.port);
const shopifyPort = Number(values["shopify-port"]);
const shop = values.shop!;
const appUrl = `http://127.0.0.1:${port}`;
const demoDir = path.join(repo, ".demo");
mkdirSync(demoDir, { recursive: true });
const databaseUrl = process.env.DEMO_DATABASE_URL || "file:./.demo/aisle.db";
const apiKey = "aisle-demo-key";
const apiSecret = "aisle-demo-secret";

// The dataset: read in place, or from --data, or a generated store.
let seed = values.seed!;
const dataPath = values.data ? path.resolve(values.data) : path.resolve(repo, "..", "shared", "data", "online-retail.csv.gz");
if (seed === "online-retail" && !existsSync(dataPath)) {
  if (values.data) fail(`--data ${values.data}: no such file.`);
  say(`No Online Retail dataset at ${dataPath}; generating a plausible store instead (pass --data PATH to use the real one).`);
  seed = "generated";
}

// Children are in the terminal's process group, so Ctrl-C reaches them too;
// the supervisor also stops them when only this process (or npm) is told to
// stop, and when one of them dies.
const supervisor = new Supervisor({ cwd: repo, logDir: demoDir, say });
supervisor.handleSignals();
const stopAll = (code: number) => void supervisor.stop(code);
const tsNode = (script: string, args: string[]) => ["--import", "tsx", script, ...args];

async function main() {
  say("Checking Redis…");
  try {
    execFileSync("bash", ["scripts/ensure-services.sh"], { cwd: repo, stdio: "inherit" });
  } catch {
    fail("Redis is required for the job queues (see the message above).");
  }

  say(values["keep-data"] ? "Migrating the demo database…" : "Preparing a fresh demo database…");
  const dbEnv = { ...process.env, DATABASE_URL: databaseUrl };
  execFileSync("node", ["scripts/db.mjs", values["keep-data"] ? "deploy" : "reset"], { cwd: repo, stdio: "ignore", env: dbEnv });

  if (values["no-build"]) {
    if (!existsSync(path.join(repo, "build", "index.js")) || !existsSync(path.join(repo, "build", "worker", "index.js")))
      fail("--no-build: there is no build yet; run npm run build first.");
  } else {
    say("Building the app…");
    execFileSync("npm", ["run", "--silent", "build"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
  }

  say(`Starting the local Shopify (${seed === "online-retail" ? "the Online Retail store" : "a generated store"})…`);
  const shopifyArgs = [
    "--port",
    String(shopifyPort),
    "--app-url",
    `http://127.0.0.1:${port}`,
    "--shop",
    shop,
    "--seed",
    seed,
    "--api-key",
    apiKey,
    "--api-secret",
    apiSecret,
    ...(seed === "online-retail" ? ["--data", dataPath] : []),
    ...(values["max-orders"] ? ["--max-orders", values["max-orders"]] : []),
  ];
  // node --import tsx rather than the tsx wrapper: one process, so stopping it frees its ports.
  const shopify = supervisor.start("shopify", process.execPath, tsNode("test/shopify-local/cli.ts", shopifyArgs), {});
  const info = await new Promise<{ origin: string; accessToken: string; storefrontUrl: string; counts: Record<string, number> }>((resolve, reject) => {
    const lines = createInterface({ input: shopify.stdout! });
    lines.on("line", (line) => {
      try {
        const parsed = JSON.parse(line);
        if (parsed.origin) resolve(parsed);
      } catch {
        // not the ready line
      }
    });
    shopify.on("exit", () => reject(new Error("the local Shopify stopped; see .demo/shopify.log")));
  });

  const appEnv: Record<string, string> = {
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    SHOPIFY_API_KEY: apiKey,
    SHOPIFY_API_SECRET: apiSecret,
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_ADMIN_API_ORIGIN: info.origin,
    AISLE_DEMO_SHOP: shop,
    LOG_LEVEL: process.env.LOG_LEVEL || "info",
  };

  say("Installing Aisle on the demo shop…");
  Object.assign(process.env, appEnv);
  const { Session } = await import("@shopify/shopify-api");
  const { sessionStorage, unauthenticated } = await import("../app/shopify.server");
  await sessionStorage.storeSession(
    new Session({
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      accessToken: info.accessToken,
      scope: appEnv.SCOPES ?? "read_products,write_products,read_orders",
    }),
  );
  const { registerInstall } = await import("../app/services/install.server");
  const { admin } = await unauthenticated.admin(shop);
  await registerInstall({ shopDomain: shop, scopes: "read_products,write_products,read_orders,read_customers", graphql: admin.graphql });
  const { closeQueues } = await import("../app/queues/connection.server");
  await closeQueues();

  say("Starting the app and its worker…");
  // A worker that exits with 75 (workers/lifecycle.ts) is restarted; any other exit stops the demo.
  supervisor.start("worker", process.execPath, ["build/worker/index.js"], { ...appEnv, WORKER_METRICS_PORT: String(port + 1464) }, { restartOnTempfail: true });
  supervisor.start("web", process.execPath, ["server.mjs"], appEnv);
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }

  console.log(`
  \x1b[1mAisle is running.\x1b[0m

  Admin (embedded app, demo sign-in):  ${appUrl}/app
  Storefront with the blocks:          ${info.storefrontUrl}
  Local Shopify Admin API:             ${info.origin}
  Health / metrics:                    ${appUrl}/healthz  ${appUrl}/metrics

  The first import (${info.counts.products ?? "?"} products, ${info.counts.orders ?? "?"} orders) runs now; the dashboard shows its progress,
  then recommendations train. Logs: .demo/*.log. Ctrl-C stops everything.
`);
}

main().catch((error) => {
  console.error(error);
  stopAll(1);
});
