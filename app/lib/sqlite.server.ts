import { statSync } from "node:fs";
import type Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";

/**
 * One SQLite connection per process, shared by Prisma and by the plain-SQL
 * hot paths (app/lib/sql.server.ts), and one lock that serializes everything
 * done on it.
 *
 * Why: a second connection to the same file from the same process is how
 * writes got lost and the file got corrupt (two SQLite builds in one process
 * do not lock against each other; sqlite.org, "How To Corrupt An SQLite
 * Database File", 2.2.1). And because Prisma's SQLite adapter runs every query
 * on one connection, a statement issued while another caller's interactive
 * transaction is open would silently join (and roll back with) that
 * transaction; the lock makes it wait for the transaction instead.
 * docs/decisions/0007-one-sqlite-connection.md has the whole story.
 *
 * Across processes (web and worker) SQLite's file locks still apply: writes
 * start with BEGIN IMMEDIATE so a transaction never fails half-way on lock
 * upgrade, and a busy database is waited for without blocking the event loop.
 */

/** How long a statement or transaction start waits for another process's write lock. */
const BUSY_DEADLINE_MS = 30_000;
/** SQLite's own wait, which blocks the event loop: none; busy statements are retried asynchronously. */
const BUSY_SPIN_MS = 0;

type Release = () => void;

/** FIFO async mutex. */
class Lock {
  #held = false;
  #waiters: (() => void)[] = [];
  #heldSince = 0;

  async acquire(): Promise<Release> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#held = true;
    this.#heldSince = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) {
        this.#heldSince = Date.now();
        next();
      } else this.#held = false;
    };
  }

  async run<T>(fn: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Milliseconds the current holder has held the lock (0 when free). */
  heldFor(now = Date.now()): number {
    return this.#held ? now - this.#heldSince : 0;
  }
}

function isBusy(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { originalCode?: unknown } } | null;
  const code = typeof e?.code === "string" ? e.code : typeof e?.cause?.originalCode === "string" ? e.cause.originalCode : "";
  return code.startsWith("SQLITE_BUSY");
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn, retrying while another process holds the write lock, yielding between tries. */
async function whileBusy<T>(fn: () => T | Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_DEADLINE_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await sleep(Math.min(1 + (attempt >> 1), 5));
    }
  }
}

export interface SqliteConnection {
  readonly db: Database.Database;
  /** Runs fn alone on the connection (no transaction of anyone else is open). */
  exclusive<T>(fn: (db: Database.Database) => T | Promise<T>): Promise<T>;
  /** Runs fn inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it throws), alone on the connection. */
  transaction<T>(fn: (db: Database.Database) => T | Promise<T>): Promise<T>;
  /**
   * Stops this connection's commits from checkpointing the WAL, which SQLite
   * does inline (copying the log into the database file and syncing it,
   * while the event loop waits). For the web process, whose requests should
   * not wait for that: the worker's commits checkpoint instead. As a safety
   * net, when the log passes `maxWalBytes` (no worker running), this process
   * checkpoints after all, from a timer.
   */
  leaveCheckpointsToOthers(options?: { maxWalBytes?: number; everyMs?: number }): void;
}

export interface SharedSqliteOptions {
  /** Absolute path of the database file. */
  file: string;
  /**
   * Called when a transaction has held the connection far longer than any
   * transaction may (Prisma gave up on it and never released it): the
   * process cannot recover and should restart rather than hang.
   */
  onStuck?: (detail: { heldForMs: number }) => void;
  /** Longest a transaction may hold the connection before onStuck (default 10 minutes). */
  stuckAfterMs?: number;
}

class Connection implements SqliteConnection {
  readonly lock = new Lock();
  #checkpointTimer: NodeJS.Timeout | undefined;
  constructor(readonly db: Database.Database) {
    // WAL with synchronous=NORMAL: a commit is durable across a crash of the
    // app, not of the OS; without it every write waits for an fsync.
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma(`busy_timeout = ${BUSY_SPIN_MS}`);
  }

