import { listRecentJobs } from "../models/jobs.server";
import { countOrders } from "../models/orders.server";
import { countProducts } from "../models/products.server";
import { listSyncRuns } from "../models/sync-runs.server";
import { countDeliveriesByStatus, lastDeliveryFor, listProblemDeliveries } from "../models/webhook-deliveries.server";
import { errorMessage } from "../lib/errors.server";
import { queueCounts, workersStatus } from "./health.server";
import { recommendationsStatus } from "./recommendations/status.server";

type Shop = { id: string; syncStatus: string; syncStartedAt: Date | null; syncFinishedAt: Date | null; syncError: string | null };

/** Everything the dashboard shows, for one shop. */
export async function getDashboard(shop: Shop) {
  const [products, orders, lastWebhook, deliveries, problems, syncRuns, jobs, queues, workers, recommendations] = await Promise.all([
    countProducts(shop.id),
    countOrders(shop.id),
    lastDeliveryFor(shop.id),
    countDeliveriesByStatus(shop.id),
    listProblemDeliveries(shop.id, 5),
    listSyncRuns(shop.id, 4),
    listRecentJobs(shop.id, 5),
    queueCounts().then(
      (counts) => ({ ok: true as const, counts }),
      (error) => ({ ok: false as const, error: errorMessage(error) }),
    ),
    workersStatus().catch((error) => ({ ok: false as const, error: errorMessage(error) })),
    recommendationsStatus(shop.id),
  ]);
  return {
    sync: {
      status: shop.syncStatus,
      startedAt: shop.syncStartedAt,
      finishedAt: shop.syncFinishedAt,
      error: shop.syncError,
      products,
      orders,
      lastWebhook,
      deliveries,
      problems,
      runs: syncRuns.map((r) => ({ ...r, rejections: JSON.parse(r.rejections) as { line: number; reason: string }[] })),
    },
    jobs,
    queues,
    workers,
    recommendations,
    activeJob: jobs.find((j) => j.status === "queued" || j.status === "active") ?? null,
  };
}
