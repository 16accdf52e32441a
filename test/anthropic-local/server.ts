// A local Anthropic Messages API on loopback for tests and the benchmark. The
// app's real @anthropic-ai/sdk talks to it through `baseURL`. It checks what
// the app sends (API key and version headers, the forced content tool and its
// schema, cache_control on the system prompt, images as real base64 images)
// and answers like the API: tool_use replies with usage (cache writes, then
// reads), 401, 429 and 529 with retry-after, and Message Batches (create,
// retrieve, results as JSONL, cancel) with partial failures.
//
// Replies are written from the product data the request carries, by the
// app's offline writer, unless a scripted reply says otherwise.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { offlineContent } from "../../app/services/content/core/offline";
import { DEFAULT_BRAND_VOICE, type GeneratedContent, type ProductFacts } from "../../app/services/content/core/types";

export type ScriptedReply =
  | { kind: "rate_limit"; retryAfter?: number }
  | { kind: "overloaded"; retryAfter?: number }
  | { kind: "server_error" }
  | { kind: "invalid_json" }
  | { kind: "missing_fields" }
  | { kind: "other_tool"; name: string }
  | { kind: "content"; edit: (content: GeneratedContent) => GeneratedContent };

export interface ReceivedMessageRequest {
  at: number;
  model: string;
  system: { text: string; cacheControl: boolean };
  toolNames: string[];
  toolChoice: unknown;
  images: { mediaType: string; bytes: number }[];
  productData: Record<string, unknown> | null;
  /** The first user turn's text blocks, joined. */
  userText: string;
  turns: number;
  batch: boolean;
  status: number;
}

export interface FakeAnthropicOptions {
  apiKey?: string;
  latencyMs?: number;
  /** Share of /v1/messages calls answered 429 (deterministic sequence). */
  rateLimitRatio?: number;
  retryAfterSeconds?: number;
  /** Batch: how long it stays in_progress, and which share of its requests error. */
  batchProcessingMs?: number;
  batchErrorRatio?: number;
}

interface Batch {
  id: string;
  createdAt: string;
  endsAt: number;
  canceled: boolean;
  requests: { custom_id: string; params: Record<string, unknown> }[];
  results?: string[];
}

const REQUIRED_TOOL_FIELDS = [
  "description_html",
  "seo_title",
  "meta_description",
  "keywords",
  "tags",
  "product_type",
  "target_audience",
  "use_cases",
  "alt_texts",
];

function sniffImage(bytes: Buffer): string | null {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]))) return "image/png";
  if (bytes.subarray(0, 3).toString() === "GIF") return "image/gif";
  if (bytes.subarray(8, 12).toString() === "WEBP") return "image/webp";
  return null;
}

function errorBody(type: string, message: string) {
  return { type: "error", error: { type, message } };
}

/** Checks a Messages request as the app must send it; a problem string, or null. */
function checkParams(params: Record<string, unknown>, received: ReceivedMessageRequest): string | null {
  if (typeof params.model !== "string" || !params.model) return "model: required";
  if (typeof params.max_tokens !== "number") return "max_tokens: required";
  const system = params.system as { type: string; text: string; cache_control?: { type: string } }[] | undefined;
  if (!Array.isArray(system) || !system.length) return "system: expected an array of text blocks";
  received.system = { text: system.map((s) => s.text).join("\n"), cacheControl: system.at(-1)?.cache_control?.type === "ephemeral" };
  const tools = params.tools as { name: string; input_schema?: { type?: string; required?: string[]; properties?: Record<string, unknown> } }[] | undefined;
  if (!Array.isArray(tools)) return "tools: required";
  received.toolNames = tools.map((t) => t.name);
  for (const tool of tools) {
    if (tool.input_schema?.type !== "object") return `tools.${tool.name}.input_schema: type must be "object"`;
    for (const f of REQUIRED_TOOL_FIELDS)
      if (!tool.input_schema.required?.includes(f) || !tool.input_schema.properties?.[f]) return `tools.${tool.name}: ${f} missing from the schema`;
  }
  received.toolChoice = params.tool_choice;
  const messages = params.messages as { role: string; content: unknown }[] | undefined;
  if (!Array.isArray(messages) || messages[0]?.role !== "user") return "messages: must start with a user turn";
  received.turns = messages.length;
  for (let i = 1; i < messages.length; i++) {
    if (messages[i].role === messages[i - 1].role) return `messages.${i}: roles must alternate`;
    // Every tool_use must be answered by a tool_result in the next turn.
    const prev = Array.isArray(messages[i - 1].content) ? (messages[i - 1].content as { type: string; id?: string }[]) : [];
    const uses = prev.filter((b) => b.type === "tool_use").map((b) => b.id);
    const content = Array.isArray(messages[i].content) ? (messages[i].content as { type: string; tool_use_id?: string }[]) : [];
    for (const id of uses)
      if (!content.some((b) => b.type === "tool_result" && b.tool_use_id === id)) return `messages.${i}: tool_use ${id} has no tool_result`;
  }
  const first = messages[0].content as { type: string; text?: string; source?: { type: string; media_type: string; data: string } }[];
  if (!Array.isArray(first)) return "messages.0.content: expected blocks";
  for (const block of first) {
    if (block.type === "image") {
      if (block.source?.type !== "base64") return "image: expected base64 source";
      const bytes = Buffer.from(block.source.data, "base64");
      const sniffed = sniffImage(bytes);
      if (sniffed !== block.source.media_type) return `image: media_type ${block.source.media_type} but the data is ${sniffed ?? "not an image"}`;
      received.images.push({ mediaType: sniffed, bytes: bytes.length });
    }
    if (block.type === "text" && block.text) {
      received.userText += (received.userText ? "\n" : "") + block.text;
      const data = /<product_data>\n([\s\S]*?)\n<\/product_data>/.exec(block.text)?.[1];
      if (data) received.productData = JSON.parse(data) as Record<string, unknown>;
    }
  }
  if (!received.productData) return "messages.0: no <product_data> block";
  return null;
}