  leaveCheckpointsToOthers({ maxWalBytes = 64 * 1024 * 1024, everyMs = 10_000 } = {}) {
    if (this.#checkpointTimer) return;
    this.db.pragma("wal_autocheckpoint = 0");
    const wal = `${this.db.name}-wal`;
    this.#checkpointTimer = setInterval(() => {
      let size = 0;
      try {
        size = statSync(wal).size;
      } catch {
        return; // no log yet
      }
      if (size > maxWalBytes) void this.exclusive((db) => db.pragma("wal_checkpoint(PASSIVE)")).catch(() => {});
    }, everyMs);
    this.#checkpointTimer.unref();
  }

  exclusive<T>(fn: (db: Database.Database) => T | Promise<T>): Promise<T> {
    // The lock is let go between tries: while another process holds the
    // file's write lock, this process's reads (which WAL lets through) go on.
    return whileBusy(() => this.lock.run(() => fn(this.db)));
  }

  /** Takes the lock and the file's write lock (BEGIN IMMEDIATE), letting the lock go between tries. */
  async begin(begin: () => unknown): Promise<Release> {
    return whileBusy(async () => {
      const release = await this.lock.acquire();
      try {
        await begin();
        return release;
      } catch (error) {
        release();
        throw error;
      }
    });
  }

  async transaction<T>(fn: (db: Database.Database) => T | Promise<T>): Promise<T> {
    const release = await this.begin(() => this.db.exec("BEGIN IMMEDIATE"));
    try {
      try {
        const result = await fn(this.db);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw error;
      }
    } finally {
      release();
    }
  }
}

const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK)\b/i;

/** Prisma's view of the shared connection: every query and transaction takes the lock. */
class SerializedAdapter implements SqlDriverAdapter {
  readonly provider = "sqlite" as const;
  readonly adapterName: string;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly connection: Connection,
  ) {
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.connection.exclusive(() => this.inner.queryRaw(query));
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.connection.exclusive(() => this.inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.connection.exclusive(() => this.inner.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      // Same answer the stock adapter gives: SQLite transactions are serializable.
      return this.inner.startTransaction(isolationLevel);
    }
    const { inner, connection } = this;
    const release = await connection.begin(() => inner.executeRaw({ sql: "BEGIN IMMEDIATE", args: [], argTypes: [] }));
    const end = async (query: SqlQuery) => {
      try {
        return await inner.executeRaw(query);
      } catch (error) {
        // Prisma 6.19 never calls commit()/rollback() after a failed COMMIT,
        // so the connection must be given back here or every later query waits forever.
        if (connection.db.inTransaction) connection.db.exec("ROLLBACK");
        release();
        throw error;
      }
    };
    return {
      provider: "sqlite",
      adapterName: this.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query) => inner.queryRaw(query),
      executeRaw: (query) => (TRANSACTION_END.test(query.sql) ? end(query) : inner.executeRaw(query)),
      commit: async () => release(),
      rollback: async () => release(),
    };
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

/**
 * Prisma's better-sqlite3 adapter with its connection shared (see top).
 * `connection()` resolves once Prisma has connected.
 */
export function sharedSqliteAdapter({ file, onStuck, stuckAfterMs = 10 * 60_000 }: SharedSqliteOptions) {
  const stock = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: BUSY_SPIN_MS });
  let current: Connection | undefined;
  let resolveFirst: (c: Connection) => void;
  const first = new Promise<Connection>((r) => (resolveFirst = r));
  let watchdog: NodeJS.Timeout | undefined;

  const factory: SqlDriverAdapterFactory = {
    provider: "sqlite",
    adapterName: stock.adapterName,
    async connect() {
      const adapter = await stock.connect();
      // The stock adapter keeps its better-sqlite3 Database on `client`.
      const db = (adapter as unknown as { client: Database.Database }).client;
      current = new Connection(db);
      resolveFirst(current);
      if (onStuck && !watchdog) {
        watchdog = setInterval(
          () => {
            const heldForMs = current?.lock.heldFor() ?? 0;
            if (heldForMs > stuckAfterMs) onStuck({ heldForMs });
          },
          Math.min(stuckAfterMs, 30_000),
        );
        watchdog.unref();
      }
      return new SerializedAdapter(adapter, current);
    },
  };
  return {
    factory,
    connection: (): Promise<SqliteConnection> => (current ? Promise.resolve(current) : first),
  };
}
