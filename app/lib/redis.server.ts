import { Redis, type RedisOptions } from "ioredis";
import { processEnv } from "./env.server";

// BullMQ needs maxRetriesPerRequest: null on connections used by workers.
// Producers (the web app) fail fast instead, so a Redis outage never holds up
// a webhook acknowledgement: the delivery is already in the database and is
// re-driven later.
export function createRedis(kind: "worker" | "producer", url = processEnv().REDIS_URL) {
  const options: RedisOptions =
    kind === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: false }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, retryStrategy: (n) => Math.min(n * 200, 2_000) };
  const redis = new Redis(url, { lazyConnect: false, ...options });
  redis.on("error", () => {
    // Connection errors surface through commands and /healthz; an unhandled
    // 'error' event would crash the process.
  });
  return redis;
}
