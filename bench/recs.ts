// Recommendations: training cost as the history grows (10 %, 30 %, 100 % of
// Online Retail, each in its own process for an honest peak memory), and the
// storefront route on the production build under open-loop load at fixed
// arrival rates (500, 1,000, 2,000 requests/s), then rising to saturation.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { appEnv, ensureBuild, freePort, freshDatabase, repo, startService, writeResult } from "./lib/harness";
import { openLoop, type OpenLoopResult } from "./lib/open-loop";

const SECRET = "bench-api-secret";

function trainingRuns() {
  const runs = [];
  for (const fraction of [0.1, 0.3, 1]) {
    console.log(`training on ${fraction * 100}% of the history…`);
    const out = execFileSync(path.join(repo, "node_modules", ".bin", "tsx"), ["bench/recs-train.ts", "--fraction", String(fraction)], {
      cwd: repo,
      encoding: "utf8",
      env: { ...process.env, LOG_LEVEL: "warn" },
    });
    const line = JSON.parse(out.trim().split("\n").pop()!);
    console.log(`  ${line.seconds} s, peak ${line.peak_mb} MB, ${line.events} events, ${line.customers} customers`);
    runs.push(line);
  }
  return runs;
}

/**
 * Seeds the shop from Online Retail and trains its model in a child process:
 * the load generator below must not carry training's heap, whose collections
 * would hold requests back and be counted as the server's latency.
 */
function seedShopWithModel(domain: string, databaseUrl: string): { productIds: string[]; customerIds: string[] } {
  const out = execFileSync(path.join(repo, "node_modules", ".bin", "tsx"), ["bench/recs-seed.ts", "--domain", domain], {
    cwd: repo,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...appEnv({ DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" }) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

async function serving() {
  ensureBuild();
  const databaseUrl = freshDatabase("recs");
  const domain = "bench-recs.myshopify.com";
  const { productIds, customerIds } = seedShopWithModel(domain, databaseUrl);

  const port = await freePort();
  const web = await startService("web", ["node", "server.mjs"], appEnv({ DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" }), (l) =>
    l.includes("listening"),
  );
  const { appProxySignature } = await import("../app/lib/app-proxy.server");
  const timestamp = String(Math.floor(Date.now() / 1000));
  const paths = Array.from({ length: 2_000 }, (_, n) => {
    const params = new URLSearchParams(
      n % 10 === 0
        ? { context: "cart", cart: `${productIds[(n * 7) % productIds.length]},${productIds[(n * 13) % productIds.length]}`, limit: "4" }
        : n % 10 === 1
          ? { context: "home", limit: "8" }
          : { context: "product", product_id: productIds[(n * 7919) % productIds.length], limit: "4" },
    );
    const customer = n % 10 === 1 ? customerIds[(n * 31) % customerIds.length] : "";
    for (const [k, v] of Object.entries({ shop: domain, logged_in_customer_id: customer, path_prefix: "/apps/aisle", timestamp })) params.set(k, v);
    params.set("signature", appProxySignature(params, SECRET));
    return `/proxy/recommendations?${params}`;
  });
  // Warm the shop's serving state, then measure.
  for (let n = 0; n < 50; n++) await fetch(`http://127.0.0.1:${port}${paths[n]}`).then((r) => r.text());
  const seconds = Number(process.env.BENCH_RECS_SECONDS || 10);
  // Open loop: requests arrive at a fixed rate whether or not answers are
  // back, as shoppers do; latency is counted from when each was due.
  const open_loop: OpenLoopResult[] = [];
  for (const rate of [500, 1_000, 2_000]) {
    const r = await openLoop({ port, paths, rate, seconds });
    console.log(
      `  ${rate} requests/s: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.throughput}/s answered, ${r.dropped} dropped, ${r.errors + r.non2xx} failed`,
    );
    open_loop.push(r);
  }
  // Saturation: raise the rate until answers no longer keep up (under 95 % of
  // the offered rate answered, or p99 over a second); the most answered per
  // second is the saturation rate.
  let saturation = Math.max(...open_loop.map((r) => r.throughput));
  for (let rate = 3_000; rate <= 16_000 && open_loop[open_loop.length - 1].throughput >= 0.95 * open_loop[open_loop.length - 1].rate; rate *= 1.5) {
    const r = await openLoop({ port, paths, rate: Math.round(rate), seconds });
    console.log(`  ${Math.round(rate)} requests/s: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.throughput}/s answered`);
    open_loop.push(r);
    saturation = Math.max(saturation, r.throughput);
    if (r.p99_ms > 1_000) break;
  }
  await web.stop();
  return {
    open_loop: open_loop.map(({ rate, p50_ms, p99_ms, throughput, dropped, errors, non2xx }) => ({
      rate,
      p50_ms,
      p99_ms,
      throughput,
      dropped,
      errors,
      non2xx,
    })),
    saturation_rps: saturation,
    seconds_per_rate: seconds,
    contexts: "80% product page, 10% cart, 10% home page of a signed-in customer (personal)",
  };
}

export async function benchRecs() {
  const train = process.env.BENCH_RECS_SKIP_TRAIN ? [] : trainingRuns();
  const serve = await serving();
  console.table(train.map(({ fraction, seconds, peak_mb, events }) => ({ fraction, seconds, peak_mb, events })));
  console.table(serve.open_loop);
  console.log(`saturation: ${serve.saturation_rps} requests/s`);
  writeResult("recs", { train, serve });
  return { train, serve };
}
