import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

// Two copies of SQLite in one process do not lock against each other and
// corrupt the file (sqlite.org, "How To Corrupt An SQLite Database File",
// 2.2.1). Prisma's adapter and our code must load the same better-sqlite3.
const root = path.resolve(import.meta.dirname, "..", "..");

function installedCopies(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === ".bin" || entry.name === ".cache") continue;
    const full = path.join(dir, entry.name);
    if (entry.name.startsWith("@")) {
      installedCopies(full, found);
      continue;
    }
    const manifest = path.join(full, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "better-sqlite3") found.push(full);
    const nested = path.join(full, "node_modules");
    if (fs.existsSync(nested)) installedCopies(nested, found);
  }
  return found;
}

describe("SQLite library", () => {
  it("is installed once", () => {
    const copies = installedCopies(path.join(root, "node_modules")).map((p) => path.relative(root, p));
    expect(copies).toEqual(["node_modules/better-sqlite3"]);
  });

  it("resolves to the same file from the app and from Prisma's adapter", () => {
    const fromApp = createRequire(path.join(root, "package.json")).resolve("better-sqlite3");
    const adapterDir = path.dirname(createRequire(path.join(root, "package.json")).resolve("@prisma/adapter-better-sqlite3"));
    const fromAdapter = createRequire(path.join(adapterDir, "index.js")).resolve("better-sqlite3");
    expect(fromAdapter).toBe(fromApp);
  });
});
