import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { DEFAULT_DATABASE_URL, databaseProvider, sqlitePath } from "./app/lib/database-url.js";

// Prisma runs without its Rust engines here (no binary downloads): the
// JavaScript schema engine talks to the database through the same driver
// adapters the app uses. scripts/db.mjs prepares the provider's schema.
const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const provider = databaseProvider(url);
const root = import.meta.dirname;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: provider === "sqlite" ? "prisma/schema.prisma" : "prisma/.generated/postgresql/schema.prisma",
  migrations: { path: path.join("prisma", "migrations", provider) },
  async adapter() {
    return provider === "sqlite" ? new PrismaBetterSQLite3({ url: sqlitePath(url, root) }) : new PrismaPg({ connectionString: url });
  },
});
