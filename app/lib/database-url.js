// Shared by the app, the Prisma config and scripts: which database a
// DATABASE_URL names. SQLite is the default so nothing needs installing.
export const DEFAULT_DATABASE_URL = "file:./prisma/aisle.db";

// Raw read: plain JavaScript shared with scripts/db.mjs and prisma.config.ts, which cannot import env.server.ts.
/** @param {string | undefined} url */
export function databaseProvider(url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL) {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(`DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:..."`);
}

/** Absolute path of a SQLite file: URL, resolved from the project root like Prisma does. */
/** @param {string} url @param {string} root */
export function sqlitePath(url, root) {
  const p = url.replace(/^file:/, "").split("?")[0];
  if (p === ":memory:") return p;
  return p.startsWith("/") ? p : `${root}/${p.replace(/^\.\//, "")}`;
}
