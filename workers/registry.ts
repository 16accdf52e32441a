import type { Job } from "bullmq";
import { COLLECTIONS_QUEUE } from "../app/queues/collections.server";
import { COMPLEMENTARY_QUEUE } from "../app/queues/complementary.server";
import { FORECAST_QUEUE } from "../app/queues/forecast.server";
import { CONTENT_QUEUE } from "../app/queues/content.server";
import { PRIVACY_QUEUE } from "../app/queues/privacy.server";
import { RECOMMENDATIONS_QUEUE } from "../app/queues/recommendations.server";
import { REVIEWS_QUEUE } from "../app/queues/reviews.server";
import { SYNC_QUEUE } from "../app/queues/sync.server";
import { WEBHOOKS_QUEUE } from "../app/queues/webhooks.server";
import { processCollectionsJob } from "./processors/collections";
import { processComplementaryJob } from "./processors/complementary";
import { processForecastJob } from "./processors/forecast";
import { processContentJob } from "./processors/content";
import { processPrivacyJob } from "./processors/privacy";
import { processRecommendationsJob } from "./processors/recommendations";
import { processReviewsJob } from "./processors/reviews";
import { processSyncJob } from "./processors/sync";
import { processWebhookJob } from "./processors/webhooks";

export interface QueueWorkerSpec {
  queue: string;
  process: (job: Job) => Promise<unknown>;
  /** Jobs this process runs at once on the queue. */
  concurrency: (base: number) => number;
}

// One entry per queue: the worker process runs each processor on its queue.
export const QUEUE_WORKERS: QueueWorkerSpec[] = [
  // Each webhook job applies a batch of its shop's pending deliveries, so few
  // at once are enough; more only contend for the database and the CPU the
  // acknowledgements need (on 2 cores, 8 at once took PostgreSQL from ~600 to
  // ~460 acknowledgements/s in `npm run bench -- webhooks`).
  { queue: WEBHOOKS_QUEUE, process: processWebhookJob, concurrency: (base) => Math.max(1, Math.ceil(base / 2)) },
  { queue: SYNC_QUEUE, process: processSyncJob, concurrency: () => 1 },
  // Training is CPU-bound: one at a time per worker process (updates between trainings queue behind it).
  { queue: RECOMMENDATIONS_QUEUE, process: processRecommendationsJob, concurrency: () => 1 },
  { queue: PRIVACY_QUEUE, process: processPrivacyJob, concurrency: () => 1 },
  // Classifying reviews is CPU-bound and quick (thousands a second): one at a time.
  { queue: REVIEWS_QUEUE, process: processReviewsJob, concurrency: () => 1 },
  // Forecasting is CPU-bound too (about 45 s for 10,000 variants): one at a time.
  { queue: FORECAST_QUEUE, process: processForecastJob, concurrency: () => 1 },
  // Content jobs mostly wait on the model or on Shopify: many at once. Each
  // shop's model calls are limited by its own setting (providers/limiter.ts).
  { queue: CONTENT_QUEUE, process: processContentJob, concurrency: (base) => base * 4 },
  // Publishing complementary pairs waits on Shopify's leaky bucket, which a
  // shop's jobs share in the process: a few at once, for different shops.
  { queue: COMPLEMENTARY_QUEUE, process: processComplementaryJob, concurrency: (base) => base },
  // Refreshing collection membership is a few Admin API reads per webhook,
  // paced by the shop's leaky bucket: a few at once.
  { queue: COLLECTIONS_QUEUE, process: processCollectionsJob, concurrency: (base) => base },
];
