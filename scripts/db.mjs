#!/usr/bin/env node
// Database tasks for either provider (SQLite by default, PostgreSQL when
// DATABASE_URL says so):
//   node scripts/db.mjs generate   build the Prisma client for DATABASE_URL's provider
//   node scripts/db.mjs deploy     apply prisma/migrations/<provider> to DATABASE_URL
//   node scripts/db.mjs reset      drop everything, then deploy (tests, demo)
//   node scripts/db.mjs diff NAME  write the next migration for both providers
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATABASE_URL, databaseProvider, sqlitePath } from "../app/lib/database-url.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const provider = databaseProvider(url);
const source = path.join(root, "prisma", "schema.prisma");
const pgSchema = path.join(root, "prisma", ".generated", "postgresql", "schema.prisma");

function derivePostgresSchema() {
  const text = fs.readFileSync(source, "utf8");
  const derived = text.replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"');
  if (derived === text) throw new Error("prisma/schema.prisma: datasource provider line not found");
  fs.mkdirSync(path.dirname(pgSchema), { recursive: true });
  fs.writeFileSync(pgSchema, `// Derived from prisma/schema.prisma by scripts/db.mjs; do not edit.\n${derived}`);
}

function prisma(args, env = {}) {
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
  });
}

function generatedProvider() {
  try {
    const p = path.join(root, "node_modules", ".prisma", "client", "schema.prisma");
    return /provider\s*=\s*"(\w+)"/.exec(fs.readFileSync(p, "utf8").split("datasource")[1])?.[1];
  } catch {
    return undefined;
  }
}

function generate({ force = false } = {}) {
  derivePostgresSchema();
  // Skip when the client already matches (fast repeated `npm test`).
  const stamp = path.join(root, "node_modules", ".prisma", "client", ".aisle-stamp");
  const want = `${provider}:${fs.statSync(source).mtimeMs}:${fs.readFileSync(source, "utf8").length}`;
  if (!force && generatedProvider() === provider && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  prisma(["generate"]);
  fs.writeFileSync(stamp, want);
}

async function dropAll() {
  if (provider === "sqlite") {
    const file = sqlitePath(url, root);
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return;
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('DROP SCHEMA IF EXISTS "public" CASCADE; CREATE SCHEMA "public";');
  await client.end();
}

// Applies prisma/migrations/<provider>/*/migration.sql in order, each once and
// in its own transaction. Prisma's JavaScript schema engine cannot yet read
// PostgreSQL's catalog through the pg adapter ("Column type 'name' could not
// be deserialized"), so both providers use this small migrator
// (docs/decisions/0002-database-providers.md).
async function deploy() {
  const dir = path.join(root, "prisma", "migrations", provider);
  const names = fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "migration.sql")))
    .sort();
  const db = await openDatabase();
  await db.exec(`CREATE TABLE IF NOT EXISTS "_aisle_migrations" ("name" TEXT PRIMARY KEY, "applied_at" TEXT NOT NULL)`);
  const done = new Set((await db.all(`SELECT "name" FROM "_aisle_migrations"`)).map((r) => r.name));
  let applied = 0;
  for (const name of names) {
    if (done.has(name)) continue;
    const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
    await db.transaction(async () => {
      await db.exec(sql);
      await db.run(`INSERT INTO "_aisle_migrations" ("name", "applied_at") VALUES ($1, $2)`, [name, new Date().toISOString()]);
    });
    applied++;
    console.log(`applied ${provider}/${name}`);
  }
  await db.close();
  console.log(applied ? `${applied} migration(s) applied` : "database is up to date");
}

async function openDatabase() {
  if (provider === "sqlite") {
    const { default: Database } = await import("better-sqlite3");
    const file = sqlitePath(url, root);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    return {
      exec: async (sql) => db.exec(sql),
      all: async (sql) => db.prepare(sql).all(),
      run: async (sql, params) => db.prepare(sql.replace(/\$\d+/g, "?")).run(...params),
      transaction: async (fn) => {
        db.exec("BEGIN");
        try {
          await fn();
          db.exec("COMMIT");
        } catch (e) {
          db.exec("ROLLBACK");
          throw e;
        }
      },
      close: async () => db.close(),
    };
  }
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    exec: async (sql) => client.query(sql),
    all: async (sql) => (await client.query(sql)).rows,
    run: async (sql, params) => client.query(sql, params),
    transaction: async (fn) => {
      await client.query("BEGIN");
      try {
        await fn();
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      }
    },
    close: async () => client.end(),
  };
}

function diff(name) {
  if (!name) throw new Error("usage: node scripts/db.mjs diff <migration_name>");
  derivePostgresSchema();
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const p of ["sqlite", "postgresql"]) {
    const dir = path.join(root, "prisma", "migrations", p);
    fs.mkdirSync(dir, { recursive: true });
    const schema = p === "sqlite" ? source : pgSchema;
    // The datamodel of every applied migration, rebuilt from the schemas in git history is
    // overkill here: each migration folder keeps a copy of the schema it produced.
    const prev = fs
      .readdirSync(dir)
      .filter((d) => fs.existsSync(path.join(dir, d, "schema.prisma")))
      .sort()
      .pop();
    const from = prev ? ["--from-schema-datamodel", path.join(dir, prev, "schema.prisma")] : ["--from-empty"];
    const out = execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], {
      cwd: root,
      encoding: "utf8",
      env: {
        ...process.env,
        DATABASE_URL: p === "sqlite" ? "file:./prisma/.diff.db" : process.env.POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres",
      },
    });
    if (/^-- This is an empty migration/m.test(out)) {
      console.log(`${p}: no changes`);
      continue;
    }
    const mdir = path.join(dir, `${stamp}_${name}`);
    fs.mkdirSync(mdir, { recursive: true });
    fs.writeFileSync(path.join(mdir, "migration.sql"), out);
    fs.copyFileSync(schema, path.join(mdir, "schema.prisma"));
    fs.writeFileSync(path.join(dir, "migration_lock.toml"), `provider = "${p}"\n`);
    console.log(`wrote ${path.relative(root, mdir)}`);
  }
}

const [cmd, arg] = process.argv.slice(2);
switch (cmd) {
  case "generate":
    generate({ force: arg === "--force" });
    break;
  case "deploy":
    generate();
    await deploy();
    break;
  case "reset":
    generate();
    await dropAll();
    await deploy();
    break;
  case "diff":
    diff(arg);
    break;
  case "provider":
    console.log(provider);
    break;
  default:
    console.error("usage: node scripts/db.mjs generate|deploy|reset|diff <name>|provider");
    process.exit(2);
}
