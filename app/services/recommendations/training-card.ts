export type TrainingCard =
  | { state: "waiting" }
  | { state: "active"; version: number; since: Date }
  // The job runs but no version is training: it is loading data before the
  // version row exists, or saving suggestions after the version went live.
  | { state: "working" }
  | null;

/**
 * What the overview's training card says, from the queue's view of the job
 * and the version row still marked training. Never a start time it does not
 * have: the card once read "Started never" just after a version went live,
 * while the job was still tidying up.
 */
export function trainingCard(queueState: "waiting" | "active" | null, trainingRow: { version: number; createdAt: Date } | null): TrainingCard {
  if (trainingRow) return { state: "active", version: trainingRow.version, since: trainingRow.createdAt };
  if (queueState === "waiting") return { state: "waiting" };
  if (queueState === "active") return { state: "working" };
  return null;
}
