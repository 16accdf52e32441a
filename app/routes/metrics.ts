import { renderMetrics } from "../lib/metrics.server";
import { refreshQueueDepth } from "../services/health.server";

// Prometheus scrape endpoint (text format 0.0.4).
export const loader = async () => {
  await refreshQueueDepth();
  return new Response(renderMetrics(), { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store" } });
};
