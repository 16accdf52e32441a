import http from "node:http";
import { pathToFileURL } from "node:url";
import { Worker, type Job } from "bullmq";
import { env } from "../app/lib/env.server";
import { logger } from "../app/lib/logger.server";
import { metrics, renderMetrics } from "../app/lib/metrics.server";
import { createRedis } from "../app/lib/redis.server";
import { QUEUE_PREFIX, closeQueues } from "../app/queues/connection.server";
import { schedulePayloadPruning } from "../app/queues/privacy.server";
import { updateJobRecord } from "../app/models/jobs.server";
import { redriveWebhooks } from "../app/services/webhooks/redrive.server";
import { QUEUE_WORKERS } from "./registry";

export interface RunningWorkers {
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker per queue (workers/registry.ts), the webhook
 * re-driver and, when metricsPort is set, a Prometheus endpoint for job
 * durations. Used by `npm run worker` and by tests and the demo in-process.
 */
export async function startWorkers(options: { concurrency?: number; redriveEveryMs?: number; metricsPort?: number } = {}): Promise<RunningWorkers> {
  const base = options.concurrency ?? env().WORKER_CONCURRENCY;
  const connection = createRedis("worker");
  const workers = QUEUE_WORKERS.map(({ queue, process, concurrency }) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const started = performance.now();
        const log = logger.child({ queue, jobId: job.id, attempt: job.attemptsMade + 1 });
        try {
          const result = await process(job);
          metrics.jobDuration.observe({ queue, outcome: "completed" }, (performance.now() - started) / 1000);
          return result;
        } catch (error) {
          metrics.jobDuration.observe({ queue, outcome: "failed" }, (performance.now() - started) / 1000);
          log.warn({ err: error }, "job attempt failed");
          throw error;
        }
      },
      { connection, prefix: QUEUE_PREFIX, concurrency: concurrency(base), autorun: true },
    );
    worker.on("error", (err) => logger.error({ err, queue }, "worker error"));
    worker.on("failed", (job, err) => {
      const finalAttempt = !job || job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === "UnrecoverableError";
      const recordId = job?.data?.jobRecordId as string | undefined;
      const shopId = job?.data?.shopId as string | undefined;
      if (finalAttempt && recordId && shopId) {
        void updateJobRecord(shopId, recordId, { status: "failed", error: err.message, finishedAt: new Date() }).catch(() => {});
      }
    });
    return worker;
  });

  const redriveEveryMs = options.redriveEveryMs ?? 15_000;
  const redrive = async () => {
    try {
      await redriveWebhooks();
    } catch (err) {
      logger.warn({ err }, "webhook re-drive failed; will try again");
    }
  };
  void redrive();
  const timer = setInterval(redrive, redriveEveryMs);
  timer.unref();

  let server: http.Server | undefined;
  if (options.metricsPort) {
    server = http.createServer((req, res) => {
      if (req.url === "/metrics") {
        res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" }).end(renderMetrics());
      } else res.writeHead(404).end();
    });
    server.listen(options.metricsPort, "127.0.0.1");
  }

  logger.info({ queues: QUEUE_WORKERS.map((w) => w.queue), concurrency: base }, "workers started");
  return {
    async close() {
      clearInterval(timer);
      server?.close();
      // Let running jobs finish; BullMQ returns unfinished ones to the queue.
      await Promise.all(workers.map((w) => w.close()));
      await closeQueues();
      connection.disconnect();
    },
  };
}

async function main() {
  process.env.AISLE_SERVICE ??= "worker";
  const config = env();
  const running = await startWorkers({ metricsPort: Number(process.env.WORKER_METRICS_PORT || 9464) });
  await schedulePayloadPruning().catch((err) => logger.warn({ err }, "could not schedule webhook payload pruning; the next start will"));
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker shutting down");
    const force = setTimeout(() => process.exit(1), 30_000);
    await running.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  logger.info({ redis: config.REDIS_URL.replace(/\/\/.*@/, "//***@") }, "worker ready");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    logger.fatal({ err }, "worker failed to start");
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
