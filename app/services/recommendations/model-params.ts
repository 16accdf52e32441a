// What a model version stores about its parameters (RecommendationModel.params):
// the values training chose, how it chose them, and the fingerprint of the
// data it was trained on (to skip a training when nothing changed). JSON has
// no Infinity: "no decay" half-lives are stored as null.

import { DEFAULT_RANK_PARAMS, type RankParams } from "./serve";
import { DEFAULT_PARAMS, rankParamsOf, type ModelParams, type Tuning } from "./pipeline";

export interface StoredParams {
  chosen: ModelParams;
  tuning: Omit<Tuning, "chosen"> | null;
  /** Hash of the training input; equal input, no new training. */
  inputFingerprint: string | null;
  /** When the shop-wide lists were computed (ms; the latest event trained on), for updates between trainings. */
  listsAt?: number | null;
}

const finite = (x: unknown, fallback: number) => (x === null ? Number.POSITIVE_INFINITY : typeof x === "number" && Number.isFinite(x) ? x : fallback);

export function writeModelParams(params: StoredParams): string {
  return JSON.stringify(params, (_key, value: unknown) => (value === Number.POSITIVE_INFINITY ? null : value));
}

/** A version's stored parameters; tolerant of rows written before tuning existed. */
export function readModelParams(json: string | null | undefined): StoredParams & { serving: RankParams } {
  let raw: Partial<StoredParams> = {};
  try {
    raw = JSON.parse(json || "{}") as Partial<StoredParams>;
  } catch {
    raw = {};
  }
  const c = (raw.chosen ?? {}) as Partial<Record<keyof ModelParams, unknown>>;
  const chosen: ModelParams = {
    models: c.models === "itemknn" ? "itemknn" : DEFAULT_PARAMS.models,
    easeLambda: finite(c.easeLambda ?? DEFAULT_PARAMS.easeLambda, DEFAULT_PARAMS.easeLambda),
    easeKnnBlend: typeof c.easeKnnBlend === "number" && Number.isFinite(c.easeKnnBlend) && c.easeKnnBlend >= 0 ? c.easeKnnBlend : DEFAULT_PARAMS.easeKnnBlend,
    neighbourWeighting: c.neighbourWeighting === "none" || c.neighbourWeighting === "bm25" ? c.neighbourWeighting : DEFAULT_PARAMS.neighbourWeighting,
    trendWeight: finite(c.trendWeight ?? DEFAULT_PARAMS.trendWeight, DEFAULT_PARAMS.trendWeight),
    halfLifeDays: finite(c.halfLifeDays === undefined ? DEFAULT_PARAMS.halfLifeDays : c.halfLifeDays, DEFAULT_PARAMS.halfLifeDays),
    recentHalfLifeDays: finite(c.recentHalfLifeDays ?? DEFAULT_PARAMS.recentHalfLifeDays, DEFAULT_PARAMS.recentHalfLifeDays),
    diversity: typeof c.diversity === "number" && c.diversity >= 0 && c.diversity <= 1 ? c.diversity : DEFAULT_PARAMS.diversity,
  };
  const serving: RankParams = raw.chosen ? rankParamsOf(chosen) : DEFAULT_RANK_PARAMS;
  return {
    chosen,
    tuning: raw.tuning ?? null,
    inputFingerprint: typeof raw.inputFingerprint === "string" ? raw.inputFingerprint : null,
    listsAt: typeof raw.listsAt === "number" && Number.isFinite(raw.listsAt) ? raw.listsAt : null,
    serving,
  };
}
