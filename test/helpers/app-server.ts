// The production server (server.mjs over the build) for a browser or HTTP
// test. The port is bound here first and the socket handed to the server
// (LISTEN_FD), so no other process (another test file's local Shopify, an
// outgoing connection) can take it while the test prepares its shop; and the
// test only goes on once Aisle itself answers /healthz on it.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "..", "..");

/** A bound, listening socket on 127.0.0.1, kept for the app server. */
export interface ReservedPort {
  port: number;
  url: string;
  /** The socket's file descriptor in this process. */
  fd: number;
  close(): void;
}

export async function reservePort(): Promise<ReservedPort> {
  const server = net.createServer();
  // Nothing may be accepted here: connections wait in the backlog for the app server.
  server.on("connection", (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1", backlog: 511 }, resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
  if (!(fd > 2)) throw new Error("this platform does not expose the listening socket's descriptor");
  return { port, url: `http://127.0.0.1:${port}`, fd, close: () => server.close() };
}

export interface AppServer {
  process: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts server.mjs on the reserved socket with `env` over this process's
 * environment (an `undefined` value removes a variable). Resolves once
 * /healthz on that socket answers 200 with Aisle's own health document; rejects
 * with the server's output if it exits first or does not answer in `timeoutMs`.
 */
export async function startAppServer(reserved: ReservedPort, env: Record<string, string | undefined>, timeoutMs = 40_000): Promise<AppServer> {
  let output = "";
  const child = spawn("node", ["server.mjs"], {
    cwd: repo,
    env: {
      ...process.env,
      NODE_ENV: "production",
      SHOPIFY_APP_URL: reserved.url,
      LOG_LEVEL: "warn",
      ...env,
      LISTEN_FD: "3",
    },
    stdio: ["ignore", "pipe", "pipe", reserved.fd],
  });
  // The child holds the socket now.
  reserved.close();
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  const server: AppServer = {
    process: child,
    output: () => output,
    exited,
    stop: async () => {
      if (exitCode === undefined) child.kill("SIGTERM");
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the app exited (code ${exitCode}) before it answered:\n${output}`);
    if (await answersAsAisle(reserved.url)) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the app did not answer /healthz within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function answersAsAisle(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`);
    if (!res.ok) return false;
    const body = (await res.json()) as Record<string, unknown>;
    return body.serving === true;
  } catch {
    return false; // starting
  }
}
