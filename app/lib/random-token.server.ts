import { randomBytes } from "node:crypto";

const POOL_BYTES = 4_096;
let pool = Buffer.alloc(0);
let used = 0;

/**
 * `bytes` random bytes as base64url, for ids on hot paths (a storefront
 * request id per answer). Drawn from a pool of cryptographic randomness
 * refilled 4 KB at a time: one call into the system's generator per several
 * hundred ids instead of one per id. Each byte is handed out once.
 */
export function randomToken(bytes: number): string {
  if (used + bytes > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, bytes));
    used = 0;
  }
  const token = pool.toString("base64url", used, used + bytes);
  used += bytes;
  return token;
}
