// The webhook body limit holds while the body streams in: a chunked body
// with no Content-Length is cut off once it passes the limit, and the rest
// is never read, so the server's memory stays flat.
import type http from "node:http";
import net from "node:net";
import { startWebhookServer } from "../helpers/webhook-server";

const LIMIT = 5 * 1024 * 1024;
const SENT_AT_MOST = 200 * 1024 * 1024;

let app: { server: http.Server; origin: string };
beforeAll(async () => {
  app = await startWebhookServer();
});
afterAll(async () => {
  await new Promise((resolve) => app?.server.close(resolve));
  const { closeQueues } = await import("../../app/queues/connection.server");
  await closeQueues();
});

/** Streams up to 200 MB as chunked transfer-encoding and reports what the server answered and how much it took. */
function sendChunked(origin: string): Promise<{ status: number | null; bytesSent: number; closedByServer: boolean }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunk = Buffer.alloc(64 * 1024, "a");
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    let bytesSent = 0;
    let response = "";
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      const status = /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1];
      socket.destroy();
      resolve({ status: status ? Number(status) : null, bytesSent, closedByServer });
    };
    socket.on("data", (d) => (response += d.toString("latin1")));
    socket.on("end", () => finish(true));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    socket.on("connect", () => {
      socket.write(
        "POST /webhooks/products/update HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n" +
          "X-Shopify-Topic: products/update\r\nX-Shopify-Shop-Domain: big.myshopify.com\r\nX-Shopify-Webhook-Id: big-1\r\nX-Shopify-Hmac-Sha256: x\r\n\r\n",
      );
      const pump = () => {
        while (!done && bytesSent < SENT_AT_MOST) {
          bytesSent += chunk.length;
          if (!socket.write(frame)) return void socket.once("drain", pump);
        }
        if (!done) socket.end("0\r\n\r\n");
      };
      pump();
    });
  });
}

describe("webhook body limit", () => {
  // Retried: when the server closes a socket whose unread bytes are still
  // arriving, the kernel answers them with a TCP reset, which can reach the
  // client before it has read the 413 (then the status is null). A lingering
  // close (read and drop for a bounded time) would remove that race.
  it("answers 413 to a chunked body once it passes the limit, and closes the connection without reading the rest", { retry: 2 }, async () => {
    const rssBefore = process.memoryUsage().rss;
    const result = await sendChunked(app.origin);
    const grown = process.memoryUsage().rss - rssBefore;
    expect(result.status).toBe(413);
    expect(result.closedByServer).toBe(true);
    // What the client got into the socket: the limit plus what the kernel's
    // buffers absorbed before the server stopped reading, far from 200 MB.
    expect(result.bytesSent).toBeLessThan(LIMIT + 16 * 1024 * 1024);
    expect(grown).toBeLessThan(64 * 1024 * 1024);
  });
});
