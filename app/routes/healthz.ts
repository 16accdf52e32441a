import { json } from "@remix-run/node";
import { checkHealth } from "../services/health.server";

// Liveness and readiness for load balancers and orchestrators: 200 when the
// database, Redis and the queues answer, 503 otherwise.
export const loader = async () => {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
};
