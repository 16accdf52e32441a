#!/usr/bin/env node
// `npm test`: the whole suite against TEST_DATABASE_URL (default: a SQLite
// file under .tmp/). Never touches DATABASE_URL's own database.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  NODE_ENV: "test",
  DATABASE_URL: process.env.TEST_DATABASE_URL || "file:./.tmp/test.db",
  REDIS_URL: process.env.TEST_REDIS_URL || process.env.REDIS_URL || "redis://127.0.0.1:6379",
};
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit", env });
try {
  run("node", ["scripts/db.mjs", "reset"]);
  run(path.join(root, "node_modules", ".bin", "vitest"), ["run", ...process.argv.slice(2)]);
} catch (e) {
  process.exit(typeof e.status === "number" ? e.status : 1);
}
