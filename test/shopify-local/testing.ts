// Small helpers for tests that talk to the local Shopify over HTTP: an Admin
// GraphQL client, and a stand-in app that records the webhooks and proxy
// requests it receives.

import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./app-proxy.js";
import { ADMIN_API_VERSION } from "./paths.js";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: { message: string; locations?: unknown; path?: unknown; extensions?: Record<string, unknown> }[] | string;
    extensions?: {
      cost?: {
        requestedQueryCost: number;
        actualQueryCost: number | null;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
      };
      search?: unknown;
    };
  };
}

/** A client for one shop's Admin GraphQL endpoint, as the app's transport calls it. */
export function adminClient(origin: string, accessToken: string, version = ADMIN_API_VERSION) {
  return async function query<T = Record<string, unknown>>(source: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const res = await fetch(`${origin}/admin/api/${version}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": accessToken },
      body: JSON.stringify({ query: source, variables }),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponse<T>["body"] };
  };
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A stand-in for the app: answers every request with `status` (default 200) and records it. */
export async function startFakeApp(respond: (req: ReceivedRequest) => { status?: number; body?: string; headers?: Record<string, string> } = () => ({})) {
  const received: ReceivedRequest[] = [];
  const waiters: { match: (r: ReceivedRequest) => boolean; resolve: (r: ReceivedRequest) => void }[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const record: ReceivedRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: await readBody(req) };
      received.push(record);
      for (const w of [...waiters]) {
        if (w.match(record)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(record);
        }
      }
      const answer = respond(record);
      res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
      res.end(answer.body ?? "{}");
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Resolves with the first request (already received or still to come) that matches. */
    waitFor(match: (r: ReceivedRequest) => boolean, timeoutMs = 5000): Promise<ReceivedRequest> {
      const seen = received.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("the fake app received no matching request in time")), timeoutMs);
        waiters.push({
          match,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
