// The promotion decision as the training stores it ("Recall@20 0.1290 vs
// 0.1305") and as a merchant reads it.

const pct = (value: string) => `${(Number(value) * 100).toFixed(1)}%`;

/**
 * "Kept the live version: this one found 12.9% of next purchases, the live
 * version 13.1%." Recall@20 is the share of customers' next purchases that
 * were among their top 20 recommendations.
 */
export function decisionInWords(reason: string | null, status: string): string {
  if (status === "training") return "Training now.";
  if (!reason) return status === "failed" ? "Training failed." : "";
  if (status === "failed") return `Training failed: ${reason}`;
  let m = /^worse than live: Recall@20 (\d+(?:\.\d+)?) vs (\d+(?:\.\d+)?)$/.exec(reason);
  if (m) return `Kept the live version: this one found ${pct(m[1])} of next purchases, the live version ${pct(m[2])}.`;
  m = /^Recall@20 (\d+(?:\.\d+)?) vs live (\d+(?:\.\d+)?)$/.exec(reason);
  if (m) {
    const better = Number(m[1]) >= Number(m[2]);
    return `Went live: found ${pct(m[1])} of next purchases, the live version ${pct(m[2])}${better ? "" : " (within the 2% allowed)"}.`;
  }
  if (reason.startsWith("first evaluated model")) return "Went live: the first version, with nothing live to compare with.";
  if (reason.startsWith("not enough recent purchases")) return "Kept the live version: too few recent purchases to judge this one.";
  // Anything else: no bare ratios.
  const text = reason.replace(/\b0\.\d{3,}\b/g, (n) => pct(n));
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? "" : "."}`;
}
