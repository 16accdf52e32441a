/**
 * A token bucket per key, in this process's memory: cheap enough for the
 * storefront's hot paths. With several web processes each enforces its own
 * share, which is what a per-visitor flood guard needs.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes `cost` tokens for `key`; false when the bucket cannot pay. */
  take(key: string, cost = 1, now = Date.now()): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evictOldest();
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond);
      bucket.at = now;
    }
    if (bucket.tokens < cost) return false;
    bucket.tokens -= cost;
    return true;
  }

  private evictOldest() {
    // Maps iterate in insertion order: drop the oldest tenth.
    let n = Math.ceil(this.maxKeys / 10);
    for (const key of this.buckets.keys()) {
      this.buckets.delete(key);
      if (--n <= 0) break;
    }
  }
}
