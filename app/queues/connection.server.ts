import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { processEnv } from "../lib/env.server";
import { createRedis } from "../lib/redis.server";

// The contract between the web app (producer) and workers/ (consumers):
// queue names and payloads live in app/queues/*.server.ts and nowhere else.
// Payloads carry ids, never tokens or personal data.

export const QUEUE_PREFIX = processEnv().AISLE_QUEUE_PREFIX;

let producer: Redis | undefined;
export function producerConnection(): Redis {
  return (producer ??= createRedis("producer"));
}

/**
 * The producer connection once it is connected: with no offline queue, a
 * command sent before that fails at once (a fresh process's first request).
 */
export async function connectedProducer(): Promise<Redis> {
  const redis = producerConnection();
  if (redis.status !== "ready") {
    await new Promise<void>((resolve, reject) => {
      redis.once("ready", resolve);
      redis.once("end", () => reject(new Error("Redis connection closed")));
    });
  }
  return redis;
}

const queues = new Map<string, Queue>();
export function getQueue(name: string): Queue {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection: producerConnection(), prefix: QUEUE_PREFIX });
    q.on("error", () => {
      // Surfaced by the failing add() and by /healthz.
    });
    queues.set(name, q);
  }
  return q;
}

/** Retries with exponential backoff; finished jobs are trimmed so Redis stays small. */
export const defaultJobOptions: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

/** Rejects instead of hanging when Redis does not answer in time. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The shops with a job of this queue running right now in a live worker:
 * active, with its lock held. A worker renews the lock while it runs the job;
 * a worker that was killed stops renewing it, and it expires (30 s).
 * With `jobName`, only jobs of that name.
 */
export async function shopsWithRunningJobs(queueName: string, jobName?: string): Promise<Set<string>> {
  const queue = getQueue(queueName);
  const active = await queue.getActive(0, 999);
  const client = await connectedProducer();
  const shops = new Set<string>();
  for (const job of active) {
    if (jobName && job.name !== jobName) continue;
    const shopId = (job.data as { shopId?: unknown } | undefined)?.shopId;
    if (typeof shopId === "string" && job.id && (await client.exists(`${queue.toKey(job.id)}:lock`))) shops.add(shopId);
  }
  return shops;
}

export async function closeQueues() {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
  producer?.disconnect();
  producer = undefined;
}
