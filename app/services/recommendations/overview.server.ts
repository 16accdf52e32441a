import { countModelVersions, findTrainingModel, getLiveModel, listModelVersions, liveModelHead } from "../../models/recommendations.server";
import { withTimeout } from "../../queues/connection.server";
import { enqueueTraining, pendingTrainingState } from "../../queues/recommendations.server";
import { errorMessage } from "../../lib/errors.server";
import { logger } from "../../lib/logger.server";
import { METRIC_COLUMNS, type MetricKey } from "./labels";
import { decisionInWords } from "./decision-words";
import { trainingCard } from "./training-card";
import { readModelParams } from "./model-params";
import type { Evaluation, Metrics, ModelParams } from "./pipeline";

/** The values training chose for the shop, in the merchant's words (the admin's "Tuned for this shop"). */
export function describeParams(json: string | null | undefined) {
  const { chosen, tuning } = readModelParams(json);
  const days = (d: number) => (Number.isFinite(d) ? `${d} days` : "no decay");
  const rows: { label: string; value: string }[] = [
    { label: "Models taking part", value: chosen.models === "ease+itemknn" ? "EASE (most-bought products) + item-kNN" : "Item-kNN only" },
    { label: "EASE regularisation (λ)", value: chosen.models === "ease+itemknn" ? String(chosen.easeLambda) : "—" },
    { label: "Item-kNN's share in EASE's lists", value: chosen.models === "ease+itemknn" ? String(chosen.easeKnnBlend) : "—" },
    { label: "Neighbour weighting", value: chosen.neighbourWeighting === "idf" ? "Discount customers who buy everything (idf)" : "Every customer alike" },
    { label: "Weight of what sells now", value: String(chosen.trendWeight) },
    { label: "Half-life of a shopper's history", value: days(chosen.halfLifeDays) },
    { label: "Half-life of recent popularity", value: days(chosen.recentHalfLifeDays) },
    { label: "Variety in a block (when Settings leave it automatic)", value: String(chosen.diversity) },
  ];
  return { status: tuning?.status ?? null, note: tuning?.note ?? "Trained before tuning existed: defaults.", rows, chosen: chosen satisfies ModelParams };
}

/** The variety the live model chose for the shop (the settings page's "Automatic"); null before any model is live. */
export async function liveDiversity(shopId: string): Promise<number | null> {
  const head = await liveModelHead(shopId);
  return head ? readModelParams(head.params).serving.diversity : null;
}

export type ModelStatus = "training" | "live" | "retired" | "rejected" | "failed";

/** A version's stored metrics JSON, tolerant of rows written before evaluation existed. */
export function readModelMetrics(json: string): { evaluation: Evaluation | null; timings: Record<string, number> } {
  try {
    const parsed = JSON.parse(json) as { evaluation?: Evaluation | null; timings?: Record<string, number> };
    const evaluation = parsed.evaluation && parsed.evaluation.shipped && parsed.evaluation.popularity ? parsed.evaluation : null;
    return { evaluation, timings: parsed.timings ?? {} };
  } catch {
    return { evaluation: null, timings: {} };
  }
}

const pick = (m: Metrics | undefined) => Object.fromEntries(METRIC_COLUMNS.map((c) => [c.key, m?.[c.key] ?? null])) as Record<MetricKey, number | null>;

// A training row older than this with no result belongs to a worker that
// died mid-way; it is not shown as running.
const STALE_TRAINING_MS = 2 * 3600_000;

export const HISTORY_PAGE_SIZE = 10;

