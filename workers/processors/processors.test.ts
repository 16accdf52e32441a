// The worker's processors, run by real BullMQ workers on the real Redis (this
// file's own queue prefix), exactly as workers/index.ts wires them.
import { Worker, type Job } from "bullmq";
import prisma from "../../app/db.server";
import { QUEUE_PREFIX, closeQueues, getQueue, producerConnection } from "../../app/queues/connection.server";
import { RECOMMENDATIONS_QUEUE, enqueueRecommendationsUpdate, enqueueTraining, scheduleTraining } from "../../app/queues/recommendations.server";
import { SYNC_QUEUE, enqueueSync } from "../../app/queues/sync.server";
import { seedSmallStore } from "../../test/helpers/catalog";
import { deleteOurRedisKeys } from "../../test/helpers/redis";
import { createTestShop } from "../../test/helpers/shops";
import { QUEUE_WORKERS } from "../registry";

const workers: Worker[] = [];
const connections: ReturnType<typeof producerConnection>[] = [];

function run(queue: string) {
  const spec = QUEUE_WORKERS.find((w) => w.queue === queue)!;
  const connection = producerConnection().duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true });
  connections.push(connection);
  const worker = new Worker(queue, spec.process, { connection, prefix: QUEUE_PREFIX, concurrency: 1 });
  workers.push(worker);
  return worker;
}

/** The job's next outcome: its final failure or its completion (a retry is neither). */
function settled(worker: Worker, matches: (job: Job) => boolean) {
  return new Promise<{ job: Job; error?: Error; result?: unknown }>((resolve) => {
    worker.on("failed", (job, error) => job && matches(job) && resolve({ job, error }));
    worker.on("completed", (job, result) => matches(job) && resolve({ job, result }));
  });
}

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  for (const c of connections) c.disconnect();
  await deleteOurRedisKeys();
  await closeQueues();
});

describe("jobs for a shop the database does not know", () => {
  it("an import fails once, as unrecoverable, without retrying", async () => {
    const worker = run(SYNC_QUEUE);
    const outcome = settled(worker, (job) => job.data.shopId === "shop-gone-sync");
    await enqueueSync({ shopId: "shop-gone-sync", jobRecordId: "record-1", resources: ["products"] });
    const { job, error } = await outcome;
    expect(error?.name).toBe("UnrecoverableError");
    expect(error?.message).toBe("shop shop-gone-sync no longer exists");
    expect(job.attemptsMade).toBe(1);
    expect(await getQueue(SYNC_QUEUE).getJobState(job.id!)).toBe("failed");
  });

  it("a scheduled training fails as unrecoverable and its schedule is removed", async () => {
    const worker = run(RECOMMENDATIONS_QUEUE);
    const outcome = settled(worker, (job) => job.data.shopId === "shop-gone-train");
    await scheduleTraining("shop-gone-train", 4);
    const { job, error } = await outcome;
    expect(error?.name).toBe("UnrecoverableError");
    expect(job.attemptsMade).toBe(1);
    expect(await getQueue(RECOMMENDATIONS_QUEUE).getJobScheduler("train-shop-gone-train")).toBeUndefined();
  });
});

describe("training", () => {
  it("trains a shop's model on demand and makes it live", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    const worker = workers.find((w) => w.name === RECOMMENDATIONS_QUEUE) ?? run(RECOMMENDATIONS_QUEUE);
    const outcome = settled(worker, (job) => job.data.shopId === shop.id);
    await enqueueTraining({ shopId: shop.id, reason: "manual" });
    const { result, error } = await outcome;
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ version: 1, promoted: true });
    expect(await prisma.recommendationModel.count({ where: { shopId: shop.id, status: "live" } })).toBe(1);
  });

  it("runs an update of the live lists on the same queue, and asks for one when a training goes live", async () => {
    const shop = await createTestShop();
    await seedSmallStore(shop.id);
    const worker = workers.find((w) => w.name === RECOMMENDATIONS_QUEUE) ?? run(RECOMMENDATIONS_QUEUE);
    const trained = settled(worker, (job) => job.data.shopId === shop.id && job.name === "train");
    await enqueueTraining({ shopId: shop.id, reason: "manual" });
    expect((await trained).result).toMatchObject({ promoted: true });
    const waiting = await getQueue(RECOMMENDATIONS_QUEUE).getDelayed();
    expect(waiting.some((j) => j.name === "update" && j.data.shopId === shop.id)).toBe(true);

    const updated = settled(worker, (job) => job.data.shopId === shop.id && job.name === "update" && String(job.id).includes("-more-"));
    await enqueueRecommendationsUpdate(shop.id, { followUp: true });
    const { result, error } = await updated;
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ written: false, reason: "nothing new" });
  });
});
