// A small Prometheus registry (text exposition format 0.0.4):
// https://prometheus.io/docs/instrumenting/exposition_formats/
// Counters and histograms live per process; queue depth is read from Redis
// when /metrics is scraped.

type Labels = Record<string, string>;

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

abstract class Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge" | "histogram",
  ) {}
  abstract lines(): string[];
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`, ...this.lines()].join("\n");
  }
}

export class Counter extends Metric {
  private values = new Map<string, number>();
  constructor(name: string, help: string) {
    super(name, help, "counter");
  }
  inc(labels: Labels = {}, by = 1) {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  lines() {
    return [...this.values].map(([k, v]) => `${this.name}${k ? `{${k}}` : ""} ${v}`);
  }
  reset() {
    this.values.clear();
  }
}

export class Gauge extends Metric {
  private values = new Map<string, number>();
  constructor(name: string, help: string) {
    super(name, help, "gauge");
  }
  set(labels: Labels, value: number) {
    this.values.set(key(labels), value);
  }
  lines() {
    return [...this.values].map(([k, v]) => `${this.name}${k ? `{${k}}` : ""} ${v}`);
  }
}

export class Histogram extends Metric {
  private series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    name: string,
    help: string,
    readonly buckets: number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  ) {
    super(name, help, "histogram");
  }
  observe(labels: Labels, seconds: number) {
    const k = key(labels);
    let s = this.series.get(k);
    if (!s) this.series.set(k, (s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < this.buckets.length; i++) if (seconds <= this.buckets[i]) s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }
  reset() {
    this.series.clear();
  }
  lines() {
    const out: string[] = [];
    for (const [k, s] of this.series) {
      const sep = k ? `${k},` : "";
      this.buckets.forEach((b, i) => out.push(`${this.name}_bucket{${sep}le="${b}"} ${s.counts[i]}`));
      out.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.count}`);
      out.push(`${this.name}_sum${k ? `{${k}}` : ""} ${s.sum}`);
      out.push(`${this.name}_count${k ? `{${k}}` : ""} ${s.count}`);
    }
    return out;
  }
}

function createMetrics() {
  return {
    httpRequestDuration: new Histogram(
      "aisle_http_request_duration_seconds",
      'HTTP request latency by route pattern ("unmatched" for paths no route matches) and status',
    ),
    webhooksReceived: new Counter("aisle_webhooks_received_total", "Webhook deliveries received, by topic and result"),
    jobDuration: new Histogram("aisle_job_duration_seconds", "Background job duration by queue and outcome", [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300]),
    queueDepth: new Gauge("aisle_queue_jobs", "Jobs per queue and state"),
  };
}

declare global {
  var __aisleMetrics: ReturnType<typeof createMetrics> | undefined;
}

// On globalThis so that server.mjs (outside the Remix bundle) records request
// latency into the same registry the /metrics route renders.
export const metrics = (globalThis.__aisleMetrics ??= createMetrics());

export function renderMetrics(): string {
  return (
    Object.values(metrics)
      .map((m) => m.render())
      .join("\n\n") + "\n"
  );
}
