// Webhook delivery to the app the way Shopify delivers: a POST of the JSON
// payload to the subscription's URI with Shopify's headers, the HMAC of the
// raw body keyed with the app's secret, and a 5 s budget for the answer.
// https://shopify.dev/docs/apps/build/webhooks/subscribe/https
// https://shopify.dev/docs/apps/build/webhooks/verify-webhooks (HMAC)

import { createHmac, randomUUID } from "node:crypto";
import type { AppConfig, WebhookSubscription } from "./app-config.js";

/** base64 HMAC-SHA256 of the raw body: X-Shopify-Hmac-Sha256. */
export function webhookHmac(body: string | Buffer, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export interface WebhookOptions {
  /** Reuse an id to send a duplicate delivery (Shopify retries keep the id). */
  webhookId?: string;
  eventId?: string;
  triggeredAt?: string;
  /** Sign with a wrong key. */
  forgeHmac?: boolean;
  /** Send no X-Shopify-Hmac-Sha256 header at all. */
  omitHmac?: boolean;
  /** Send exactly these bytes instead of the JSON of the payload (signed unless forged/omitted). */
  body?: string | Buffer;
  /** Extra or overriding headers. */
  headers?: Record<string, string>;
  apiVersion?: string;
  /** Deliver here instead of the subscription's URI (a topic the toml does not subscribe to). */
  url?: string;
  timeoutMs?: number;
}

export interface WebhookDelivery {
  topic: string;
  shop: string;
  url: string;
  webhookId: string;
  eventId: string;
  /** The app's HTTP status; null when the request failed or timed out. */
  status: number | null;
  durationMs: number;
  error?: string;
  at: string;
}

/** Shopify counts a delivery as failed without a 2xx within 5 seconds. */
const DEFAULT_TIMEOUT_MS = 5000;

export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly options: {
      appUrl: string;
      apiSecret: string;
      config: AppConfig;
      onFailure: (delivery: WebhookDelivery) => void;
    },
  ) {}

  subscription(topic: string): WebhookSubscription | undefined {
    return this.options.config.subscriptions.find((s) => s.topic === topic);
  }

  urlFor(topic: string): string | undefined {
    const sub = this.subscription(topic);
    if (!sub) return undefined;
    return /^https?:\/\//.test(sub.uri) ? sub.uri : `${this.options.appUrl.replace(/\/$/, "")}${sub.uri}`;
  }

  async send(shopDomain: string, topic: string, payload: unknown, opts: WebhookOptions = {}): Promise<WebhookDelivery> {
    const url = opts.url ?? this.urlFor(topic);
    if (!url) throw new Error(`No webhook subscription for ${topic} in shopify.app.toml (pass opts.url to send it anyway)`);
    const body = opts.body ?? JSON.stringify(payload);
    const webhookId = opts.webhookId ?? randomUUID();
    const eventId = opts.eventId ?? randomUUID();
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "User-Agent": "Shopify-Captain-Hook",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shopDomain,
      "X-Shopify-API-Version": opts.apiVersion ?? this.options.config.webhooksApiVersion,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": eventId,
      "X-Shopify-Triggered-At": opts.triggeredAt ?? new Date().toISOString(),
    };
    if (!opts.omitHmac) headers["X-Shopify-Hmac-Sha256"] = webhookHmac(body, opts.forgeHmac ? `${this.options.apiSecret}-forged` : this.options.apiSecret);
    Object.assign(headers, opts.headers);

    const started = performance.now();
    const delivery: WebhookDelivery = { topic, shop: shopDomain, url, webhookId, eventId, status: null, durationMs: 0, at: new Date().toISOString() };
    try {
      const res = await fetch(url, {
        method: "POST",
        headers,
        body: typeof body === "string" ? body : new Uint8Array(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      delivery.status = res.status;
    } catch (e) {
      delivery.error = (e as Error).name === "TimeoutError" ? "timeout" : (e as Error).message;
    }
    delivery.durationMs = Math.round(performance.now() - started);
    this.deliveries.push(delivery);
    if (delivery.status === null || delivery.status >= 300) this.options.onFailure(delivery);
    return delivery;
  }

  /**
   * Sends in the background (as Shopify does after a change), if the app
   * subscribes to the topic. `settled()` waits for these.
   */
  emit(shopDomain: string, topic: string, payload: unknown): void {
    if (!this.subscription(topic)) return;
    const p = this.send(shopDomain, topic, payload).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
