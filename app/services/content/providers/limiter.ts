// Model calls at once per shop, across every worker process: a shop's bulk
// run cannot take every slot of the workers, and a shop stays inside the rate
// its API tier allows. The slots are a Redis sorted set per shop whose
// members are leases scored by their expiry. A holder renews its lease while
// its call runs; a worker that crashed stops renewing, and its slots come
// free when their leases expire. Time is Redis's own clock, so workers'
// clocks need not agree.

import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { QUEUE_PREFIX, connectedProducer } from "../../../queues/connection.server";

// KEYS[1] the shop's slots; ARGV: limit, lease ms, lease id. 1 when the slot is taken.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

// KEYS[1] the shop's slots; ARGV: lease ms, lease id. 0 when the lease had already expired and was dropped.
const RENEW = `
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

export interface ShopLimiterOptions {
  /** Key prefix of the shops' slot sets. */
  prefix: string;
  /** How long a lease lasts without renewal (a crashed worker's slots are free after this). */
  leaseMs?: number;
  /** Longest wait between two attempts to take a slot. */
  maxPollMs?: number;
}

export class ShopLimiter {
  private readonly leaseMs: number;
  private readonly maxPollMs: number;

  constructor(
    private readonly redis: () => Promise<Redis>,
    private readonly options: ShopLimiterOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.maxPollMs = options.maxPollMs ?? 250;
  }

  private key(shopId: string) {
    return `${this.options.prefix}:${shopId}`;
  }

  /** Runs fn once one of the shop's `limit` slots is free, holding the slot (renewed) until it settles. */
  async withSlot<T>(shopId: string, limit: number, fn: () => Promise<T>): Promise<T> {
    const redis = await this.redis();
    const key = this.key(shopId);
    const lease = randomUUID();
    for (let wait = 10; !(await redis.eval(ACQUIRE, 1, key, Math.max(1, limit), this.leaseMs, lease)); wait = Math.min(this.maxPollMs, wait * 2)) {
      await this.sleep(key, wait / 2 + Math.random() * wait);
    }
    const renew = setInterval(
      () => {
        redis.eval(RENEW, 1, key, this.leaseMs, lease).catch(() => {
          // Redis unreachable: the lease expires and the slot comes free, as for a crashed worker.
        });
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await redis.zrem(key, lease).catch(() => {
        // As above: the lease expires by itself.
      });
      // A call of this process waiting for the shop tries again at once; other processes find the slot when they poll.
      const next = this.sleepers.get(key)?.values().next().value;
      next?.();
    }
  }

  /** Calls of this process waiting for a shop's slot, each woken early when one of this process's slots is given back. */
  private readonly sleepers = new Map<string, Set<() => void>>();

  private sleep(key: string, ms: number) {
    return new Promise<void>((resolve) => {
      let set = this.sleepers.get(key);
      if (!set) this.sleepers.set(key, (set = new Set()));
      const waiting = set;
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        if (!waiting.size) this.sleepers.delete(key);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiting.add(wake);
    });
  }
}

const shared = new ShopLimiter(connectedProducer, { prefix: `${QUEUE_PREFIX}:content-slots` });

export function withShopSlot<T>(shopId: string, limit: number, fn: () => Promise<T>): Promise<T> {
  return shared.withSlot(shopId, limit, fn);
}
