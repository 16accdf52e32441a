import { randomUUID } from "node:crypto";
import http from "node:http";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { Worker, type Job } from "bullmq";
import { onDatabaseStuck } from "../app/db.server";
import { env } from "../app/lib/env.server";
import { logger } from "../app/lib/logger.server";
import { metrics, renderMetrics } from "../app/lib/metrics.server";
import { createRedis } from "../app/lib/redis.server";
import { QUEUE_PREFIX, closeQueues } from "../app/queues/connection.server";
import { HEARTBEAT_EVERY_MS, forgetOldHeartbeats, recordHeartbeat, type WorkerHeartbeat } from "../app/queues/worker-heartbeats.server";
import { scheduleNightlyForecasts } from "../app/queues/forecast.server";
import { schedulePayloadPruning } from "../app/queues/privacy.server";
import { updateJobRecord } from "../app/models/jobs.server";
import { redriveWebhooks } from "../app/services/webhooks/redrive.server";
import { exitForRestart, onShutdown, stopOnSignals } from "./lifecycle";
import { QUEUE_WORKERS } from "./registry";
import { reconcileWithDatabase } from "./startup";
import { warmUp } from "../app/lib/warm-up.server";

export interface RunningWorkers {
  /** This process's id in the heartbeats. */
  id: string;
  /** The port job metrics are served on, or null (not asked for, or the port was taken). */
  metricsPort: Promise<number | null>;
  close(): Promise<void>;
}

// A killed worker's runs are found once its job locks expire (30 s).
const INTERRUPTED_EVERY_MS = 60_000;
// Redis may lose schedules while workers run, not only before they start.
const SCHEDULES_EVERY_MS = 15 * 60_000;

/**
 * Reconciles Redis with the database (workers/startup.ts), then starts a
 * BullMQ worker per queue (workers/registry.ts), the webhook re-driver, a
 * heartbeat for /healthz and the dashboard and, when metricsPort is set, a
 * Prometheus endpoint for job durations. Used by `npm run worker` and by
 * tests in-process.
 */
export async function startWorkers(
  options: { concurrency?: number; redriveEveryMs?: number; metricsPort?: number; heartbeatEveryMs?: number } = {},
): Promise<RunningWorkers> {
  const base = options.concurrency ?? env().WORKER_CONCURRENCY;
  const id = randomUUID();
  const log = logger.child({ worker: id });
  const connection = createRedis("worker");

  await reconcileWithDatabase(log);

  const workers = QUEUE_WORKERS.map(({ queue, process, concurrency }) => {
    const worker = new Worker(
      queue,
      async (job: Job) => {
        const started = performance.now();
        const jobLog = log.child({ queue, jobId: job.id, attempt: job.attemptsMade + 1 });
        try {
          const result = await process(job);
          metrics.jobDuration.observe({ queue, outcome: "completed" }, (performance.now() - started) / 1000);
          return result;
        } catch (error) {
          metrics.jobDuration.observe({ queue, outcome: "failed" }, (performance.now() - started) / 1000);
          jobLog.warn({ err: error }, "job attempt failed");
          // P2028: Prisma's transaction manager gave up on a transaction; a
          // fresh process is the reliable way back to a working connection.
          if ((error as { code?: unknown })?.code === "P2028") void exitForRestart(`database transaction error: ${(error as Error).message}`);
          throw error;
        }
      },
      { connection, prefix: QUEUE_PREFIX, concurrency: concurrency(base), autorun: true },
    );
    worker.on("error", (err) => log.error({ err, queue }, "worker error"));
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

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => Promise<unknown>) => {
    const timer = setInterval(() => void fn(), ms);
    timer.unref();
    timers.push(timer);
  };

  const redrive = async () => {
    try {
      await redriveWebhooks();
    } catch (err) {
      log.warn({ err }, "webhook re-drive failed; will try again");
    }
  };
  void redrive();
  every(options.redriveEveryMs ?? 15_000, redrive);
  every(INTERRUPTED_EVERY_MS, () => reconcileWithDatabase(log, { schedules: false }));
  every(SCHEDULES_EVERY_MS, () => reconcileWithDatabase(log, { interrupted: false }));

  const beat: WorkerHeartbeat = { id, host: os.hostname(), pid: process.pid, startedAt: Date.now(), lastSeenAt: Date.now() };
  const heartbeat = async () => {
    try {
      await recordHeartbeat(connection, { ...beat, lastSeenAt: Date.now() });
    } catch (err) {
      log.warn({ err }, "could not record the worker heartbeat");
    }
  };
  await heartbeat();
  void forgetOldHeartbeats(connection).catch(() => {});
  every(options.heartbeatEveryMs ?? HEARTBEAT_EVERY_MS, heartbeat);

  const metricsServer = options.metricsPort === undefined ? undefined : serveMetrics(options.metricsPort, log);

  log.info({ queues: QUEUE_WORKERS.map((w) => w.queue), concurrency: base }, "workers started");
  return {
    id,
    metricsPort: metricsServer?.port ?? Promise.resolve(null),
    async close() {
      for (const timer of timers) clearInterval(timer);
      metricsServer?.server.close();
      // Let running jobs finish; BullMQ returns unfinished ones to the queue.
      await Promise.all(workers.map((w) => w.close()));
      await recordHeartbeat(connection, { ...beat, lastSeenAt: Date.now(), stoppedAt: Date.now() }).catch(() => {});
      await closeQueues();
      connection.disconnect();
    },
  };
}

/**
 * Job metrics for Prometheus. A port already taken (a second worker on the
 * same host with the same WORKER_METRICS_PORT) costs this worker its
 * metrics endpoint, not its life: it logs why and runs on.
 */
function serveMetrics(port: number, log: typeof logger) {
  const server = http.createServer((req, res) => {
    if (req.url === "/metrics") {
      res.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" }).end(renderMetrics());
    } else res.writeHead(404).end();
  });
  const bound = new Promise<number | null>((resolve) => {
    server.once("listening", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
    server.once("error", (err: NodeJS.ErrnoException) => {
      log.warn(
        { err, port },
        err.code === "EADDRINUSE"
          ? "the metrics port is taken (another worker on this host?); this worker runs without a metrics endpoint. Give each worker its own WORKER_METRICS_PORT"
          : "could not serve metrics; this worker runs without a metrics endpoint",
      );
      resolve(null);
    });
  });
  server.listen(port, "127.0.0.1");
  return { server, port: bound };
}

async function main() {
  const config = env();
  stopOnSignals();
  onDatabaseStuck((reason) => void exitForRestart(reason));
  // Its connections open before its first jobs, which would otherwise open them while deliveries arrive.
  await warmUp();
  const running = await startWorkers({ metricsPort: config.WORKER_METRICS_PORT });
  onShutdown(() => running.close());
  await schedulePayloadPruning().catch((err) => logger.warn({ err }, "could not schedule webhook payload pruning; the next start will"));
  await scheduleNightlyForecasts().catch((err) => logger.warn({ err }, "could not schedule the nightly forecasts; the next start will"));
  logger.info({ redis: config.REDIS_URL.replace(/\/\/.*@/, "//***@"), worker: running.id }, "worker ready");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    logger.fatal({ err }, "worker failed to start");
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