/** The content a well-behaved model would record for the request's product. */
function answerFor(productData: Record<string, unknown>): GeneratedContent {
  const d = productData as {
    title: string;
    product_type: string;
    vendor: string;
    tags: string[];
    variants: string[];
    options: string[];
    price: string;
    current_description: string;
    images: string[];
  };
  const [min, max] = (/^([\d.]+)(?:-([\d.]+))?\s+(\w+)$/.exec(d.price) ?? []).slice(1);
  const facts: ProductFacts = {
    shopifyId: "0",
    title: d.title,
    handle: "",
    productType: d.product_type,
    vendor: d.vendor,
    tags: d.tags,
    variantTitles: d.variants,
    optionValues: d.options,
    minPrice: min ?? "0.00",
    maxPrice: max ?? min ?? "0.00",
    currencyCode: /\s(\w+)$/.exec(d.price)?.[1] ?? "USD",
    descriptionHtml: d.current_description ? `<p>${d.current_description}</p>` : "",
    images: d.images.map((id) => ({ mediaShopifyId: id, url: null, altText: null })),
  };
  return offlineContent(facts, DEFAULT_BRAND_VOICE);
}

function toolInput(content: GeneratedContent) {
  return {
    description_html: content.descriptionHtml,
    seo_title: content.seoTitle,
    meta_description: content.seoDescription,
    keywords: content.keywords,
    tags: content.tags,
    product_type: content.productType,
    target_audience: content.audience,
    use_cases: content.useCases,
    alt_texts: content.altTexts.map((a) => ({
      image_id: a.mediaShopifyId,
      alt: `${a.alt.replace(/, main product photo$/, "")} as seen in the photo`.slice(0, 120),
    })),
  };
}

export class FakeAnthropic {
  readonly requests: ReceivedMessageRequest[] = [];
  readonly script: ScriptedReply[] = [];
  private readonly batches = new Map<string, Batch>();
  private readonly cachedPrompts = new Set<string>();
  private server!: http.Server;
  private calls = 0;
  private inFlight = 0;
  /** The most /v1/messages calls in progress at once. */
  maxInFlight = 0;
  private ids = 0;
  origin = "";

  constructor(readonly options: FakeAnthropicOptions = {}) {}

  get apiKey() {
    return this.options.apiKey ?? "sk-ant-test-key";
  }

