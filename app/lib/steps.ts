// Long CPU work written as a generator of steps (a few milliseconds each),
// so one implementation runs both straight through (tests, scripts) and in
// slices that give the event loop back (a worker process keeps renewing its
// job locks and serving its other queues while it trains).

/** Drives a step generator synchronously. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Drives a step generator, yielding to the event loop every `sliceMs`. */
export async function runSliced<T>(steps: Generator<void, T>, sliceMs: number): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}
