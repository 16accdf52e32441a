// Worker processes as they run in production (`node workers/index.ts` via
// tsx), on an empty database of their own and this file's queue prefix:
// heartbeats in /healthz, two workers on one host, and the exit that asks
// for a restart.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../bench/lib/harness";
import { closeQueues, producerConnection } from "../app/queues/connection.server";
import { recordHeartbeat } from "../app/queues/worker-heartbeats.server";
import { createFreshDatabase } from "../test/helpers/fresh-database";
import { deleteOurRedisKeys } from "../test/helpers/redis";
import { EXIT_RESTART } from "./lifecycle";

const repo = path.resolve(import.meta.dirname, "..");
let database: Awaited<ReturnType<typeof createFreshDatabase>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createFreshDatabase(`workers_${process.pid}`);
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await deleteOurRedisKeys();
  await closeQueues();
  await database?.drop();
});

type HealthBody = {
  status: string;
  checks: { workers: { ok: boolean; live: { pid: number; lastSeenSecondsAgo: number }[]; message: string | null } };
};

async function health() {
  const { loader } = await import("../app/routes/healthz");
  const response = (await loader()) as Response;
  return { status: response.status, body: (await response.json()) as HealthBody };
}

function spawnNode(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("two workers on one host", () => {
  it("both run with the same metrics port, both heartbeat in /healthz, and both stop cleanly", async () => {
    const port = await freePort();
    const first = spawnNode(["workers/index.ts"], { WORKER_METRICS_PORT: String(port) });
    await until("the first worker's heartbeat", async () => (await health()).body.checks.workers.ok);
    const second = spawnNode(["workers/index.ts"], { WORKER_METRICS_PORT: String(port) });
    const { body } = await until("two live workers", async () => {
      if (second.child.exitCode !== null) throw new Error(`the second worker exited with ${second.child.exitCode}:\n${second.output()}`);
      const h = await health();
      return h.body.checks.workers.live.length === 2 && h;
    });
    expect(body.status).toBe("ok");
    expect(body.checks.workers.live.map((w) => w.pid).sort()).toEqual([first.child.pid, second.child.pid].sort());
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect((await health()).body.checks.workers.live.map((w) => w.pid)).toEqual([second.child.pid]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    // Logs reach the pipe when the process ends.
    expect(second.output()).toMatch(/the metrics port is taken/);

    const after = await health();
    expect(after.status).toBe(200);
    expect(after.body.status).toBe("degraded");
    expect(after.body.checks.workers).toMatchObject({ ok: false, live: [] });
    expect(after.body.checks.workers.message).toMatch(/^No worker is running \(the last one stopped \d+ s ago\)$/);
  }, 120_000);
});

describe("/healthz", () => {
  it('says "no worker has run for 2 minutes" when the last heartbeat is older', async () => {
    await deleteOurRedisKeys();
    const now = Date.now();
    await recordHeartbeat(producerConnection(), { id: "silent", host: "elsewhere", pid: 1, startedAt: now - 3_600_000, lastSeenAt: now - 150_000 });
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.checks.workers).toMatchObject({ ok: false, live: [], message: "No worker has run for 2 minutes" });
  });
});

describe("exitForRestart", () => {
  it("closes the worker gracefully, then exits with 75 (EX_TEMPFAIL)", async () => {
    const script = [
      'import { startWorkers } from "./workers/index.ts";',
      'import { exitForRestart, onShutdown } from "./workers/lifecycle.ts";',
      "const running = await startWorkers({});",
      "onShutdown(() => running.close());",
      'await exitForRestart("the database connection cannot recover");',
    ].join("\n");
    const worker = spawnNode(["--input-type=module", "-e", script], {});
    expect(await worker.exited).toBe(EXIT_RESTART);
    expect(worker.output()).toMatch(/worker exits to be restarted/);
    // Closed, not dropped: its last heartbeat says it stopped.
    const { body } = await health();
    expect(body.checks.workers.live).toEqual([]);
    expect(body.checks.workers.message).toMatch(/^No worker is running/);
  }, 60_000);
});
