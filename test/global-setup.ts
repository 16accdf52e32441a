// The database was reset and migrated by scripts/test.mjs before vitest
// started; here we only check the services every integration test needs.
import { Redis } from "ioredis";

export default async function setup() {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379";
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    throw new Error(`Redis is not reachable at ${url}. Start one (redis-server) or set TEST_REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}
