type Tone = "success" | "critical" | "warning" | "attention" | "info";

/**
 * The badge of an import (a sync run or a past-orders file): from what it
 * took in, not only from whether it ran to the end. A run that finished but
 * imported nothing while it rejected lines did not succeed.
 */
export function importBadge(run: { status: string; imported: number; rejected: number }): { tone?: Tone; label: string } {
  if (run.status === "running") return { tone: "attention", label: "Importing" };
  if (run.status === "failed") return { tone: "critical", label: "Failed" };
  if (run.status === "interrupted") return { tone: "warning", label: "Interrupted" };
  if (run.status !== "succeeded") return { label: run.status };
  if (run.imported === 0) return run.rejected > 0 ? { tone: "critical", label: "Nothing imported" } : { tone: "info", label: "Nothing to import" };
  if (run.rejected > 0) return { tone: "warning", label: "Imported, some lines rejected" };
  return { tone: "success", label: "Imported" };
}
