// The worker's training job against a database: a generated store (fixed
// seed, bench/lib/synthetic-store.ts) written into a fresh database through
// the app's own writers, then trained as the worker trains it
// (trainRecommendations: the shop's orders read a page at a time, tuning,
// evaluation, the final lists written and made live), in its own process
// under a 3,800 MB heap for an honest peak. `recs-scale` measures the same
// job from generated events; this adds reading and writing the database.
// BENCH_RECS_WORKER="products:lines,..." picks the sizes (default 30,000
// products, 1 million lines: writing a store through the app's writers takes
// far longer than training on it, about 10 minutes a million lines here);
// BENCH_DATABASE_URL a PostgreSQL database (the default is a SQLite file
// under .tmp).
import { execFileSync } from "node:child_process";
import { freshDatabase, repo, writeResult } from "./lib/harness";

const DEFAULT_SIZES = "30000:1000000";

export async function benchRecsWorker() {
  const sizes = (process.env.BENCH_RECS_WORKER || DEFAULT_SIZES).split(",").map((s) => s.split(":").map(Number) as [number, number]);
  const runs = [];
  for (const [products, lines] of sizes) {
    const url = freshDatabase("recs-worker");
    const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" };
    const run = (args: string[]) => {
      const out = execFileSync(process.execPath, args, { cwd: repo, encoding: "utf8", env, maxBuffer: 1 << 24, stdio: ["ignore", "pipe", "inherit"] });
      return JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
    };
    console.log(`writing ${products} products and ${lines} order lines into a fresh database…`);
    // Seeding holds the generated orders as objects: a large heap, and not what is measured.
    const seeded = run([
      "--max-old-space-size=16000",
      "--import",
      "tsx",
      "bench/recs-worker-run.ts",
      "--seed",
      "--products",
      String(products),
      "--lines",
      String(lines),
    ]);
    console.log(`  written in ${seeded.seed_seconds} s; training as the worker does…`);
    const trained = run(["--max-old-space-size=3800", "--import", "tsx", "bench/recs-worker-run.ts", "--train", String(seeded.shop)]);
    console.log(`  ${trained.job_seconds} s, peak ${trained.job_peak_mb} MB, ${trained.lists} lists written`);
    runs.push({ products, lines, database: url.startsWith("file:") ? "sqlite" : "postgresql", ...trained });
  }
  writeResult("recs-worker", { runs });
  return runs;
}
