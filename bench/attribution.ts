// Revenue attribution at scale: 100,000 orders carrying signed cart
// attributes against 1,000,000 storefront events, attributed in one pass
// (bench/attribution-run.ts, its own process on a fresh database). Aim: 30 s.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { appEnv, freshDatabase, repo, writeResult } from "./lib/harness";

export async function benchAttribution() {
  const url = freshDatabase("attribution");
  const orders = process.env.BENCH_ATTRIBUTION_ORDERS ?? "100000";
  const events = process.env.BENCH_ATTRIBUTION_EVENTS ?? "1000000";
  console.log(`writing ${orders} orders and ${events} events, then attributing every order…`);
  const out = execFileSync(path.join(repo, "node_modules", ".bin", "tsx"), ["bench/attribution-run.ts", "--orders", orders, "--events", events], {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, ...appEnv({ DATABASE_URL: url }) },
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(out.trim().split("\n").pop()!);
  console.log(
    `  ${result.orders} orders, ${result.events} events: ${result.seconds} s (${result.orders_per_second} orders/s), ${result.credited_lines} lines credited, peak ${result.peak_mb} MB (aim: under 30 s)`,
  );
  writeResult("attribution", { ...result, database: url.startsWith("postgres") ? "postgresql" : "sqlite", aim_seconds: 30 });
  return result;
}
