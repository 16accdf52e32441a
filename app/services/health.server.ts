import prisma from "../db.server";
import { RequestError, errorMessage } from "../lib/errors.server";
import { metrics } from "../lib/metrics.server";
import { connectedProducer, getQueue, producerConnection, withTimeout } from "../queues/connection.server";
import { COLLECTIONS_QUEUE } from "../queues/collections.server";
import { COMPLEMENTARY_QUEUE } from "../queues/complementary.server";
import { CONTENT_QUEUE } from "../queues/content.server";
import { FORECAST_QUEUE } from "../queues/forecast.server";
import { PRIVACY_QUEUE } from "../queues/privacy.server";
import { RECOMMENDATIONS_QUEUE } from "../queues/recommendations.server";
import { REVIEWS_QUEUE } from "../queues/reviews.server";
import { SYNC_QUEUE } from "../queues/sync.server";
import { WEBHOOKS_QUEUE } from "../queues/webhooks.server";
import { listHeartbeats, summariseHeartbeats, type WorkersStatus } from "../queues/worker-heartbeats.server";

/** Every queue the workers run (workers/registry.ts): /healthz, /metrics and the dashboard's Retry cover them all. */
export const QUEUES = [
  WEBHOOKS_QUEUE,
  SYNC_QUEUE,
  RECOMMENDATIONS_QUEUE,
  PRIVACY_QUEUE,
  REVIEWS_QUEUE,
  FORECAST_QUEUE,
  CONTENT_QUEUE,
  COMPLEMENTARY_QUEUE,
  COLLECTIONS_QUEUE,
];
const STATES = ["waiting", "active", "delayed", "failed", "completed"] as const;

export type QueueCounts = Record<(typeof STATES)[number], number>;

export async function queueCounts(): Promise<Record<string, QueueCounts>> {
  const entries = await Promise.all(
    QUEUES.map(async (name) => [name, (await withTimeout(getQueue(name).getJobCounts(...STATES), 1_500, "queue counts")) as QueueCounts] as const),
  );
  return Object.fromEntries(entries);
}

/** The workers' heartbeats: which are alive, and when one last was. */
export async function workersStatus(now = Date.now()): Promise<WorkersStatus> {
  return summariseHeartbeats(await withTimeout(connectedProducer().then(listHeartbeats), 1_500, "worker heartbeats"), now);
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

/**
 * `serving` says whether this web process can do its work (database, Redis,
 * queues): what a load balancer acts on. Workers are separate processes, so
 * a dead worker makes the status "degraded" without taking the web out of
 * rotation; `checks.workers` says which workers are alive.
 */
export async function checkHealth() {
  const [database, redis, queues, workers] = await Promise.all([
    timed(() => withTimeout(prisma.$queryRawUnsafe("SELECT 1"), 2_000, "database")),
    timed(() => withTimeout(producerConnection().ping(), 1_500, "redis ping")),
    timed(() => queueCounts()),
    timed(() => workersStatus()),
  ]);
  const serving = database.ok && redis.ok && queues.ok;
  const workersOk = workers.ok && workers.value.ok;
  return {
    status: serving && workersOk ? ("ok" as const) : ("degraded" as const),
    serving,
    checks: {
      database: { ok: database.ok, ms: database.ms, ...(database.ok ? {} : { error: database.error }) },
      redis: { ok: redis.ok, ms: redis.ms, ...(redis.ok ? {} : { error: redis.error }) },
      queues: queues.ok ? { ok: true, counts: queues.value } : { ok: false, error: queues.error },
      workers: workers.ok ? workers.value : { ok: false, error: workers.error },
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
  if (!QUEUES.includes(queue)) throw new RequestError(400, `There is no queue named "${queue}". Queues: ${QUEUES.join(", ")}.`);
  await withTimeout(getQueue(queue).retryJobs({ state: "failed", count: 1_000 }), 5_000, "retry failed jobs");
}
