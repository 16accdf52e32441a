import { json } from "@remix-run/node";
import { checkHealth } from "../services/health.server";

// Liveness and readiness for load balancers and orchestrators: 200 when the
// database, Redis and the queues answer, 503 otherwise. The body also says
// whether any worker is alive (checks.workers), which monitoring alerts on.
export const loader = async () => {
  const health = await checkHealth();
  return json(health, { status: health.serving ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
