import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { isSqlite } from "../../app/db.server";

// Web and worker write the same SQLite file at once, each through Prisma and
// plain SQL together; afterwards the file is intact and every write that
// was reported committed is there.
const root = path.resolve(import.meta.dirname, "..", "..");
const file = path.join(root, ".tmp", `concurrency-${process.pid}.db`);
const url = `file:${file}`;
const ROUNDS = 60;

function writer(
  role: "web" | "worker",
  domain: string,
): Promise<{ deliveries: string[]; orders: string[]; products: string[]; pairs: string[]; settings: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/helpers/sqlite-writer.ts", role, domain, String(ROUNDS)], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 100_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${role} exited with ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(out.trim().split("\n").pop()!));
    });
  });
}

describe.skipIf(!isSqlite)("SQLite under concurrent writers", () => {
  beforeAll(() => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    execFileSync(process.execPath, ["scripts/db.mjs", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
  });
  afterAll(() => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  });

  it("keeps the file intact and every committed row", { timeout: 120_000 }, async () => {
    const [web, worker] = await Promise.all([writer("web", "concurrency.myshopify.com"), writer("worker", "concurrency.myshopify.com")]);
    expect(web.deliveries).toHaveLength(4 * ROUNDS);
    expect(worker.orders).toHaveLength(4 * ROUNDS);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const count = (table: string, column: string, values: string[]) =>
        (db.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE "${column}" IN (${values.map(() => "?").join(",")})`).get(values) as { n: number }).n;
      expect(count("WebhookDelivery", "webhookId", web.deliveries)).toBe(web.deliveries.length);
      expect(count("Order", "shopifyId", worker.orders)).toBe(worker.orders.length);
      expect(count("Product", "shopifyId", worker.products)).toBe(worker.products.length);
      expect(count("ComplementaryPair", "productShopifyId", worker.pairs)).toBe(worker.pairs.length);
      expect((db.prepare(`SELECT COUNT(*) AS n FROM "OrderLine"`).get() as { n: number }).n).toBe(2 * worker.orders.length);
    } finally {
      db.close();
    }
  });
});
