import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody } from "./app-proxy.js";

/** Raised by handlers for answers other than 200: caught and sent by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A JSON or form-encoded body as an object; GraphQL bodies may also come as application/graphql. */
export async function readRequestBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req)).toString("utf8");
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (!raw.trim()) return {};
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(raw));
  if (type === "application/graphql") return { query: raw };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new HttpError(400, { errors: "The request body is not a JSON object" });
}
