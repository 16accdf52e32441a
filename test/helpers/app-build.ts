// One production build of the app for the tests that run server.mjs. Test
// files run in parallel workers, and two `remix build`s writing build/ at once
// would serve half-written files, so builds take a lock; a build newer than
// every source file is reused.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "..", "..");
const LOCK = path.join(repo, ".tmp", "remix-build.lock");
const STALE_LOCK_MS = 5 * 60_000;

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else newest = Math.max(newest, statSync(file).mtimeMs);
    }
  };
  visit(path.join(repo, "app"));
  for (const file of ["remix.config.js", "package-lock.json", "tsconfig.json"]) {
    if (existsSync(path.join(repo, file))) newest = Math.max(newest, statSync(path.join(repo, file)).mtimeMs);
  }
  return newest;
}

function buildIsFresh(): boolean {
  const built = path.join(repo, "build", "index.js");
  if (!existsSync(built) || !existsSync(path.join(repo, "public", "build"))) return false;
  return statSync(built).mtimeMs > newestSourceMtime();
}

export async function ensureAppBuild(): Promise<void> {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another test file is building; a lock left by a killed run goes stale.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (buildIsFresh()) return;
    // vitest runs with NODE_ENV=test, which would build development JSX.
    execFileSync(path.join(repo, "node_modules", ".bin", "remix"), ["build"], { cwd: repo, stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
