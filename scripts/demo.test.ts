// `npm run demo` as people stop it: Ctrl-C in a terminal (SIGINT to npm's
// whole process group), SIGINT to npm alone (a process manager, an IDE), and
// one of its processes dying. Every case must end every child and free every
// port, within seconds. Runs the real demo on a database of its own.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { freePort } from "../bench/lib/harness";
import { createFreshDatabase } from "../test/helpers/fresh-database";
import { EXIT_RESTART } from "./lib/supervisor";

const repo = path.resolve(import.meta.dirname, "..");
let database: Awaited<ReturnType<typeof createFreshDatabase>>;
const groups: number[] = [];

beforeAll(async () => {
  database = await createFreshDatabase(`demo_${process.pid}`);
  // The demo runs the production build; the worker bundle is not part of the Remix build other tests make.
  if (!existsSync(path.join(repo, "build", "index.js"))) execFileSync("npm", ["run", "--silent", "build"], { cwd: repo, stdio: "ignore" });
  else if (!existsSync(path.join(repo, "build", "worker", "index.js"))) execFileSync("node", ["scripts/build-worker.mjs"], { cwd: repo, stdio: "ignore" });
}, 180_000);
afterAll(async () => {
  // A demo a failed test left behind.
  for (const group of groups) if (processesIn(group).length) process.kill(-group, "SIGKILL");
  await database?.drop();
});

const processesIn = (group: number) => {
  try {
    return execFileSync("ps", ["-o", "pid=,args=", "-g", String(group)], { encoding: "utf8" })
      .trim()
      .split("\n")
      .filter(Boolean);
  } catch {
    return []; // ps exits 1 when the group is empty
  }
};

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = net.createServer().once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });

async function startDemo() {
  const port = await freePort();
  const shopifyPort = await freePort();
  const npm = spawn(
    "npm",
    ["run", "demo", "--", "--seed", "generated", "--max-orders", "60", "--port", String(port), "--shopify-port", String(shopifyPort), "--no-build"],
    {
      cwd: repo,
      // Its own process group, as a terminal gives a command it runs.
      detached: true,
      env: { ...process.env, DEMO_DATABASE_URL: database.url, LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  groups.push(npm.pid!);
  let output = "";
  npm.stdout!.on("data", (c) => (output += c));
  npm.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<void>((resolve) => npm.once("exit", () => resolve()));
  const deadline = Date.now() + 120_000;
  while (!output.includes("Aisle is running")) {
    if (npm.exitCode !== null || Date.now() > deadline) throw new Error(`the demo did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const ports = [port, shopifyPort, port + 1464];
  // The worker binds its metrics port a moment after the app answers.
  for (let i = 0; i < 150 && (await Promise.all(ports.map(portIsFree))).some(Boolean); i++) await new Promise((r) => setTimeout(r, 100));
  for (const p of ports) expect(await portIsFree(p)).toBe(false);
  return { npm, group: npm.pid!, ports, exited, output: () => output };
}

/** Seconds until the group has no process left and the ports are free; fails after `limitMs`. */
async function timeToStop(demo: Awaited<ReturnType<typeof startDemo>>, limitMs = 20_000) {
  const started = Date.now();
  for (;;) {
    const left = processesIn(demo.group);
    if (!left.length && (await Promise.all(demo.ports.map(portIsFree))).every(Boolean)) return (Date.now() - started) / 1000;
    if (Date.now() - started > limitMs) {
      for (const line of left) process.kill(Number(line.trim().split(" ")[0]), "SIGKILL");
      throw new Error(`still running after ${limitMs} ms:\n${left.join("\n")}\n${demo.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("npm run demo stops completely", () => {
  it("on Ctrl-C: SIGINT to npm's process group", async () => {
    const demo = await startDemo();
    process.kill(-demo.group, "SIGINT");
    expect(await timeToStop(demo)).toBeLessThan(20);
  }, 180_000);

  it("on SIGINT to npm alone", async () => {
    const demo = await startDemo();
    process.kill(demo.group, "SIGINT");
    expect(await timeToStop(demo)).toBeLessThan(20);
  }, 180_000);

  it("when one of its processes dies", async () => {
    const demo = await startDemo();
    const web = processesIn(demo.group).find((line) => line.includes("server.mjs"))!;
    process.kill(Number(web.trim().split(" ")[0]), "SIGKILL");
    expect(await timeToStop(demo)).toBeLessThan(20);
    expect(demo.output()).toMatch(/web stopped \(signal SIGKILL\); stopping the rest/);
  }, 180_000);
});

describe("the demo supervisor", () => {
  it("restarts a child that exits with 75, and stops the others when one exits otherwise", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "aisle-supervisor-"));
    const port = await freePort();
    // Exits 75 on its first run, then serves on `port` until it exits 3 when asked.
    const child = path.join(dir, "child.mjs");
    writeFileSync(
      child,
      `import fs from "node:fs"; import http from "node:http";
       const marker = ${JSON.stringify(path.join(dir, "ran"))};
       if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ""); process.exit(${EXIT_RESTART}); }
       http.createServer((req, res) => { res.end("up"); if (req.url === "/die") process.exit(3); }).listen(${port}, "127.0.0.1");`,
    );
    const sleeper = path.join(dir, "sleeper.mjs");
    writeFileSync(sleeper, `setInterval(() => {}, 1000); process.on("SIGTERM", () => process.exit(0));`);
    // The supervisor exits its process when it stops: run it in one of its own.
    const harness = path.join(dir, "harness.ts");
    writeFileSync(
      harness,
      `import { Supervisor } from ${JSON.stringify(path.join(repo, "scripts", "lib", "supervisor.ts"))};
       const s = new Supervisor({ cwd: ${JSON.stringify(dir)}, logDir: ${JSON.stringify(dir)}, say: (t) => console.log(t) });
       s.handleSignals();
       s.start("sleeper", process.execPath, [${JSON.stringify(sleeper)}], {});
       s.start("worker", process.execPath, [${JSON.stringify(child)}], {}, { restartOnTempfail: true });`,
    );
    const supervisor: ChildProcess = spawn(process.execPath, ["--import", "tsx", harness], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    supervisor.stdout!.on("data", (c) => (output += c));
    supervisor.stderr!.on("data", (c) => (output += c));
    const exited = new Promise<number | null>((resolve) => supervisor.once("exit", (code) => resolve(code)));

    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = await fetch(`http://127.0.0.1:${port}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    expect(up).toBe(true);
    expect(output).toMatch(/worker asked to be restarted/);

    await fetch(`http://127.0.0.1:${port}/die`).catch(() => undefined);
    expect(await exited).toBe(1);
    expect(output).toMatch(/worker stopped \(exit 3\); stopping the rest/);
    expect(await portIsFree(port)).toBe(true);
  }, 60_000);
});
