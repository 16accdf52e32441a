import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { DEFAULT_DATABASE_URL, databaseProvider, sqlitePath } from "./lib/database-url.js";

// Prisma runs on driver adapters (no Rust query engine): better-sqlite3 for
// the default SQLite file, pg for PostgreSQL. The generated client must match
// the provider; `node scripts/db.mjs generate` sees to that.
function createPrismaClient(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  const adapter =
    databaseProvider(url) === "sqlite"
      ? new PrismaBetterSQLite3({ url: sqlitePath(url, process.cwd()), timeout: 10_000 })
      : new PrismaPg({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
  const client = new PrismaClient({ adapter });
  if (databaseProvider(url) === "sqlite") {
    // See app/lib/sql.server.ts: WAL + synchronous=NORMAL, so commits do not wait for fsync.
    void client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch(() => {});
  }
  return client;
}

declare global {
  // eslint-disable-next-line no-var
  var __aislePrisma: PrismaClient | undefined;
}

// One client per process; kept on globalThis so Remix dev reloads reuse it.
const prisma: PrismaClient = globalThis.__aislePrisma ?? (globalThis.__aislePrisma = createPrismaClient());

export const isSqlite = databaseProvider(process.env.DATABASE_URL || DEFAULT_DATABASE_URL) === "sqlite";
export { createPrismaClient };
export default prisma;
export const projectRoot = path.resolve(process.cwd());
