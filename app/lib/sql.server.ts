import type { Database, Statement } from "better-sqlite3";
import type { PoolClient } from "pg";
import { sqliteConnection } from "../db.server";
import { databaseProvider } from "./database-url.js";
import { processEnv } from "./env.server";

/**
 * Plain SQL for the hot paths (webhook acknowledgement and apply, bulk
 * imports, storefront reads), on the same database Prisma uses. Prisma 6's
 * query compiler costs 1.5–2.5 ms of CPU per query here, which caps a 2-core
 * machine at a few hundred webhooks a second; these statements cost
 * microseconds. Everything else goes through Prisma
 * (docs/decisions/0005-hot-path-sql.md).
 *
 * On SQLite these statements run on Prisma's own connection, under its lock
 * (app/lib/sqlite.server.ts): one process never opens the file twice.
 *
 * Statements use `?` placeholders and double-quoted identifiers, which both
 * SQLite and PostgreSQL accept (placeholders are rewritten to $n for pg).
 */
export interface SqlStatements {
  get<T>(statement: string, params?: unknown[]): Promise<T | undefined>;
  all<T>(statement: string, params?: unknown[]): Promise<T[]>;
  /** Runs a write; returns the number of rows it changed. */
  run(statement: string, params?: unknown[]): Promise<number>;
  /** Inserts rows: prepared statements on SQLite, multi-row INSERTs on PostgreSQL. */
  insert(groups: InsertGroup[]): Promise<void>;
}

export interface Sql extends SqlStatements {
  readonly provider: "sqlite" | "postgresql";
  /** Runs fn in one transaction (a write transaction from the start on SQLite); rolls back when it throws. */
  transaction<T>(fn: (tx: SqlStatements) => Promise<T>): Promise<T>;
  /** Inserts rows into several tables atomically (one transaction). */
  insertBatch(groups: InsertGroup[]): Promise<void>;
  /** A timestamp as Prisma stores it on this provider. */
  timestamp(date: Date): string;
  /** A stored timestamp column, as read by these statements, in epoch milliseconds. */
  readTimestamp(value: unknown): number;
  /** `?, ?, ?` for an IN list of n values. */
  list(n: number): string;
}

export interface InsertGroup {
  table: string;
  columns: string[];
  rows: unknown[][];
  /** Leave rows whose unique key already exists alone. */
  ignoreConflicts?: boolean;
}

/** Values one statement may bind: SQLite's default limit is 32,766, PostgreSQL's 65,535. */
export const MAX_PARAMS = 30_000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function insertStatement(g: InsertGroup, rowCount: number, placeholder: (n: number) => string) {
  let n = 0;
  const values = Array.from({ length: rowCount }, () => `(${g.columns.map(() => placeholder(++n)).join(", ")})`).join(", ");
  return `INSERT INTO ${quote(g.table)} (${g.columns.map(quote).join(", ")}) VALUES ${values}${g.ignoreConflicts ? " ON CONFLICT DO NOTHING" : ""}`;
}

function toPg(statement: string): string {
  let n = 0;
  return statement.replace(/\?/g, () => `$${++n}`);
}

const list = (n: number) => Array.from({ length: n }, () => "?").join(", ");

function sqliteStatements(db: Database): SqlStatements {
  const cache = new Map<string, Statement>();
  const prepared = (s: string) => {
    let stmt = cache.get(s);
    if (!stmt) {
      // The shared connection returns integers as BigInt for Prisma; these callers want numbers.
      stmt = db.prepare(s);
      if (stmt.reader) stmt.safeIntegers(false);
      cache.set(s, stmt);
    }
    return stmt;
  };
  // SQLite has no boolean: Prisma stores true/false as 1/0.
  const bind = (p: unknown[]) => (p.some((v) => typeof v === "boolean") ? p.map((v) => (typeof v === "boolean" ? Number(v) : v)) : p);
  return {
    get: async <T>(s: string, p: unknown[] = []) => prepared(s).get(bind(p)) as T | undefined,
    all: async <T>(s: string, p: unknown[] = []) => prepared(s).all(bind(p)) as T[],
    run: async (s: string, p: unknown[] = []) => prepared(s).run(bind(p)).changes,
    insert: async (groups) => {
      for (const g of groups) {
        if (!g.rows.length) continue;
        const stmt = prepared(insertStatement(g, 1, () => "?"));
        for (const row of g.rows) stmt.run(bind(row));
      }
    },
  };
}

