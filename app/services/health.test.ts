// Queue health covers every queue the workers run: counts for /healthz and
// the dashboard, and the dashboard's Retry on each of them (real BullMQ on
// real Redis, under this test file's queue prefix).
import { Worker } from "bullmq";
import { QUEUE_PREFIX, closeQueues, getQueue, producerConnection } from "../queues/connection.server";
import { deleteOurRedisKeys } from "../../test/helpers/redis";
import { RequestError } from "../lib/errors.server";
import { QUEUES, queueCounts, retryFailedJobs } from "./health.server";

afterAll(async () => {
  await deleteOurRedisKeys();
  await closeQueues();
});

it("watches every queue a worker runs", async () => {
  const { QUEUE_WORKERS } = await import("../../workers/registry");
  expect([...QUEUES].sort()).toEqual(QUEUE_WORKERS.map((w) => w.queue).sort());
  expect(QUEUES).toEqual(expect.arrayContaining(["content", "reviews", "forecast", "privacy"]));
  const counts = await queueCounts();
  expect(Object.keys(counts).sort()).toEqual([...QUEUES].sort());
  for (const c of Object.values(counts)) expect(c).toMatchObject({ waiting: expect.any(Number), failed: expect.any(Number) });
});

it("puts the failed jobs of each queue back to waiting, and refuses a queue it does not know", async () => {
  // One failed job on every queue: a worker whose processor throws, one attempt.
  const connection = producerConnection().duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
  for (const name of QUEUES) {
    const failed = new Promise<void>((resolve) => {
      const worker = new Worker(
        name,
        async () => {
          throw new Error("refused on purpose");
        },
        { connection, prefix: QUEUE_PREFIX, autorun: true },
      );
      worker.on("failed", () => void worker.close().then(() => resolve()));
    });
    await getQueue(name).add("health-check", { at: Date.now() }, { attempts: 1 });
    await failed;
  }
  for (const name of QUEUES) expect((await queueCounts())[name]).toMatchObject({ failed: 1, waiting: 0 });

  for (const name of QUEUES) await retryFailedJobs(name);
  const after = await queueCounts();
  for (const name of QUEUES) expect(after[name]).toMatchObject({ failed: 0, waiting: 1 });
  connection.disconnect();

  const unknown = await retryFailedJobs("no-such-queue").catch((error: unknown) => error);
  expect(unknown).toBeInstanceOf(RequestError);
  expect(unknown).toMatchObject({ status: 400 });
  expect((unknown as Error).message).toContain("content");
});
