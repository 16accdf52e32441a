import { execFileSync } from "node:child_process";
import path from "node:path";
import { databaseProvider } from "../../app/lib/database-url.js";

const repo = path.resolve(import.meta.dirname, "..", "..");

/**
 * An empty, migrated database of the test database's provider, for child
 * processes (workers) that must not see the shared test database's shops.
 */
export async function createFreshDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL!;
  let url: string;
  let drop = async () => {};
  if (databaseProvider(base) === "sqlite") {
    url = `file:./.tmp/${name}.db`;
  } else {
    const parsed = new URL(base);
    const dbName = `${parsed.pathname.slice(1) || "postgres"}_${name}`.replace(/\W/g, "_");
    const admin = new URL(base);
    admin.pathname = "/postgres";
    const { default: pg } = await import("pg");
    const run = async (sql: string) => {
      const client = new pg.Client({ connectionString: admin.href });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await run(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await run(`CREATE DATABASE "${dbName}"`);
    parsed.pathname = `/${dbName}`;
    url = parsed.href;
    drop = () => run(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  }
  execFileSync("node", ["scripts/db.mjs", "reset"], { cwd: repo, stdio: "ignore", env: { ...process.env, DATABASE_URL: url } });
  return { url, drop };
}
