import { afterEach, vi } from "vitest";

process.env.NODE_ENV = "test";
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
process.env.LOG_LEVEL ??= "silent";

// A console.error in a test is a bug somewhere: fail the test that caused it.
const consoleError = vi.spyOn(console, "error");
afterEach(() => {
  const calls = consoleError.mock.calls;
  consoleError.mockClear();
  if (calls.length) throw new Error(`console.error was called:\n${calls.map((c) => c.map(String).join(" ")).join("\n")}`);
});

// Each test file gets its own queue namespace in Redis, so a worker or a
// benchmark running on the same machine never picks up a test's jobs.
process.env.AISLE_QUEUE_PREFIX ??= `aisle-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
