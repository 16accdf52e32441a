// The worker's start-up routine against the real Redis and database: what
// survives Redis losing its data, a fresh database, and a worker killed with
// kill -9 in the middle of a job.
import { Worker } from "bullmq";
import prisma from "../app/db.server";
import { logger } from "../app/lib/logger.server";
import { createJobRecord, updateJobRecord } from "../app/models/jobs.server";
import { createModelVersion } from "../app/models/recommendations.server";
import { setSyncState } from "../app/models/shops.server";
import { startSyncRun } from "../app/models/sync-runs.server";
import { QUEUE_PREFIX, closeQueues, getQueue, producerConnection } from "../app/queues/connection.server";
import { RECOMMENDATIONS_QUEUE, scheduleTraining } from "../app/queues/recommendations.server";
import { SYNC_QUEUE, enqueueSync } from "../app/queues/sync.server";
import { INTERRUPTED_IMPORT, INTERRUPTED_TRAINING, LOST_JOB } from "../app/services/interrupted-runs.server";
import { deleteOurRedisKeys } from "../test/helpers/redis";
import { createTestShop } from "../test/helpers/shops";
import { reconcileWithDatabase } from "./startup";

const scheduler = (shopId: string) => getQueue(RECOMMENDATIONS_QUEUE).getJobScheduler(`train-${shopId}`);

afterAll(async () => {
  await deleteOurRedisKeys();
  await closeQueues();
});

describe("training schedules come from the database", () => {
  it("rebuilds a shop's schedule after Redis lost it", async () => {
    const shop = await createTestShop();
    await setSyncState(shop.id, { syncStatus: "succeeded" });
    await prisma.shop.update({ where: { id: shop.id }, data: { settings: JSON.stringify({ recommendations: { retrainEveryMinutes: 7 } }) } });

    await reconcileWithDatabase(logger);
    expect((await scheduler(shop.id))?.every).toBe(7 * 60_000);

    // Redis loses its data.
    await deleteOurRedisKeys();
    expect(await scheduler(shop.id)).toBeUndefined();

    await reconcileWithDatabase(logger);
    expect((await scheduler(shop.id))?.every).toBe(7 * 60_000);
  });

  it("drops the schedules of shops the database does not know, and of uninstalled shops", async () => {
    const uninstalled = await createTestShop({ uninstalledAt: new Date() });
    await scheduleTraining("shop-from-an-older-database", 4);
    await scheduleTraining(uninstalled.id, 4);
    await reconcileWithDatabase(logger);
    expect(await scheduler("shop-from-an-older-database")).toBeUndefined();
    expect(await scheduler(uninstalled.id)).toBeUndefined();
  });
});

describe("runs a stopped worker left behind", () => {
  it("are marked interrupted on start: the import, its runs and job record, and a training version", async () => {
    const shop = await createTestShop();
    await setSyncState(shop.id, { syncStatus: "running" });
    const run = await startSyncRun(shop.id, "orders");
    const record = await createJobRecord(shop.id, SYNC_QUEUE, "Import products and orders");
    await updateJobRecord(shop.id, record.id, { status: "active", startedAt: new Date() });
    const model = await createModelVersion(shop.id, 1, "{}");
    // Queued two minutes ago, and its job is not in Redis (lost with Redis's data).
    const lost = await prisma.jobRecord.create({
      data: { shopId: shop.id, queue: SYNC_QUEUE, name: "Import", createdAt: new Date(Date.now() - 120_000) },
      select: { id: true },
    });

    await reconcileWithDatabase(logger);

    const saved = await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } });
    expect(saved.syncStatus).toBe("failed");
    expect(saved.syncError).toBe(INTERRUPTED_IMPORT);
    expect(await prisma.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "failed", error: INTERRUPTED_IMPORT });
    expect(await prisma.jobRecord.findUniqueOrThrow({ where: { id: record.id } })).toMatchObject({ status: "failed", error: INTERRUPTED_IMPORT });
    expect(await prisma.jobRecord.findUniqueOrThrow({ where: { id: lost.id } })).toMatchObject({ status: "failed", error: LOST_JOB });
    expect(await prisma.recommendationModel.findUniqueOrThrow({ where: { id: model.id } })).toMatchObject({ status: "failed", reason: INTERRUPTED_TRAINING });
  });

  it("leaves alone a run whose job another worker is running", async () => {
    const shop = await createTestShop();
    const record = await createJobRecord(shop.id, SYNC_QUEUE, "Import products and orders");
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let running!: () => void;
    const started = new Promise<void>((r) => (running = r));
    // Another worker process, as far as Redis can tell: it holds the job's lock while the import runs.
    const connection = producerConnection().duplicate({ maxRetriesPerRequest: null });
    const other = new Worker(
      SYNC_QUEUE,
      async () => {
        await setSyncState(shop.id, { syncStatus: "running" });
        await startSyncRun(shop.id, "products");
        await updateJobRecord(shop.id, record.id, { status: "active" });
        running();
        await released;
      },
      { connection, prefix: QUEUE_PREFIX },
    );
    try {
      await enqueueSync({ shopId: shop.id, jobRecordId: record.id, resources: ["products"] });
      await started;
      await reconcileWithDatabase(logger);
      expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).syncStatus).toBe("running");
      expect((await prisma.syncRun.findFirstOrThrow({ where: { shopId: shop.id } })).status).toBe("running");
      expect((await prisma.jobRecord.findUniqueOrThrow({ where: { id: record.id } })).status).toBe("active");
    } finally {
      release();
      await other.close();
      connection.disconnect();
    }
  });
});
