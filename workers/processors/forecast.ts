import { UnrecoverableError, type Job } from "bullmq";
import { logger } from "../../app/lib/logger.server";
import { findShop, listInstalledShops } from "../../app/models/shops.server";
import { enqueueForecast, forecastJobSchema } from "../../app/queues/forecast.server";
import { adminForShop } from "../../app/services/admin-for-shop.server";
import { runForecasts } from "../../app/services/forecast/run.server";
import { syncInventory } from "../../app/services/inventory/sync.server";

/** Forecasts one shop (nightly or on demand), or fans the nightly run out to every installed shop. */
export async function processForecastJob(job: Job) {
  const data = forecastJobSchema.parse(job.data);
  if (data.kind === "nightly") {
    const shops = await listInstalledShops();
    for (const shop of shops) await enqueueForecast(shop.id, "nightly");
    return { enqueued: shops.length };
  }
  const shop = await findShop(data.shopId);
  if (!shop) throw new UnrecoverableError(`shop ${data.shopId} no longer exists`);
  if (shop.uninstalledAt) return { skipped: "uninstalled" };
  const log = logger.child({ shop: shop.domain, jobId: job.id, queue: job.queueName });
  // Stock first, so the plans start from Shopify's current levels; webhooks
  // kept them current, and a failed sync leaves them as they were.
  const inventory = await adminForShop(shop.domain)
    .then((admin) => syncInventory(shop.id, admin))
    .catch((err: unknown) => {
      log.warn({ err }, "inventory sync failed; forecasting from the stored stock levels");
      return null;
    });
  return { inventory, ...(await runForecasts(shop.id, log, data.trigger)) };
}