  async start() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.handle(req, Buffer.concat(chunks).toString("utf8"))
          .then(({ status, body, headers }) => {
            res.writeHead(status, { "content-type": typeof body === "string" ? "application/binary" : "application/json", ...headers });
            res.end(typeof body === "string" ? body : JSON.stringify(body));
          })
          .catch((error: Error) => {
            res.writeHead(500, { "content-type": "application/json" });
            res.end(JSON.stringify(errorBody("api_error", error.message)));
          });
      });
    });
    // Keep-alive sockets would hold close() open.
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, raw: string): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? "/", this.origin);
    // The SDK sends the key as x-api-key or (1.x) as a bearer token.
    const key = req.headers["x-api-key"] ?? /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (key !== this.apiKey) return { status: 401, body: errorBody("authentication_error", "invalid x-api-key") };
    if (!req.headers["anthropic-version"]) return { status: 400, body: errorBody("invalid_request_error", "anthropic-version header is required") };
    if (req.method === "POST" && url.pathname === "/v1/messages") return this.message(raw);
    if (req.method === "POST" && url.pathname === "/v1/messages/batches") return this.createBatch(raw);
    const m = /^\/v1\/messages\/batches\/([\w-]+)(\/results|\/cancel)?$/.exec(url.pathname);
    if (m) {
      const batch = this.batches.get(m[1]);
      if (!batch) return { status: 404, body: errorBody("not_found_error", "batch not found") };
      if (m[2] === "/results" && req.method === "GET") {
        if (!this.ended(batch)) return { status: 400, body: errorBody("invalid_request_error", "batch has not ended") };
        return { status: 200, body: this.results(batch).join("\n") + "\n" };
      }
      if (m[2] === "/cancel" && req.method === "POST") {
        batch.canceled = true;
        return { status: 200, body: this.batchObject(batch) };
      }
      if (!m[2] && req.method === "GET") return { status: 200, body: this.batchObject(batch) };
    }
    return { status: 404, body: errorBody("not_found_error", `${req.method} ${url.pathname}`) };
  }

  private async message(raw: string): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const received: ReceivedMessageRequest = {
      at: Date.now(),
      model: "",
      system: { text: "", cacheControl: false },
      toolNames: [],
      toolChoice: null,
      images: [],
      productData: null,
      userText: "",
      turns: 0,
      batch: false,
      status: 200,
    };
    this.requests.push(received);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      return this.answerMessage(raw, received);
    } finally {
      this.inFlight--;
    }
  }

  private answerMessage(raw: string, received: ReceivedMessageRequest): { status: number; body: unknown; headers?: Record<string, string> } {
    let params: Record<string, unknown>;
    try {
      params = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      received.status = 400;
      return { status: 400, body: errorBody("invalid_request_error", "body is not JSON") };
    }
    received.model = String(params.model);
    const problem = checkParams(params, received);
    if (problem) {
      received.status = 400;
      return { status: 400, body: errorBody("invalid_request_error", problem) };
    }
    const scripted = this.script.shift();
    const retryAfter = String(this.options.retryAfterSeconds ?? 1);
    this.calls++;
    const ratio = this.options.rateLimitRatio ?? 0;
    // Deterministic: every (1/ratio)-th call is limited.
    const limited = ratio > 0 && Math.floor(this.calls * ratio) !== Math.floor((this.calls - 1) * ratio);
    if (scripted?.kind === "rate_limit" || (!scripted && limited)) {
      received.status = 429;
      return {
        status: 429,
        body: errorBody("rate_limit_error", "rate limited"),
        headers: { "retry-after": scripted?.kind === "rate_limit" ? String(scripted.retryAfter ?? 1) : retryAfter },
      };
    }
    if (scripted?.kind === "overloaded") {
      received.status = 529;
      return { status: 529, body: errorBody("overloaded_error", "Overloaded"), headers: { "retry-after": String(scripted.retryAfter ?? 1) } };
    }
    if (scripted?.kind === "server_error") {
      received.status = 500;
      return { status: 500, body: errorBody("api_error", "internal") };
    }
    return { status: 200, body: this.reply(params, received, scripted) };
  }

  private reply(params: Record<string, unknown>, received: ReceivedMessageRequest, scripted?: ScriptedReply) {
    const id = `msg_${++this.ids}`;
    const systemKey = createHash("sha1").update(received.system.text).digest("hex");
    const cached = received.system.cacheControl && this.cachedPrompts.has(systemKey);
    if (received.system.cacheControl) this.cachedPrompts.add(systemKey);
    const systemTokens = Math.ceil(received.system.text.length / 4);
    const usage = {
      input_tokens: Math.ceil(JSON.stringify(params.messages).length / 4),
      output_tokens: 600,
      cache_creation_input_tokens: received.system.cacheControl && !cached ? systemTokens : 0,
      cache_read_input_tokens: cached ? systemTokens : 0,
    };
    const base = { id, type: "message", role: "assistant", model: received.model, stop_sequence: null, usage };
    if (scripted?.kind === "invalid_json") {
      return { ...base, stop_reason: "max_tokens", content: [{ type: "text", text: '{"description_html": "<p>A mug that' }] };
    }
    let input: Record<string, unknown> = toolInput(answerFor(received.productData!));
    if (scripted?.kind === "missing_fields") input = { description_html: input.description_html };
    if (scripted?.kind === "content") input = toolInput(scripted.edit(answerFor(received.productData!)));
    const name = scripted?.kind === "other_tool" ? scripted.name : (received.toolNames[0] ?? "none");
    return { ...base, stop_reason: "tool_use", content: [{ type: "tool_use", id: `toolu_${this.ids}`, name, input }] };
  }

  private async createBatch(raw: string) {
    const body = JSON.parse(raw) as { requests?: { custom_id: string; params: Record<string, unknown> }[] };
    if (!Array.isArray(body.requests) || !body.requests.length) return { status: 400, body: errorBody("invalid_request_error", "requests: required") };
    const ids = new Set<string>();
    for (const [i, r] of body.requests.entries()) {
      if (ids.has(r.custom_id)) return { status: 400, body: errorBody("invalid_request_error", `requests.${i}.custom_id: duplicate ${r.custom_id}`) };
      ids.add(r.custom_id);
      const received: ReceivedMessageRequest = {
        at: Date.now(),
        model: String(r.params.model),
        system: { text: "", cacheControl: false },
        toolNames: [],
        toolChoice: null,
        images: [],
        productData: null,
        userText: "",
        turns: 0,
        batch: true,
        status: 200,
      };
      const problem = checkParams(r.params, received);
      if (problem) return { status: 400, body: errorBody("invalid_request_error", `requests.${i}.params.${problem}`) };
      this.requests.push(received);
    }
    const batch: Batch = {
      id: `msgbatch_${++this.ids}`,
      createdAt: new Date().toISOString(),
      endsAt: Date.now() + (this.options.batchProcessingMs ?? 200),
      canceled: false,
      requests: body.requests,
    };
    this.batches.set(batch.id, batch);
    return { status: 200, body: this.batchObject(batch) };
  }

  private ended(batch: Batch) {
    return batch.canceled || Date.now() >= batch.endsAt;
  }

  private results(batch: Batch): string[] {
    if (batch.results) return batch.results;
    const ratio = this.options.batchErrorRatio ?? 0;
    batch.results = batch.requests.map((r, i) => {
      if (batch.canceled && Date.now() < batch.endsAt) return JSON.stringify({ custom_id: r.custom_id, result: { type: "canceled" } });
      if (ratio > 0 && Math.floor((i + 1) * ratio) !== Math.floor(i * ratio)) {
        return JSON.stringify({
          custom_id: r.custom_id,
          result: { type: "errored", error: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } } },
        });
      }
      const info: ReceivedMessageRequest = {
        at: Date.now(),
        model: String(r.params.model),
        system: { text: "", cacheControl: false },
        toolNames: [],
        toolChoice: null,
        images: [],
        productData: null,
        userText: "",
        turns: 0,
        batch: true,
        status: 200,
      };
      checkParams(r.params, info);
      return JSON.stringify({ custom_id: r.custom_id, result: { type: "succeeded", message: this.reply(r.params, info) } });
    });
    return batch.results;
  }

  private batchObject(batch: Batch) {
    const ended = this.ended(batch);
    const lines = ended ? this.results(batch).map((l) => (JSON.parse(l) as { result: { type: string } }).result.type) : [];
    const count = (t: string) => lines.filter((x) => x === t).length;
    return {
      id: batch.id,
      type: "message_batch",
      processing_status: ended ? "ended" : batch.canceled ? "canceling" : "in_progress",
      request_counts: {
        processing: ended ? 0 : batch.requests.length,
        succeeded: count("succeeded"),
        errored: count("errored"),
        canceled: count("canceled"),
        expired: count("expired"),
      },
      created_at: batch.createdAt,
      expires_at: new Date(Date.parse(batch.createdAt) + 24 * 3600_000).toISOString(),
      ended_at: ended ? new Date().toISOString() : null,
      cancel_initiated_at: batch.canceled ? new Date().toISOString() : null,
      archived_at: null,
      results_url: ended ? `${this.origin}/v1/messages/batches/${batch.id}/results` : null,
    };
  }
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  return new FakeAnthropic(options).start();
}
