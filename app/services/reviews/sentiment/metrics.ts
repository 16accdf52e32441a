// Pure: how well predicted classes match the truth.

export type Polarity = "negative" | "neutral" | "positive";
export const POLARITIES: Polarity[] = ["negative", "neutral", "positive"];

/** Unweighted mean of the per-class F1 over `classes`. */
export function macroF1<T>(truth: T[], predicted: T[], classes: T[]): number {
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === c && truth[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return classes.length ? sum / classes.length : 0;
}

export function accuracy<T>(truth: T[], predicted: T[]): number {
  if (!truth.length) return 0;
  let ok = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) ok++;
  return ok / truth.length;
}
