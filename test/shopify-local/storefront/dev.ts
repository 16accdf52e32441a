// A standalone local storefront on the dev fixture (dev-fixture.ts), for
// working on the theme app extension without the app or the Admin emulator:
//   npx tsx test/shopify-local/storefront/dev.ts [--port 9292]
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createFixtureApp, createFixtureShop, type FixtureApp } from "./dev-fixture";
import { mountStorefront } from "./index";
import type { LocalShopLike } from "./types";

export interface DevStorefront {
  url: string;
  shop: LocalShopLike;
  app: FixtureApp;
  server: Server;
  close(): Promise<void>;
}

export async function startDevStorefront(options: { port?: number; host?: string; latencyMs?: number; appBlocks?: string[] } = {}): Promise<DevStorefront> {
  const shop = createFixtureShop();
  const app = createFixtureApp(shop, { latencyMs: options.latencyMs });
  const host = options.host ?? "127.0.0.1";
  const storefront = mountStorefront({ shop, appUrl: "http://fixture-app.invalid", proxyToApp: app.proxyToApp, appBlocks: options.appBlocks });
  const server = createServer((req, res) => {
    storefront(req, res)
      .then((handled) => {
        if (handled) return;
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Not found");
      })
      .catch((error: unknown) => {
        process.stderr.write(`storefront: ${(error as Error).stack ?? String(error)}\n`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
        res.end("Internal error");
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    shop,
    app,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const portArg = process.argv.indexOf("--port");
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 9292;
  const dev = await startDevStorefront({ port, latencyMs: 400 });
  process.stdout.write(
    `Local storefront (dev fixture) on ${dev.url}\n` +
      `  ${dev.url}/products/red-mug   ${dev.url}/cart   ${dev.url}/?block.layout=carousel\n` +
      `Events the tracker sends are printed below.\n`,
  );
  let printed = 0;
  setInterval(() => {
    for (const event of dev.app.events().slice(printed)) process.stdout.write(`event ${JSON.stringify(event)}\n`);
    printed = dev.app.events().length;
  }, 1000).unref();
  const stop = () => void dev.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
