import { randomUUID } from "node:crypto";
import path from "node:path";
import fs from "node:fs";
import { PrismaClient } from "@prisma/client";
import prisma, { isSqlite } from "../db.server";
import { createTestShop } from "../../test/helpers/shops";
import { sql } from "./sql.server";
import { sharedSqliteAdapter } from "./sqlite.server";

// The shared SQLite connection (app/lib/sqlite.server.ts). SQLite only.
describe.skipIf(!isSqlite)("the shared SQLite connection", () => {
  it("makes a plain-SQL write wait for an open Prisma transaction instead of joining it", async () => {
    const shop = await createTestShop();
    const db = await sql();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const rolledBack = prisma
      .$transaction(async (tx) => {
        await tx.shop.update({ where: { id: shop.id }, data: { name: "changed, then rolled back" } });
        inside();
        await held;
        throw new Error("roll back");
      })
      .catch((e: Error) => e.message);

    await started;
    const webhookId = randomUUID();
    const write = db.run(
      `INSERT INTO "WebhookDelivery" ("id", "webhookId", "shopDomain", "shopId", "topic", "payload", "status", "attempts", "receivedAt") VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      [randomUUID(), webhookId, shop.domain, shop.id, "products/update", "{}", "received", db.timestamp(new Date())],
    );
    release();
    expect(await rolledBack).toBe("roll back");
    expect(await write).toBe(1);
    // The write committed on its own; the rolled-back transaction did not take it along.
    expect(await prisma.webhookDelivery.count({ where: { webhookId } })).toBe(1);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).name).not.toBe("changed, then rolled back");
  });

  it("gives the connection back after a COMMIT fails, so later queries still run", async () => {
    const shop = await createTestShop();
    const failed = await prisma
      .$transaction(async (tx) => {
        // A foreign key checked only at COMMIT: the COMMIT itself fails.
        await tx.$executeRawUnsafe("PRAGMA defer_foreign_keys = ON");
        await tx.$executeRawUnsafe(
          `INSERT INTO "OrderLine" ("id", "shopId", "orderId", "shopifyId", "title", "quantity", "price") VALUES (?, ?, ?, ?, '', 1, '0.00')`,
          randomUUID(),
          shop.id,
          "no-such-order",
          randomUUID(),
        );
      })
      .then(
        () => "committed",
        (e: Error) => e.message,
      );
    expect(failed).toMatch(/foreign key|FOREIGN KEY|constraint/i);
    // With Prisma's stock adapter this waited forever (the transaction mutex was never released).
    const next = await Promise.race([
      prisma.shop.count({ where: { id: shop.id } }),
      new Promise((_, reject) => setTimeout(() => reject(new Error("the connection was never released")), 5_000)),
    ]);
    expect(next).toBe(1);
    expect(await prisma.orderLine.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("reports a transaction that holds the connection far too long, so the process can restart", async () => {
    const file = path.resolve(".tmp", `stuck-${process.pid}.db`);
    fs.rmSync(file, { force: true });
    const stuck: number[] = [];
    const shared = sharedSqliteAdapter({ file, stuckAfterMs: 100, onStuck: ({ heldForMs }) => stuck.push(heldForMs) });
    const client = new PrismaClient({ adapter: shared.factory });
    try {
      await client.$connect();
      const connection = await shared.connection();
      await connection.transaction(() => new Promise((r) => setTimeout(r, 400)));
      expect(stuck.length).toBeGreaterThan(0);
      expect(stuck[0]).toBeGreaterThan(100);
    } finally {
      await client.$disconnect();
      fs.rmSync(file, { force: true });
      for (const suffix of ["-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    }
  });

  it("leaves WAL checkpoints to other processes when asked, and checkpoints itself once the log grows past its limit", async () => {
    const file = path.resolve(".tmp", `checkpoints-${process.pid}.db`);
    const remove = () => {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    };
    remove();
    const shared = sharedSqliteAdapter({ file });
    const client = new PrismaClient({ adapter: shared.factory });
    try {
      await client.$connect();
      const connection = await shared.connection();
      connection.leaveCheckpointsToOthers({ maxWalBytes: 16 * 1024 * 1024, everyMs: 50 });
      // ~6 MB written: more than SQLite's own checkpoint threshold (1,000 pages), less than the limit.
      const write = (rows: number) =>
        connection.transaction((db) => {
          db.exec(`CREATE TABLE IF NOT EXISTS "Blob" ("data" BLOB)`);
          const insert = db.prepare(`INSERT INTO "Blob" ("data") VALUES (?)`);
          for (let i = 0; i < rows; i++) insert.run(Buffer.alloc(4096, i));
        });
      await write(1_500);
      await new Promise((r) => setTimeout(r, 200));
      // Nothing copied into the database file: every page is still in the log.
      expect(fs.statSync(file).size).toBeLessThan(1024 * 1024);
      expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(6 * 1024 * 1024);
      // Past the limit, the timer checkpoints: the pages reach the database file.
      await write(3_000);
      const deadline = Date.now() + 5_000;
      while (fs.statSync(file).size < 16 * 1024 * 1024 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(fs.statSync(file).size).toBeGreaterThan(16 * 1024 * 1024);
    } finally {
      await client.$disconnect();
      remove();
    }
  });
});
