import { logger } from "../app/lib/logger.server";

// How a worker process ends. Exit codes are the contract with whatever
// restarts it (a process manager in production, scripts/demo.ts locally):
//   0  stopped on purpose (SIGTERM, SIGINT): do not restart
//   75 EX_TEMPFAIL (sysexits.h): the process cannot go on but a fresh one can
//      (say, its database connection is wedged): restart it
//   1  failed to start or crashed: a restart would fail the same way

/** Exit code meaning "restart me". */
export const EXIT_RESTART = 75;

/** How long running jobs get to finish before the process exits anyway; BullMQ hands unfinished ones to another worker. */
const CLOSE_GRACE_MS = 30_000;

let close: (() => Promise<void>) | undefined;
let exiting: Promise<never> | undefined;

/** What stopping the process must close first (the workers, their connections). */
export function onShutdown(fn: () => Promise<void>) {
  close = fn;
}

/** Closes gracefully (bounded in time), then exits with `code`. Called once; later calls wait for the first. */
export function stopProcess(code: number, why: Record<string, unknown>): Promise<never> {
  exiting ??= (async () => {
    logger.info({ ...why, code }, "worker shutting down");
    const force = setTimeout(() => {
      logger.error({ graceMs: CLOSE_GRACE_MS }, "jobs did not finish in time; exiting anyway");
      process.exit(code);
    }, CLOSE_GRACE_MS);
    force.unref();
    try {
      await close?.();
    } catch (err) {
      logger.error({ err }, "closing the worker failed");
    }
    process.exit(code);
  })();
  return exiting;
}

/**
 * For failures a fresh process recovers from and this one cannot (a wedged
 * database connection, say): closes gracefully, then exits with 75 so the
 * process manager starts a new worker.
 */
export function exitForRestart(reason: string): Promise<never> {
  logger.fatal({ reason }, "worker exits to be restarted");
  return stopProcess(EXIT_RESTART, { reason });
}

export function stopOnSignals() {
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stopProcess(0, { signal }));
}
