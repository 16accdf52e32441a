import { findTrainingModel, getLiveModel } from "../../models/recommendations.server";
import { readModelMetrics } from "./overview.server";

const RECENT_TRAINING_MS = 2 * 3600_000;

/** The recommendations feature as the dashboard summarises it. */
export async function recommendationsStatus(shopId: string): Promise<{ state: "not_trained" | "training" | "live"; detail: string }> {
  const [live, training] = await Promise.all([getLiveModel(shopId), findTrainingModel(shopId, new Date(Date.now() - RECENT_TRAINING_MS))]);
  if (live) {
    const recall = readModelMetrics(live.metrics).evaluation?.shipped["recall@20"];
    const quality = recall === undefined ? "" : `, Recall@20 ${(recall * 100).toFixed(1)}%`;
    return { state: "live", detail: `Version ${live.version} on ${live.items.toLocaleString("en")} products${quality}.` };
  }
  if (training) return { state: "training", detail: `Training version ${training.version}.` };
  return { state: "not_trained", detail: "Recommendations train after the first import." };
}
