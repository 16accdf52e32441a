// Shared pieces of the benchmarks: a production build, the app's server and
// worker as child processes on a private database and queue namespace,
// percentiles, and JSON results.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export const repo = path.resolve(import.meta.dirname, "..", "..");
export const resultsDir = path.join(repo, "bench", "results");

/** Writes bench/results/<name>.json, or `to` when the caller was given a path. */
export function writeResult(name: string, result: object, to?: string) {
  const file = to ? path.resolve(to) : path.join(resultsDir, `${name}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...result, measured_at: new Date().toISOString() }, null, 2) + "\n");
  console.log(`wrote ${path.relative(repo, file)}`);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** Builds the app (Remix + worker bundle) unless the build is newer than the sources. */
export function ensureBuild() {
  const built = path.join(repo, "build", "index.js");
  const worker = path.join(repo, "build", "worker", "index.js");
  if (existsSync(built) && existsSync(worker) && process.env.BENCH_REBUILD !== "1") {
    const age = Math.min(statSync(built).mtimeMs, statSync(worker).mtimeMs);
    const newest = execFileSync("git", ["log", "-1", "--format=%ct"], { cwd: repo, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "app", "workers"], { cwd: repo, encoding: "utf8" }).trim();
    if (!dirty && age / 1000 > Number(newest)) return;
  }
  console.log("building the app (npm run build)…");
  execFileSync("npm", ["run", "--silent", "build"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
}

/** A fresh database for one benchmark (SQLite file under .tmp unless BENCH_DATABASE_URL is set). */
export function freshDatabase(name: string): string {
  const url = process.env.BENCH_DATABASE_URL || `file:./.tmp/bench-${name}.db`;
  execFileSync("node", ["scripts/db.mjs", "reset"], { cwd: repo, stdio: "ignore", env: { ...process.env, DATABASE_URL: url } });
  return url;
}

export interface Service {
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startService(
  name: string,
  command: string[],
  env: Record<string, string | undefined>,
  ready: (line: string) => boolean,
  timeoutMs = 60_000,
): Promise<Service> {
  const child = spawn(command[0], command.slice(1), { cwd: repo, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  // Everything the service prints, for a look after the run: .tmp/bench-<name>.log.
  const logDir = path.join(repo, ".tmp");
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(path.join(logDir, `bench-${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${output.slice(-2000)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
      for (const line of chunk.toString().split("\n")) {
        if (ready(line)) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
}

/** Environment the app's processes share in a benchmark. */
export function appEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: "bench-api-secret",
    SHOPIFY_APP_URL: "http://127.0.0.1",
    LOG_LEVEL: "warn",
    AISLE_QUEUE_PREFIX: `aisle-bench-${process.pid}`,
    ...overrides,
  };
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere or once it has gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** CPU seconds used so far by every process whose command name is `name` (the database server's backends, say). */
export function cpuSecondsOf(name: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name) total += cpuSeconds(Number(entry)) || 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}
