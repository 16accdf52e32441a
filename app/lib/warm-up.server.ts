import prisma from "../db.server";
import { getQueue, withTimeout } from "../queues/connection.server";
import { WEBHOOKS_QUEUE } from "../queues/webhooks.server";
import { logger } from "./logger.server";
import { sql } from "./sql.server";

/**
 * Opens, before the web process listens, what its first requests would
 * otherwise open while Shopify waits for an answer: the plain-SQL and Prisma
 * connections to the database and the webhook queue's Redis connection.
 * Never fails the start: a service that is down is said here and by /healthz,
 * and the requests that need it open it again.
 */
export async function warmUp(timeoutMs = 5_000): Promise<void> {
  const steps: [string, () => Promise<unknown>][] = [
    ["database (plain SQL)", async () => (await sql()).get(`SELECT 1 AS "ok"`)],
    ["database (Prisma)", () => prisma.$queryRaw`SELECT 1`],
    ["webhook queue (Redis)", () => getQueue(WEBHOOKS_QUEUE).waitUntilReady()],
  ];
  await Promise.all(
    steps.map(([what, step]) =>
      withTimeout(step(), timeoutMs, what).catch((err: unknown) => logger.warn({ err }, `could not open the ${what} before listening`)),
    ),
  );
}
