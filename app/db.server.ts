import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseProvider, sqlitePath } from "./lib/database-url.js";
import { processEnv } from "./lib/env.server";
import { sharedSqliteAdapter, type SqliteConnection } from "./lib/sqlite.server";

// Prisma runs on driver adapters (no Rust query engine): better-sqlite3 for
// the default SQLite file, pg for PostgreSQL. The generated client must match
// the provider; `node scripts/db.mjs generate` sees to that.
function createPrismaClient({ DATABASE_URL: url, DATABASE_POOL_SIZE } = processEnv()) {
  if (databaseProvider(url) === "postgresql") {
    return { client: new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: DATABASE_POOL_SIZE }) }) };
  }
  // SQLite: one connection per process, shared with the plain-SQL paths (app/lib/sqlite.server.ts).
  const shared = sharedSqliteAdapter({
    file: sqlitePath(url, process.cwd()),
    onStuck: ({ heldForMs }) => databaseStuck(`a database transaction has held the connection for ${Math.round(heldForMs / 1000)} s`),
  });
  // One writer at a time: waiting for the connection is part of starting a transaction.
  const transactionOptions = { maxWait: 30_000, timeout: 30_000 };
  return { client: new PrismaClient({ adapter: shared.factory, transactionOptions }), sqlite: shared.connection };
}

/**
 * What a process does when its database connection can no longer make
 * progress (a transaction Prisma abandoned without releasing it, P2028):
 * restart rather than hang. Processes with a supervisor of their own (the
 * worker) replace this with a graceful exit.
 */
let databaseStuck: (reason: string) => void = (reason) => {
  console.error(`fatal: ${reason}; exiting so the process manager restarts this process`);
  process.exit(75);
};
export function onDatabaseStuck(handler: (reason: string) => void) {
  databaseStuck = handler;
}

declare global {
  var __aisleDb: ReturnType<typeof createPrismaClient> | undefined;
}

// One client per process; kept on globalThis so Remix dev reloads reuse it.
const db = (globalThis.__aisleDb ??= createPrismaClient());
const prisma: PrismaClient = db.client;

/** The process's SQLite connection, shared with Prisma (undefined on PostgreSQL). */
export async function sqliteConnection(): Promise<SqliteConnection | undefined> {
  if (!db.sqlite) return undefined;
  await prisma.$connect();
  return db.sqlite();
}

/**
 * For the web process: on SQLite, its requests never wait for a WAL
 * checkpoint; the worker's commits make them (app/lib/sqlite.server.ts).
 */
export async function keepCheckpointsOffRequests() {
  (await sqliteConnection())?.leaveCheckpointsToOthers();
}

export const isSqlite = databaseProvider(processEnv().DATABASE_URL) === "sqlite";
export default prisma;
