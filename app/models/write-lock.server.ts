import type { Prisma } from "@prisma/client";
import { isSqlite } from "../db.server";

/**
 * Takes SQLite's write lock at the start of an interactive transaction.
 * Prisma's SQLite adapter opens transactions with a deferred BEGIN: one that
 * reads first and writes later fails at once with SQLITE_BUSY ("Operation
 * has timed out") when another process committed in between, instead of
 * waiting. A no-op write first makes it wait (busy timeout) for the lock.
 * PostgreSQL needs nothing.
 */
export async function lockForWrite(tx: Prisma.TransactionClient) {
  if (isSqlite) await tx.$executeRawUnsafe(`UPDATE "Shop" SET "id" = "id" WHERE 0`);
}
