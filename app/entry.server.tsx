import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isbot } from "isbot";
import { keepCheckpointsOffRequests } from "./db.server";
import { logger } from "./lib/logger.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// server.mjs lives outside the bundle and reads its settings (PORT, HOST) from
// the same validated environment through the build.
export { env } from "./lib/env.server";
export { warmUp, withoutTrace } from "./lib/warm-up.server";

const ABORT_DELAY = 5_000;

// This module runs in the web process only: its requests leave SQLite's checkpoints to the worker.
keepCheckpointsOffRequests().catch((err: unknown) => logger.warn({ err }, "could not hand SQLite checkpoints to the worker"));

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  addDocumentResponseHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * Errors Remix caught while answering a request. A request for a path no route
 * matches is ordinary traffic (scanners, stale links): one line, no stack.
 * Anything else is a bug and is logged with its stack and the path.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  const { pathname } = new URL(request.url);
  const path = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
  if (isRouteErrorResponse(error) && error.status === 404) {
    logger.info({ status: 404, method: request.method, path }, "not found");
    return;
  }
  logger.error({ err: error, method: request.method, path }, "request failed");
};