/**
 * Statements PostgreSQL keeps prepared on each connection: parsed and
 * planned once instead of on every call, which is most of a short
 * statement's cost there. Only short ones: a statement whose text grows
 * with a list (IN lists, multi-row inserts) has too many variants to keep.
 */
const MAX_PREPARED_PARAMS = 32;
const MAX_PREPARED = 512;
const preparedNames = new Map<string, string>();

function pgQuery(statement: string, values: unknown[]) {
  const text = toPg(statement);
  if (values.length > MAX_PREPARED_PARAMS) return { text, values };
  let name = preparedNames.get(statement);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = `aisle_${preparedNames.size + 1}`;
    preparedNames.set(statement, name);
  }
  return name ? { name, text, values } : { text, values };
}

function pgStatements(client: Pick<PoolClient, "query">): SqlStatements {
  return {
    get: async <T>(s: string, p: unknown[] = []) => (await client.query(pgQuery(s, p))).rows[0] as T | undefined,
    all: async <T>(s: string, p: unknown[] = []) => (await client.query(pgQuery(s, p))).rows as T[],
    run: async (s: string, p: unknown[] = []) => (await client.query(pgQuery(s, p))).rowCount ?? 0,
    insert: async (groups) => {
      for (const g of groups) {
        const perStatement = Math.max(1, Math.floor(MAX_PARAMS / g.columns.length));
        for (let i = 0; i < g.rows.length; i += perStatement) {
          const chunk = g.rows.slice(i, i + perStatement);
          await client.query(
            insertStatement(g, chunk.length, (n) => `$${n}`),
            chunk.flat(),
          );
        }
      }
    },
  };
}

async function createSql({ DATABASE_URL: url, DATABASE_POOL_SIZE } = processEnv()): Promise<Sql> {
  if (databaseProvider(url) === "sqlite") {
    const connection = await sqliteConnection();
    if (!connection) throw new Error("the SQLite connection is not open");
    const statements = sqliteStatements(connection.db);
    const transaction = <T>(fn: (tx: SqlStatements) => Promise<T>) => connection.transaction(() => fn(statements));
    return {
      provider: "sqlite",
      get: (s, p) => connection.exclusive(() => statements.get(s, p)),
      all: (s, p) => connection.exclusive(() => statements.all(s, p)),
      run: (s, p) => connection.exclusive(() => statements.run(s, p)),
      insert: (groups) => transaction((tx) => tx.insert(groups)),
      insertBatch: (groups) => transaction((tx) => tx.insert(groups)),
      transaction,
      // Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit offset.
      timestamp: (d) => d.toISOString().replace("Z", "+00:00"),
      readTimestamp: (v) => Date.parse(String(v)),
      list,
    };
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: DATABASE_POOL_SIZE });
  pool.on("error", () => {
    // A dropped idle connection; the next query opens a new one.
  });
  const transaction = async <T>(fn: (tx: SqlStatements) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await fn(pgStatements(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    provider: "postgresql",
    ...pgStatements(pool),
    insertBatch: (groups) => transaction((tx) => tx.insert(groups)),
    transaction,
    // timestamp(3) without time zone, in UTC, as Prisma writes it.
    timestamp: (d) => d.toISOString().slice(0, 23).replace("T", " "),
    // node-postgres reads a timestamp without time zone as local time; the stored value is UTC.
    readTimestamp: (v) =>
      v instanceof Date
        ? Date.UTC(v.getFullYear(), v.getMonth(), v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds(), v.getMilliseconds())
        : Date.parse(`${String(v).replace(" ", "T")}Z`),
    list,
  };
}

declare global {
  var __aisleSql: Promise<Sql> | undefined;
}

export function sql(): Promise<Sql> {
  return (globalThis.__aisleSql ??= createSql());
}