/** Everything the recommendations overview shows for one shop; `historyPage` counts from 1. */
export async function getRecommendationsOverview(shopId: string, historyPage = 1) {
  const [live, versions, pageVersions, versionCount, trainingRow, queued] = await Promise.all([
    getLiveModel(shopId),
    listModelVersions(shopId, 30),
    listModelVersions(shopId, HISTORY_PAGE_SIZE, (Math.max(1, historyPage) - 1) * HISTORY_PAGE_SIZE),
    countModelVersions(shopId),
    findTrainingModel(shopId, new Date(Date.now() - STALE_TRAINING_MS)),
    pendingTrainingState(shopId).then(
      (state) => ({ ok: true as const, state }),
      (error) => ({ ok: false as const, error: errorMessage(error) }),
    ),
  ]);

  const describe = (v: (typeof versions)[number]) => {
    const { evaluation } = readModelMetrics(v.metrics);
    return {
      id: v.id,
      version: v.version,
      status: v.status as ModelStatus,
      decision: decisionInWords(v.reason, v.status),
      items: v.items,
      interactions: v.interactions,
      trainingSeconds: v.trainingSeconds,
      createdAt: v.createdAt,
      finishedAt: v.finishedAt,
      testUsers: evaluation?.testUsers ?? null,
      shipped: evaluation ? pick(evaluation.shipped) : null,
      popularity: evaluation ? pick(evaluation.popularity) : null,
    };
  };
  const history = versions.map(describe);

  const liveMetrics = live ? readModelMetrics(live.metrics) : null;
  // Oldest first, finished versions with an evaluation: the chart reads left to right.
  const trend = history
    .filter((h) => h.shipped && h.popularity && h.status !== "training" && h.status !== "failed")
    .reverse()
    .map((h) => ({
      version: h.version,
      status: h.status,
      recall20: h.shipped!["recall@20"],
      popularityRecall20: h.popularity!["recall@20"],
      hr10: h.shipped!["hr@10"],
    }));

  const training = trainingCard(queued.ok ? queued.state : null, trainingRow);

  return {
    live: live
      ? {
          version: live.version,
          promotedAt: live.promotedAt,
          items: live.items,
          interactions: live.interactions,
          trainingSeconds: live.trainingSeconds,
          tuned: (({ status, note, rows }) => ({ status, note, rows }))(describeParams(live.params)),
          evaluation: liveMetrics?.evaluation
            ? {
                holdoutDays: liveMetrics.evaluation.holdoutDays,
                testUsers: liveMetrics.evaluation.testUsers,
                shipped: pick(liveMetrics.evaluation.shipped),
                popularity: pick(liveMetrics.evaluation.popularity),
                recentPopularity: liveMetrics.evaluation.recentPopularity ? pick(liveMetrics.evaluation.recentPopularity) : null,
              }
            : null,
        }
      : null,
    history: {
      rows: pageVersions.map(describe),
      page: Math.max(1, historyPage),
      pages: Math.max(1, Math.ceil(versionCount / HISTORY_PAGE_SIZE)),
      total: versionCount,
    },
    trend,
    training,
    queueError: queued.ok ? null : queued.error,
  };
}

/**
 * Staff asked for a new model now; joins a request that is already waiting.
 * While a version trains, says so instead: the queue would quietly merge the
 * request into the running job, and staff would wait for a training that
 * never comes.
 */
export async function requestTraining(shopId: string): Promise<{ ok: true } | { ok: false; status: 409 | 503; error: string }> {
  const running = await findTrainingModel(shopId, new Date(Date.now() - STALE_TRAINING_MS));
  if (running) {
    const seconds = Math.max(0, Math.round((Date.now() - running.createdAt.getTime()) / 1000));
    const since = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
    return {
      ok: false,
      status: 409,
      error: `Version ${running.version} is training now (started ${since} ago). It goes live by itself if it is at least as good as the live one; train again after it finishes to include newer data.`,
    };
  }
  try {
    await withTimeout(enqueueTraining({ shopId, reason: "manual" }), 2_000, "enqueue training");
    return { ok: true };
  } catch (error) {
    logger.warn({ err: error, shopId }, "could not enqueue training");
    return { ok: false, status: 503, error: "The job queue is unreachable, so training could not start. Try again in a moment." };
  }
}
