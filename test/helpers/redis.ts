import { QUEUE_PREFIX, producerConnection } from "../../app/queues/connection.server";

/** Deletes this test file's Redis keys (its own queue prefix) and nobody else's. */
export async function deleteOurRedisKeys() {
  const redis = producerConnection();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${QUEUE_PREFIX}:*`, "COUNT", 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
}
