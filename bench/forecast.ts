// Forecasting at catalog scale: 10,000 variants with a year of daily history
// each, trained, forecast 8 weeks ahead and planned, in a child process so
// the peak memory is the run's own. Aim: under 60 s on 2 cores.

import { execFileSync } from "node:child_process";
import path from "node:path";
import { repo, writeResult } from "./lib/harness";

export async function benchForecast() {
  const variants = Number(process.env.BENCH_FORECAST_VARIANTS || 10_000);
  console.log(`forecasting ${variants} variants × 365 days…`);
  const out = execFileSync(path.join(repo, "node_modules", ".bin", "tsx"), ["bench/forecast-run.ts", "--variants", String(variants), "--days", "365"], {
    cwd: repo,
    encoding: "utf8",
  });
  const result = JSON.parse(out.trim().split("\n").pop()!);
  console.log(`  ${result.seconds} s (training ${result.train_seconds} s, forecasts + plans ${result.forecast_and_plan_seconds} s), peak ${result.peak_mb} MB`);
  console.log(`  methods by class: ${JSON.stringify(result.methods_by_class)}`);
  console.log(`  ${result.seconds < 60 ? "within" : "over"} the 60 s aim`);
  writeResult("forecast", result);
}
