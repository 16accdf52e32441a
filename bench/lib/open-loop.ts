// An open-loop HTTP load generator: requests leave at a fixed arrival rate
// whatever the server's answers do, and each latency is counted from when
// its request was due, not from when it could be sent (no coordinated
// omission, unlike a closed loop where a slow answer delays the next
// request). Bounded: at most `maxInFlight` requests are open at once;
// arrivals beyond that are counted as dropped, and every run stops after its
// duration plus a drain timeout.

import http from "node:http";

export interface OpenLoopResult {
  rate: number;
  sent: number;
  completed: number;
  dropped: number;
  errors: number;
  non2xx: number;
  /** Completed requests per second over the run. */
  throughput: number;
  p50_ms: number;
  p99_ms: number;
}

export async function openLoop(options: {
  port: number;
  paths: readonly string[];
  rate: number;
  seconds: number;
  maxInFlight?: number;
  timeoutMs?: number;
}): Promise<OpenLoopResult> {
  const { port, paths, rate, seconds } = options;
  const maxInFlight = options.maxInFlight ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: maxInFlight });
  const latencies: number[] = [];
  let sent = 0;
  let dropped = 0;
  let errors = 0;
  let non2xx = 0;
  let inFlight = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const pending: Promise<void>[] = [];

  const fire = (due: number, path: string) =>
    new Promise<void>((resolve) => {
      inFlight++;
      const req = http.get({ host: "127.0.0.1", port, path, agent, timeout: timeoutMs }, (res) => {
        res.resume();
        res.on("end", () => {
          inFlight--;
          if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
          latencies.push(performance.now() - due);
          resolve();
        });
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        inFlight--;
        errors++;
        resolve();
      });
    });

  // Dispatch in 1 ms ticks: every request whose due time has come is sent.
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent + dropped < total) {
        const n = sent + dropped;
        const due = start + (n * 1000) / rate;
        if (due > now) break;
        if (inFlight >= maxInFlight) dropped++;
        else {
          sent++;
          pending.push(fire(due, paths[n % paths.length]));
        }
      }
      if (sent + dropped >= total) done();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, timeoutMs + 1_000))]);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] * 100) / 100 : NaN;
  return {
    rate,
    sent,
    completed: latencies.length,
    dropped,
    errors,
    non2xx,
    throughput: Math.round((latencies.length / elapsed) * 10) / 10,
    p50_ms: pct(50),
    p99_ms: pct(99),
  };
}
