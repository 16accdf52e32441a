// The per-shop limit on model calls, held across processes: two limiters
// with their own Redis connections (as two worker processes have) share one
// shop's slots; a holder that crashed frees its slot when its lease expires.
import type { Redis } from "ioredis";
import { QUEUE_PREFIX, producerConnection } from "../../../queues/connection.server";
import { deleteOurRedisKeys } from "../../../../test/helpers/redis";
import { ShopLimiter } from "./limiter";

const connections: Redis[] = [];
function limiter(leaseMs = 30_000) {
  const redis = producerConnection().duplicate({ enableOfflineQueue: true });
  connections.push(redis);
  return { redis, limiter: new ShopLimiter(async () => redis, { prefix: `${QUEUE_PREFIX}:test-slots`, leaseMs, maxPollMs: 40 }) };
}

afterAll(async () => {
  for (const c of connections) c.disconnect();
  await deleteOurRedisKeys();
  const { closeQueues } = await import("../../../queues/connection.server");
  await closeQueues();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("per-shop slots shared through Redis", () => {
  it("keeps a shop's calls across two limiters within its limit, while another shop has its own slots", async () => {
    const a = limiter().limiter;
    const b = limiter().limiter;
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const call = (shop: string) => async () => {
      running.set(shop, (running.get(shop) ?? 0) + 1);
      most.set(shop, Math.max(most.get(shop) ?? 0, running.get(shop)!));
      await sleep(60);
      running.set(shop, running.get(shop)! - 1);
      return shop;
    };
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => a.withSlot("shop-1", 2, call("shop-1"))),
      ...Array.from({ length: 6 }, () => b.withSlot("shop-1", 2, call("shop-1"))),
      ...Array.from({ length: 3 }, () => b.withSlot("shop-2", 3, call("shop-2"))),
    ]);
    expect(results.filter((r) => r === "shop-1")).toHaveLength(12);
    expect(most.get("shop-1")).toBe(2);
    // shop-2 was not held up by shop-1's queue: its three calls ran at once.
    expect(most.get("shop-2")).toBe(3);
    // Every slot was given back.
    expect(await producerConnection().zcard(`${QUEUE_PREFIX}:test-slots:shop-1`)).toBe(0);
  });

  it("frees the slot when its call fails", async () => {
    const { limiter: a } = limiter();
    await expect(a.withSlot("shop-3", 1, () => Promise.reject(new Error("the call failed")))).rejects.toThrow("the call failed");
    await expect(a.withSlot("shop-3", 1, async () => "next")).resolves.toBe("next");
  });

  it("gives a crashed holder's slot to another process once its lease expires, and not before", async () => {
    const leaseMs = 400;
    const crashed = limiter(leaseMs);
    const alive = limiter(leaseMs).limiter;
    let finish!: () => void;
    let held = false;
    const holding = crashed.limiter.withSlot("shop-4", 1, () => {
      held = true;
      return new Promise<void>((r) => (finish = r));
    });
    while (!held) await sleep(5);
    // A holder that keeps running renews its lease: the slot stays taken well past one lease.
    const start = Date.now();
    let got = 0;
    const waiting = alive.withSlot("shop-4", 1, async () => (got = Date.now()));
    await sleep(leaseMs * 2);
    expect(got).toBe(0);
    // The process dies: no more renewals, no release.
    crashed.redis.disconnect();
    const diedAt = Date.now();
    await waiting;
    // Its last renewal left at least two thirds of a lease to run.
    expect(got - diedAt).toBeGreaterThanOrEqual(leaseMs / 2);
    expect(got - diedAt).toBeLessThan(leaseMs * 4);
    expect(got - start).toBeGreaterThanOrEqual(leaseMs * 2);
    finish();
    await holding;
  });
});
