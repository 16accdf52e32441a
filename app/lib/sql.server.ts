import { DEFAULT_DATABASE_URL, databaseProvider, sqlitePath } from "./database-url.js";

/**
 * Plain SQL for the few hot paths (webhook acknowledgement, storefront
 * reads), on the same database Prisma uses. Prisma 6's query compiler costs
 * 1.5–2.5 ms of CPU per query here, which caps a 2-core machine at a few
 * hundred webhooks a second; these statements cost microseconds.
 * Everything else goes through Prisma (docs/decisions/0005-hot-path-sql.md).
 *
 * Statements use `?` placeholders and double-quoted identifiers, which both
 * SQLite and PostgreSQL accept (placeholders are rewritten to $n for pg).
 */
export interface Sql {
  readonly provider: "sqlite" | "postgresql";
  get<T>(statement: string, params?: unknown[]): Promise<T | undefined>;
  all<T>(statement: string, params?: unknown[]): Promise<T[]>;
  /** Runs a write; returns the number of rows it changed. */
  run(statement: string, params?: unknown[]): Promise<number>;
  /**
   * Inserts rows into several tables atomically (one transaction), fast:
   * prepared statements on SQLite, multi-row INSERTs on PostgreSQL. For bulk
   * imports, where Prisma's per-query compile cost grows with the data.
   */
  insertBatch(groups: InsertGroup[]): Promise<void>;
  /** A timestamp as Prisma stores it on this provider. */
  timestamp(date: Date): string;
  close(): Promise<void>;
}

export interface InsertGroup {
  table: string;
  columns: string[];
  rows: unknown[][];
  /** Leave rows whose unique key already exists alone. */
  ignoreConflicts?: boolean;
}

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

async function createSql(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): Promise<Sql> {
  if (databaseProvider(url) === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const db = new Database(sqlitePath(url, process.cwd()));
    db.pragma("busy_timeout = 10000");
    // WAL with synchronous=NORMAL: a commit is durable across a crash of the
    // app, not of the OS; without it every insert waits for an fsync.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    const cache = new Map<string, ReturnType<typeof db.prepare>>();
    const prepared = (s: string) => {
      let stmt = cache.get(s);
      if (!stmt) cache.set(s, (stmt = db.prepare(s)));
      return stmt;
    };
    return {
      provider: "sqlite",
      get: async <T>(s: string, p: unknown[] = []) => prepared(s).get(p) as T | undefined,
      all: async <T>(s: string, p: unknown[] = []) => prepared(s).all(p) as T[],
      run: async (s: string, p: unknown[] = []) => prepared(s).run(p).changes,
      insertBatch: async (groups) => {
        // Synchronous inside: nothing else on this connection can interleave.
        db.transaction(() => {
          for (const g of groups) {
            if (!g.rows.length) continue;
            const stmt = prepared(insertStatement(g, 1, () => "?"));
            for (const row of g.rows) stmt.run(row);
          }
        })();
      },
      // Prisma's SQLite adapter stores DateTime as ISO 8601 text with an explicit offset.
      timestamp: (d) => d.toISOString().replace("Z", "+00:00"),
      close: async () => {
        db.close();
      },
    };
  }
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
  pool.on("error", () => {
    // A dropped idle connection; the next query opens a new one.
  });
  return {
    provider: "postgresql",
    get: async <T>(s: string, p: unknown[] = []) => (await pool.query(toPg(s), p)).rows[0] as T | undefined,
    all: async <T>(s: string, p: unknown[] = []) => (await pool.query(toPg(s), p)).rows as T[],
    run: async (s: string, p: unknown[] = []) => (await pool.query(toPg(s), p)).rowCount ?? 0,
    insertBatch: async (groups) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const g of groups) {
          // PostgreSQL binds at most 65,535 parameters per statement.
          const perStatement = Math.max(1, Math.floor(60_000 / g.columns.length));
          for (let i = 0; i < g.rows.length; i += perStatement) {
            const chunk = g.rows.slice(i, i + perStatement);
            await client.query(insertStatement(g, chunk.length, (n) => `$${n}`), chunk.flat());
          }
        }
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    // timestamp(3) without time zone, in UTC, as Prisma writes it.
    timestamp: (d) => d.toISOString().slice(0, 23).replace("T", " "),
    close: async () => pool.end(),
  };
}

declare global {
  // eslint-disable-next-line no-var
  var __aisleSql: Promise<Sql> | undefined;
}

export function sql(): Promise<Sql> {
  return (globalThis.__aisleSql ??= createSql());
}
