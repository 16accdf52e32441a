import prisma from "../db.server";
import { errorMessage } from "../lib/errors.server";
import { metrics } from "../lib/metrics.server";
import { getQueue, producerConnection, withTimeout } from "../queues/connection.server";
import { RECOMMENDATIONS_QUEUE } from "../queues/recommendations.server";
import { SYNC_QUEUE } from "../queues/sync.server";
import { WEBHOOKS_QUEUE } from "../queues/webhooks.server";

export const QUEUES = [WEBHOOKS_QUEUE, SYNC_QUEUE, RECOMMENDATIONS_QUEUE];
const STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

export type QueueCounts = Record<(typeof STATES)[number], number>;

export async function queueCounts(): Promise<Record<string, QueueCounts>> {
  const entries = await Promise.all(
    QUEUES.map(async (name) => [name, (await withTimeout(getQueue(name).getJobCounts(...STATES), 1_500, "queue counts")) as QueueCounts] as const),
  );
  return Object.fromEntries(entries);
}

async function timed<T>(fn: () => Promise<T>) {
  const started = performance.now();
  try {
    const value = await fn();
    return { ok: true as const, ms: Math.round(performance.now() - started), value };
  } catch (error) {
    return { ok: false as const, ms: Math.round(performance.now() - started), error: errorMessage(error) };
  }
}

export async function checkHealth() {
  const [database, redis, queues] = await Promise.all([
    timed(() => withTimeout(prisma.$queryRawUnsafe("SELECT 1"), 2_000, "database")),
    timed(() => withTimeout(producerConnection().ping(), 1_500, "redis ping")),
    timed(() => queueCounts()),
  ]);
  const ok = database.ok && redis.ok && queues.ok;
  return {
    status: ok ? ("ok" as const) : ("degraded" as const),
    checks: {
      database: { ok: database.ok, ms: database.ms, ...(database.ok ? {} : { error: database.error }) },
      redis: { ok: redis.ok, ms: redis.ms, ...(redis.ok ? {} : { error: redis.error }) },
      queues: queues.ok ? { ok: true, counts: queues.value } : { ok: false, error: queues.error },
    },
  };
}

export async function refreshQueueDepth() {
  try {
    for (const [queue, counts] of Object.entries(await queueCounts())) {
      for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue, state }, n);
    }
  } catch {
    // Redis down: /healthz says so; /metrics still serves what it has.
  }
}

/** Puts a queue's failed jobs back to waiting (the dashboard's Retry). */
export async function retryFailedJobs(queue: string) {
  if (!QUEUES.includes(queue)) throw new Error(`unknown queue ${queue}`);
  await getQueue(queue).retryJobs({ state: "failed", count: 1_000 });
}
