import { z } from "zod";
import { defaultJobOptions, getQueue } from "./connection.server";

export const FORECAST_QUEUE = "forecast";
export const forecastJobSchema = z.union([
  z.object({ kind: z.literal("shop"), shopId: z.string().min(1), trigger: z.enum(["nightly", "manual"]) }),
  // The nightly fan-out: one job per installed shop.
  z.object({ kind: z.literal("nightly") }),
]);
export type ForecastJob = z.infer<typeof forecastJobSchema>;

const options = { ...defaultJobOptions, attempts: 2, backoff: { type: "exponential", delay: 60_000 } };

/** Forecasts a shop now; a request while one is waiting for the shop joins it. */
export async function enqueueForecast(shopId: string, trigger: "nightly" | "manual") {
  await getQueue(FORECAST_QUEUE).add("forecast", { kind: "shop", shopId, trigger } satisfies ForecastJob, {
    ...options,
    jobId: `forecast-${shopId}-pending`,
    removeOnComplete: true,
    removeOnFail: 100,
  });
}

/**
 * Forecasts every shop each night at 02:00 UTC (one BullMQ job scheduler for
 * the whole app; upserting it again on each worker start changes nothing).
 */
export async function scheduleNightlyForecasts() {
  await getQueue(FORECAST_QUEUE).upsertJobScheduler(
    "forecast-nightly",
    { pattern: "0 2 * * *", tz: "UTC" },
    { name: "forecast-nightly", data: { kind: "nightly" } satisfies ForecastJob, opts: { ...defaultJobOptions, attempts: 1 } },
  );
}
