// Webhook ingestion: 5,000 signed deliveries from 50 concurrent senders
// (10 % duplicates, 1 % forged) against the production build, with a worker
// applying them. Reports acknowledgements per second and latency, and checks
// every valid delivery was applied exactly once and no forgery got in.

import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import { appEnv, cpuSeconds, cpuSecondsOf, ensureBuild, freePort, freshDatabase, percentile, round, startService, writeResult } from "./lib/harness";

const TOTAL = Number(process.env.BENCH_WEBHOOKS_TOTAL || 5_000);
const SENDERS = 50;
// Shopify delivers at its own pace, not in lock-step with our answers, so the
// senders are paced (open loop) at this total rate; 0 sends as fast as the
// answers allow (closed loop, which measures queueing instead of service time).
const RATE = Number(process.env.BENCH_WEBHOOKS_RATE ?? 600);
const SECRET = "bench-api-secret";
const SHOP = "bench-webhooks.myshopify.com";

interface Delivery {
  topic: "products/update" | "orders/create";
  webhookId: string;
  body: string;
  forged: boolean;
}

function makeDeliveries(): { list: Delivery[]; uniqueValid: number } {
  const originals: Delivery[] = [];
  const forgedCount = Math.round(TOTAL * 0.01);
  const duplicateCount = Math.round(TOTAL * 0.1);
  const uniqueValid = TOTAL - forgedCount - duplicateCount;
  const base = Date.parse("2025-01-01T00:00:00Z");
  for (let n = 0; n < uniqueValid; n++) {
    const at = new Date(base + n * 1000).toISOString();
    const id = 1 + (n % 2_000);
    const payload =
      n % 10 < 7
        ? {
            id,
            admin_graphql_api_id: `gid://shopify/Product/${id}`,
            title: `Product ${id} v${n}`,
            handle: `product-${id}`,
            body_html: "<p>Bench</p>",
            vendor: "Bench",
            product_type: "Mugs",
            status: "active",
            tags: "bench",
            created_at: "2024-01-01T00:00:00Z",
            updated_at: at,
            variants: [{ id: id * 10, product_id: id, title: "Default", price: "4.50", sku: `B${id}`, inventory_quantity: 3, position: 1 }],
            images: [],
          }
        : {
            id: 100_000 + n,
            name: `#${n}`,
            created_at: at,
            updated_at: at,
            processed_at: at,
            currency: "GBP",
            total_price: "9.00",
            financial_status: "paid",
            customer: { id: 5_000 + (n % 300) },
            line_items: [1, 2].map((k) => ({
              id: n * 10 + k,
              product_id: 1 + ((n + k) % 2_000),
              variant_id: 10 * (1 + ((n + k) % 2_000)),
              title: "Item",
              quantity: 1,
              price: "4.50",
              sku: null,
            })),
          };
    originals.push({ topic: n % 10 < 7 ? "products/update" : "orders/create", webhookId: randomUUID(), body: JSON.stringify(payload), forged: false });
  }
  const list = [...originals];
  // Duplicates: redeliveries of earlier webhooks, later in the stream.
  for (let n = 0; n < duplicateCount; n++) {
    const original = originals[Math.floor((n * 7919) % originals.length)];
    list.splice(Math.min(list.length, originals.indexOf(original) + 50 + (n % 200)), 0, { ...original });
  }
  for (let n = 0; n < forgedCount; n++) {
    list.splice((n * 97) % list.length, 0, { ...originals[n], webhookId: randomUUID(), forged: true });
  }
  return { list, uniqueValid };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "Content-Length": Buffer.byteLength(body) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

export async function benchWebhooks() {
  ensureBuild();
  const databaseUrl = freshDatabase("webhooks");
  process.env.DATABASE_URL = databaseUrl;
  const { default: prisma } = await import("../app/db.server");
  await prisma.shop.create({ data: { domain: SHOP, name: "Bench" } });

  const port = await freePort();
  const env = appEnv({ DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1" });
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=.tmp/prof") profiles the web and worker processes.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const web = await startService("web", ["node", ...nodeArgs, "server.mjs"], env, (l) => l.includes("listening"));
  // On a 2-core machine web and worker share the CPU; in production they run
  // apart. The worker runs at low priority so the acknowledgement path is
  // measured as it would be, while the worker still applies everything.
  const worker = await startService(
    "worker",
    ["nice", "-n", "15", "node", ...nodeArgs, "build/worker/index.js"],
    { ...env, LOG_LEVEL: "info", WORKER_METRICS_PORT: String(await freePort()) },
    (l) => l.includes("worker ready"),
  );

  const { list, uniqueValid } = makeDeliveries();
  const latencies: number[] = [];
  // Latency by the second the delivery was sent in: shows whether the tail is a cold start or spread out.
  const bySecond: number[][] = [];
  const statuses = new Map<string, number>();
  let forgedAccepted = 0;
  let accepted = 0;
  let next = 0;
  const url = (topic: string) => `http://127.0.0.1:${port}/webhooks/${topic}`;

  // Signed before the clock starts: signing is Shopify's work, not the app's,
  // and the senders share the two cores with it.
  const signed = list.map((d) => ({
    delivery: d,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": d.topic,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", d.forged ? "not-the-secret" : SECRET)
        .update(d.body)
        .digest("base64"),
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": d.webhookId,
    },
  }));

  const send = async ({ delivery: d, headers }: (typeof signed)[number], n: number) => {
    const started = performance.now();
    // node:http with a keep-alive agent: far less client CPU than fetch, which
    // matters when the senders share two cores with the server.
    const res = await post(url(d.topic), d.body, { ...headers, "X-Shopify-Triggered-At": new Date().toISOString() });
    const text = res.text;
    const latency = performance.now() - started;
    latencies.push(latency);
    (bySecond[Math.floor(n / (RATE || 600))] ??= []).push(latency);
    statuses.set(String(res.status), (statuses.get(String(res.status)) ?? 0) + 1);
    if (d.forged && res.status < 300) forgedAccepted++;
    if (res.status === 200 && text.includes("accepted")) accepted++;
  };

  // Where the CPU goes while the deliveries arrive, and in all until they are applied: shared
  // cores make latency noisy, but CPU per delivery is a figure that holds from run to run.
  const cpu = () => ({
    web: cpuSeconds(web.process.pid),
    worker: cpuSeconds(worker.process.pid),
    redis: cpuSecondsOf("redis-server"),
    postgres: databaseUrl.startsWith("postgres") ? cpuSecondsOf("postgres") : 0,
    load_generator: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
  });
  const cpuAtStart = cpu();

  console.log(`sending ${list.length} deliveries from ${SENDERS} concurrent senders…`);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: SENDERS }, async (_, sender) => {
      while (next < list.length) {
        const n = next++;
        if (RATE > 0) {
          const due = started + (n / RATE) * 1000;
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        await send(signed[n], n);
      }
      return sender;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuWhileSending = cpu();

  // Wait (bounded) for the worker to apply every valid delivery.
  const deadline = Date.now() + 180_000;
  let done = 0;
  while (Date.now() < deadline) {
    done = await prisma.webhookDelivery.count({ where: { status: { in: ["applied", "failed"] } } });
    if (done >= uniqueValid) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const applied = await prisma.webhookDelivery.count({ where: { status: "applied" } });
  const attempts = await prisma.webhookDelivery.aggregate({ _sum: { attempts: true }, where: { status: "applied" } });
  const stored = await prisma.webhookDelivery.count();
  const cpuAtEnd = cpu();
  const perDelivery = (from: Record<string, number>, to: Record<string, number>, count: number) =>
    Object.fromEntries(Object.keys(from).map((k) => [k, round(((to[k] - from[k]) * 1000) / count, 3)]));

  await worker.stop();
  await web.stop();
  await prisma.$disconnect();

  latencies.sort((a, b) => a - b);
  const result = {
    acks_per_s: round(list.length / seconds, 1),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
    sent: list.length,
    unique_valid: uniqueValid,
    stored,
    applied,
    duplicates_reapplied: Math.max(0, accepted - uniqueValid) + Math.max(0, (attempts._sum.attempts ?? 0) - applied),
    forged_accepted: forgedAccepted,
    // p99 of the deliveries sent in each second of the run (the first one includes the processes' first requests).
    p99_ms_by_second: bySecond.map((l) =>
      round(
        percentile(
          [...l].sort((a, b) => a - b),
          99,
        ),
      ),
    ),
    statuses: Object.fromEntries(statuses),
    senders: SENDERS,
    offered_rate_per_s: RATE || "unpaced",
    database: databaseUrl.split(":")[0],
    // CPU milliseconds per delivery sent, while they were being sent (the worker applying meanwhile)…
    cpu_ms_per_delivery_while_sending: perDelivery(cpuAtStart, cpuWhileSending, list.length),
    // …and from the first delivery until the last was applied.
    cpu_ms_per_delivery_in_all: perDelivery(cpuAtStart, cpuAtEnd, list.length),
  };
  const { cpu_ms_per_delivery_while_sending, cpu_ms_per_delivery_in_all, statuses: byStatus, p99_ms_by_second, ...figures } = result;
  console.table(figures);
  console.log("statuses:", byStatus);
  console.log("p99 ms by second of the run:", p99_ms_by_second.join(" "));
  console.log("CPU ms per delivery:");
  console.table({ while_sending: cpu_ms_per_delivery_while_sending, in_all: cpu_ms_per_delivery_in_all });
  // One file per database, so SQLite and PostgreSQL runs sit side by side.
  writeResult(databaseUrl.startsWith("postgres") ? "webhooks-postgresql" : "webhooks", result);
  if (applied !== uniqueValid || forgedAccepted || result.duplicates_reapplied) {
    throw new Error(
      `webhook bench found a correctness problem: applied ${applied} of ${uniqueValid}, forged accepted ${forgedAccepted}, reapplied ${result.duplicates_reapplied}`,
    );
  }
  return result;
}
