import type { Redis } from "ioredis";
import { QUEUE_PREFIX } from "./connection.server";

// Part of the contract between web and workers, next to the queues: each
// worker process writes a heartbeat to Redis; /healthz and the dashboard read
// them, so a dead worker is visible instead of jobs silently piling up.

/** How often a running worker says it is alive. */
export const HEARTBEAT_EVERY_MS = 10_000;
/** A worker silent for longer than this is taken for dead. */
export const WORKER_STALE_MS = 2 * 60_000;
// Heartbeats of workers gone for a day are dropped on the next write.
const FORGET_AFTER_MS = 24 * 3600_000;

const KEY = `${QUEUE_PREFIX}:worker-heartbeats`;

export interface WorkerHeartbeat {
  id: string;
  host: string;
  pid: number;
  startedAt: number;
  lastSeenAt: number;
  /** Set when the worker closed cleanly: it is not expected back. */
  stoppedAt?: number;
}

export async function recordHeartbeat(redis: Redis, beat: WorkerHeartbeat) {
  await redis.hset(KEY, beat.id, JSON.stringify(beat));
}

export async function listHeartbeats(redis: Redis): Promise<WorkerHeartbeat[]> {
  const raw = await redis.hgetall(KEY);
  return Object.values(raw).flatMap((v) => {
    try {
      return [JSON.parse(v) as WorkerHeartbeat];
    } catch {
      return [];
    }
  });
}

export async function forgetOldHeartbeats(redis: Redis, now = Date.now()) {
  const old = (await listHeartbeats(redis)).filter((b) => now - b.lastSeenAt > FORGET_AFTER_MS).map((b) => b.id);
  if (old.length) await redis.hdel(KEY, ...old);
}

export type WorkersStatus = {
  ok: boolean;
  /** Workers seen within WORKER_STALE_MS that have not stopped. */
  live: { id: string; host: string; pid: number; lastSeenSecondsAgo: number; startedAt: string }[];
  /** Seconds since any worker was last seen; null when none ever was. */
  lastSeenSecondsAgo: number | null;
  message: string | null;
};

/** What /healthz and the dashboard say about the workers. */
export function summariseHeartbeats(beats: WorkerHeartbeat[], now = Date.now()): WorkersStatus {
  const live = beats
    .filter((b) => !b.stoppedAt && now - b.lastSeenAt <= WORKER_STALE_MS)
    .sort((a, b) => b.lastSeenAt - a.lastSeenAt)
    .map((b) => ({
      id: b.id,
      host: b.host,
      pid: b.pid,
      lastSeenSecondsAgo: Math.max(0, Math.round((now - b.lastSeenAt) / 1000)),
      startedAt: new Date(b.startedAt).toISOString(),
    }));
  const last = beats.reduce<number | null>((max, b) => (max === null || b.lastSeenAt > max ? b.lastSeenAt : max), null);
  const lastSeenSecondsAgo = last === null ? null : Math.max(0, Math.round((now - last) / 1000));
  let message: string | null = null;
  if (!live.length) {
    if (lastSeenSecondsAgo === null) message = "No worker has run yet";
    else if (lastSeenSecondsAgo * 1000 < WORKER_STALE_MS) message = `No worker is running (the last one stopped ${lastSeenSecondsAgo} s ago)`;
    else message = `No worker has run for ${Math.floor(lastSeenSecondsAgo / 60)} minutes`;
  }
  return { ok: live.length > 0, live, lastSeenSecondsAgo, message };
}
