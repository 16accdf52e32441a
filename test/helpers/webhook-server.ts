import fs from "node:fs";
import type http from "node:http";
import net from "node:net";
import path from "node:path";

const routesDir = path.resolve(import.meta.dirname, "../../app/routes");

/** A free loopback port, for a server whose URL must be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The production HTTP server (server.mjs) with the app's webhook route
 * files, without a Remix build: server.mjs calls fixed-path resource routes
 * directly, so this is the webhook path exactly as it runs in production.
 */
export async function startWebhookServer(port = 0): Promise<{ server: http.Server; origin: string }> {
  const routes: Record<string, unknown> = { root: { id: "root", path: "", module: {} } };
  for (const file of fs.readdirSync(routesDir).filter((f) => f.startsWith("webhooks."))) {
    const id = `routes/${file.replace(/\.tsx?$/, "")}`;
    const module: unknown = await import(path.join(routesDir, file));
    routes[id] = {
      id,
      parentId: "root",
      path: file
        .replace(/\.tsx?$/, "")
        .split(".")
        .join("/"),
      module,
    };
  }
  const { createServer } = (await import("../../server.mjs")) as { createServer: (o: { build: unknown }) => Promise<http.Server> };
  // The server reads its settings from the build's entry, as from a real build.
  const { env } = await import("../../app/lib/env.server");
  const server = await createServer({
    build: { routes, entry: { module: { env } }, assets: {}, future: {}, publicPath: "/build/", assetsBuildDirectory: "public/build" },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as net.AddressInfo;
  return { server, origin: `http://127.0.0.1:${bound}` };
}
