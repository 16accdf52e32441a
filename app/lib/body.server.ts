/**
 * Reads a request body, giving up as soon as it passes `maxBytes`: a chunked
 * body declares no length, so the limit can only be enforced while it
 * streams in. Returns null when the body is too large; what was read so far
 * is dropped and the rest is never read (the caller answers 413 and closes
 * the connection, see `tooLargeResponse`).
 */
export async function readBodyWithin(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // Not cancel(): on Node's server that destroys the socket before the
      // 413 is written. The stream stays paused; the answer closes it.
      reader.releaseLock();
      return null;
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/**
 * The 413 for a body cut off mid-stream. `Connection: close` makes Node's
 * server close the socket once the answer is written, instead of reading
 * and discarding the rest of the body.
 */
export function tooLargeResponse(message = "payload too large"): Response {
  return new Response(JSON.stringify({ message }), { status: 413, headers: { "Content-Type": "application/json", Connection: "close" } });
}
