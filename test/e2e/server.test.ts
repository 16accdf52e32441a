// The production server (server.mjs over the Remix build) as the outside world
// meets it: what it refuses to start with, the login page a visitor without a
// session lands on, what unknown paths do to /metrics, and what a 404 logs.
import type { Browser } from "playwright-core";
import { ensureAppBuild } from "../helpers/app-build";
import { reservePort, startAppServer, type AppServer } from "../helpers/app-server";
import { launchBrowser, screenshot } from "./browser";

// The library turns bots away (410) before any sign-in logic runs.
const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

// Outside demo mode, with the request log on.
const PLAIN = { SHOPIFY_ADMIN_API_ORIGIN: undefined, AISLE_DEMO_SHOP: undefined, LOG_LEVEL: "info" };

let server: AppServer;
let appUrl: string;
let browser: Browser | undefined;

beforeAll(async () => {
  await ensureAppBuild();
  const reserved = await reservePort();
  appUrl = reserved.url;
  server = await startAppServer(reserved, { HOST: "127.0.0.1", ...PLAIN });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
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
    let refusal = "";
    const started = await startAppServer(await reservePort(), {
      ...PLAIN,
      AISLE_DEMO_SHOP: "demo.myshopify.com",
      SHOPIFY_ADMIN_API_ORIGIN: "https://shopify.example.com",
    }).catch((error: Error) => {
      refusal = error.message;
      return undefined;
    });
    await started?.stop();
    expect(started).toBeUndefined();
    expect(refusal).toMatch(/exited \(code 1\)/);
    expect(refusal).toMatch(/SHOPIFY_ADMIN_API_ORIGIN: .*loopback/);
    expect(refusal).not.toMatch(/^\s+at /m);
  });

  it("warms its webhook path before it listens, leaving no log line and no metric behind", async () => {
    const boot = server.output().split("\n").filter(Boolean);
    const warmed = boot.findIndex((l) => /warmed its webhook path with 500 refused deliveries/.test(l));
    expect(warmed).toBeGreaterThanOrEqual(0);
    expect(warmed).toBeLessThan(boot.findIndex((l) => l.includes("Aisle listening on")));
    expect(boot.filter((l) => /webhook rejected/.test(l))).toEqual([]);
    const scrape = await (await fetch(`${appUrl}/metrics`)).text();
    expect(scrape).not.toMatch(/aisle_webhooks_received_total\{/);
    expect(scrape).not.toMatch(/route="\/webhooks/);
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
