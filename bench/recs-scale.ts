// Recommendations at catalog scale: a generated store (fixed seed) of 10,000
// / 30,000 / 100,000 products with 1 / 3 / 10 million order lines, each
// trained in its own process (bench/recs-scale-run.ts) for an honest peak
// memory. BENCH_RECS_SCALE="products:lines,..." picks other sizes.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repo, resultsDir } from "./lib/harness";

const DEFAULT_SIZES = "10000:1000000,30000:3000000,100000:10000000";

export async function benchRecsScale() {
  const sizes = (process.env.BENCH_RECS_SCALE || DEFAULT_SIZES).split(",").map((s) => s.split(":").map(Number) as [number, number]);
  const runs = [];
  for (const [products, lines] of sizes) {
    console.log(`training on ${products} products, ${lines} order lines…`);
    const out = execFileSync(
      process.execPath,
      ["--max-old-space-size=3800", "--expose-gc", "--import", "tsx", "bench/recs-scale-run.ts", "--products", String(products), "--lines", String(lines)],
      { cwd: repo, encoding: "utf8", env: { ...process.env, LOG_LEVEL: "warn" }, maxBuffer: 1 << 24 },
    );
    const line = JSON.parse(out.trim().split("\n").pop()!);
    console.log(`  ${line.train_seconds} s, peak ${line.peak_mb} MB, personal request CPU p50 ${line.serve_cpu_ms_p50} ms, p99 ${line.serve_cpu_ms_p99} ms`);
    if (process.env.BENCH_RECS_SCALE_JOB !== "0") {
      line.job = trainingJob(products, lines);
      console.log(`  whole training job: ${"error" in line.job ? line.job.error : `${line.job.job_seconds} s, peak ${line.job.job_peak_mb} MB`}`);
    }
    runs.push(line);
    // Written after each size, so a run stopped at the largest keeps the others.
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, "recs-scale.json"), JSON.stringify(runs, null, 2) + "\n");
  }
  console.table(
    runs.map(({ products, lines, train_seconds, peak_mb, serve_cpu_ms_p50, serve_cpu_ms_p99 }) => ({
      products,
      lines,
      train_seconds,
      peak_mb,
      serve_cpu_ms_p50,
      serve_cpu_ms_p99,
    })),
  );
  console.log(`wrote ${path.relative(process.cwd(), path.join(resultsDir, "recs-scale.json"))}`);
  return runs;
}

/**
 * The worker's whole training job at this size (tuning, evaluation, final
 * lists), or why it did not finish: the lists' figures above are one part of it.
 */
function trainingJob(products: number, lines: number): { job_seconds: number; job_peak_mb: number } | { error: string } {
  const run = spawnSync(
    process.execPath,
    ["--max-old-space-size=3800", "--import", "tsx", "bench/recs-scale-job.ts", "--products", String(products), "--lines", String(lines)],
    { cwd: repo, encoding: "utf8", env: { ...process.env, LOG_LEVEL: "warn" }, maxBuffer: 1 << 24 },
  );
  if (run.status === 0) return JSON.parse(run.stdout.trim().split("\n").pop()!) as { job_seconds: number; job_peak_mb: number };
  if (/heap out of memory/.test(run.stderr)) return { error: "ran out of memory at a 3,800 MB heap" };
  return { error: run.stderr.trim().split("\n").slice(-3).join(" ") || `exit ${run.status}` };
}
