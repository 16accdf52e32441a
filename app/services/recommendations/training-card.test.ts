import { trainingCard } from "./training-card";

describe("trainingCard", () => {
  const row = { version: 7, createdAt: new Date("2026-11-30T09:00:00Z") };

  it("shows the training version with its start while a version trains", () => {
    expect(trainingCard("active", row)).toEqual({ state: "active", version: 7, since: row.createdAt });
    // The queue unreachable: the row alone still says a version trains.
    expect(trainingCard(null, row)).toEqual({ state: "active", version: 7, since: row.createdAt });
  });

  it("has no start time to show when the job runs but no version trains (just after one went live)", () => {
    expect(trainingCard("active", null)).toEqual({ state: "working" });
  });

  it("is queued, or absent", () => {
    expect(trainingCard("waiting", null)).toEqual({ state: "waiting" });
    expect(trainingCard(null, null)).toBeNull();
  });
});
