import { defineConfig } from "vitest/config";
import path from "node:path";

// Tests share one database (reset once in test/global-setup.ts) and stay apart
// by shop: every test makes its own shop, as every query is scoped to one.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globals: true,
    environment: "node",
    include: [
      "app/**/*.test.{ts,tsx}",
      "workers/**/*.test.ts",
      "test/**/*.test.{ts,tsx}",
      "extensions/**/*.test.ts",
      "bench/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
