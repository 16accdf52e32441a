import prisma from "../db.server";
import { getQueue, withTimeout } from "../queues/connection.server";
import { WEBHOOKS_QUEUE } from "../queues/webhooks.server";
import { logger } from "./logger.server";
import { metrics } from "./metrics.server";
import { processEnv } from "./env.server";
import { sql } from "./sql.server";

/**
 * Opens, before the web process listens (or the worker takes jobs), what its
 * first requests would otherwise open while Shopify waits for an answer: the
 * plain-SQL and Prisma connections to the database and the webhook queue's
 * Redis connection.
 * Never fails the start: a service that is down is said here and by /healthz,
 * and the requests that need it open it again.
 */

export async function warmUp(timeoutMs = 5_000): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    // The whole pool at once (on PostgreSQL each query opens a connection, a
    // new server process): the first burst of webhooks would otherwise wait for them.
    [
      "database (plain SQL)",
      async () => Promise.all(Array.from({ length: processEnv().DATABASE_POOL_SIZE }, async () => (await sql()).get(`SELECT 1 AS "ok"`))),
    ],
    ["database (Prisma)", () => prisma.$queryRaw`SELECT 1`],
    ["webhook queue (Redis)", () => getQueue(WEBHOOKS_QUEUE).waitUntilReady()],
  ];
  await Promise.all(
    steps.map(([what, step]) =>
      withTimeout(step(), timeoutMs, what).catch((err: unknown) => logger.warn({ err }, `could not open the ${what} before listening`)),
    ),
  );
}

/**
 * Runs `exercise` (the web process sending itself requests its routes
 * refuse, before it listens) without leaving a trace: no log line below
 * error, and the request and webhook metrics start from zero afterwards.
 */
export async function withoutTrace(exercise: () => Promise<void>): Promise<void> {
  const level = logger.level;
  logger.level = "error";
  try {
    await exercise();
  } finally {
    logger.level = level;
    metrics.httpRequestDuration.reset();
    metrics.webhooksReceived.reset();
  }
}
