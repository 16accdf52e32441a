// The production server (server.mjs over the Remix build) as the outside world
// meets it: what it refuses to start with, the login page a visitor without a
// session lands on, what unknown paths do to /metrics, and what a 404 logs.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Browser } from "playwright-core";
import { freePort } from "../../bench/lib/harness";
import { ensureAppBuild } from "../helpers/app-build";
import { launchBrowser, screenshot } from "./browser";

const repo = path.resolve(import.meta.dirname, "..", "..");
// The library turns bots away (410) before any sign-in logic runs.
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

interface RunningServer {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(port: number, env: Record<string, string | undefined>): RunningServer {
  let output = "";
  const child = spawn("node", ["server.mjs"], {
    cwd: repo,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      SHOPIFY_ADMIN_API_ORIGIN: undefined,
      AISLE_DEMO_SHOP: undefined,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

let server: RunningServer;
let appUrl: string;
let browser: Browser | undefined;

beforeAll(async () => {
  await ensureAppBuild();
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  server = startServer(port, {});
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${appUrl}/healthz`)).status < 500) break;
    } catch {
      // starting
    }
    if (i > 150) throw new Error(`the app did not start:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.process.kill("SIGTERM");
  await server?.exited;
});

const get = (pathname: string) => fetch(`${appUrl}${pathname}`, { redirect: "manual", headers: { "User-Agent": BROWSER_UA } });
const postShop = (shop: string) =>
  fetch(`${appUrl}/auth/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "User-Agent": BROWSER_UA, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ shop }),
  });

describe("starting the server", () => {
  it("refuses demo sign-in against an Admin API that is not on this machine, naming the variable", async () => {
    const refused = startServer(await freePort(), { AISLE_DEMO_SHOP: "demo.myshopify.com", SHOPIFY_ADMIN_API_ORIGIN: "https://shopify.example.com" });
    const outcome = await Promise.race([
      refused.exited.then((code) => ({ code })),
      new Promise<"listening">((resolve) => {
        const check = setInterval(() => {
          if (refused.output().includes("listening")) {
            clearInterval(check);
            resolve("listening");
          }
        }, 100);
        refused.exited.then(() => clearInterval(check));
      }),
    ]);
    refused.process.kill("SIGTERM");
    expect(outcome).toEqual({ code: 1 });
    expect(refused.output()).toMatch(/SHOPIFY_ADMIN_API_ORIGIN: .*loopback/);
    expect(refused.output()).not.toMatch(/^\s+at /m);
  });
});

describe("signing in outside Shopify's admin", () => {
  it("sends a visitor without a session from /app to a login form", async () => {
    const app = await get("/app");
    expect(app.status).toBe(302);
    expect(app.headers.get("location")).toBe("/auth/login");

    const login = await get("/auth/login");
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/auth\/login"/);
    expect(html).toMatch(/<input[^>]*name="shop"/);
    expect(html).toContain("Shop domain");
  });

  it("answers a malformed shop domain with a message on the form", async () => {
    const response = await postShop("not a shop!");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Enter a valid shop domain");
    expect(html).toMatch(/<input[^>]*name="shop"/);

    const empty = await postShop("");
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain("Enter your shop domain");
  });

  it("sends a valid shop to Shopify's install and OAuth flow, as the library's login does", async () => {
    // The library accepts a bare shop name and adds .myshopify.com.
    for (const shop of ["aisle-demo", "https://aisle-demo.myshopify.com/"]) {
      const response = await postShop(shop);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe(`https://admin.shopify.com/store/aisle-demo/oauth/install?client_id=${process.env.SHOPIFY_API_KEY}`);
    }
  });

  it("is a Polaris page in a browser, with the error under the field", async () => {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, userAgent: BROWSER_UA });
    await page.goto(`${appUrl}/app`, { waitUntil: "networkidle" });
    expect(new URL(page.url()).pathname).toBe("/auth/login");
    await screenshot(page, "e2e-login");
    // Polaris's stylesheet is applied: the card is a Polaris surface, not bare HTML.
    expect(await page.locator(".Polaris-Card, .Polaris-ShadowBevel").count()).toBeGreaterThan(0);
    await page.getByLabel("Shop domain").fill("not a shop!");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("Enter a valid shop domain").waitFor();
    await screenshot(page, "e2e-login-error");
    expect(await page.getByLabel("Shop domain").getAttribute("aria-invalid")).toBe("true");
  });
});

describe("unknown paths", () => {
  it("log one line for a 404, without a stack trace", async () => {
    const before = server.output().length;
    const response = await get("/no-such-page/for-the-log-test");
    expect(response.status).toBe(404);
    await response.text();
    await new Promise((r) => setTimeout(r, 300));
    const lines = server.output().slice(before).split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ status: 404, path: "/no-such-page/for-the-log-test", msg: "not found" });
  });

  it("share one metrics label, so /metrics stays small however many are requested", async () => {
    await (await get("/auth/login")).text();
    const first = await (await fetch(`${appUrl}/metrics`)).text();
    for (let batch = 0; batch < 40; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const response = await get(`/scan-${batch}-${i}-${Math.random().toString(36).slice(2)}/wp-login.php`);
          await response.arrayBuffer();
        }),
      );
    }
    const scrape = await (await fetch(`${appUrl}/metrics`)).text();
    const routes = new Set([...scrape.matchAll(/aisle_http_request_duration_seconds_count\{[^}]*route="([^"]*)"/g)].map((m) => m[1]));
    expect(routes).toContain("unmatched");
    expect(routes).toContain("/auth/login");
    expect(routes.size).toBeLessThanOrEqual(6);
    const unmatched = scrape.match(/aisle_http_request_duration_seconds_count\{route="unmatched",status="404"\} (\d+)/);
    expect(Number(unmatched?.[1])).toBeGreaterThanOrEqual(2000);
    // 2,000 unknown paths add one series (14 lines), not 2,000.
    expect(scrape.length - first.length).toBeLessThan(3_000);
  }, 120_000);
});
