import { decisionInWords } from "./decision-words";
import { shouldPromote } from "./pipeline";

const evaluation = (recall: number) => ({ shipped: { "recall@20": recall }, popularity: { "recall@20": 0.05 }, testUsers: 50, holdoutDays: 30 });

describe("decisionInWords", () => {
  it("says each decision the training makes in words, with no bare ratios", () => {
    // The reasons exactly as shouldPromote writes them.
    type E = Parameters<typeof shouldPromote>[0];
    const worse = shouldPromote(evaluation(0.12) as unknown as E, evaluation(0.1305) as unknown as E).reason;
    const better = shouldPromote(evaluation(0.14) as unknown as E, evaluation(0.1305) as unknown as E).reason;
    const first = shouldPromote(evaluation(0.14) as unknown as E, null).reason;
    const unjudged = shouldPromote(null, evaluation(0.1305) as unknown as E).reason;
    expect(decisionInWords(worse, "rejected")).toBe("Kept the live version: this one found 12.0% of next purchases, the live version 13.1%.");
    expect(decisionInWords(better, "live")).toBe("Went live: found 14.0% of next purchases, the live version 13.1%.");
    expect(decisionInWords(first, "retired")).toBe("Went live: the first version, with nothing live to compare with.");
    expect(decisionInWords(unjudged, "rejected")).toBe("Kept the live version: too few recent purchases to judge this one.");
    for (const text of [worse, better, first, unjudged].map((r) => decisionInWords(r, "live"))) expect(text).not.toMatch(/\b0\.\d{4}\b/);
  });

  it("says when a version within tolerance went live", () => {
    expect(decisionInWords("Recall@20 0.1290 vs live 0.1305", "live")).toBe(
      "Went live: found 12.9% of next purchases, the live version 13.1% (within the 2% allowed).",
    );
  });

  it("handles failures, running versions and unknown reasons", () => {
    expect(decisionInWords("database is locked", "failed")).toBe("Training failed: database is locked");
    expect(decisionInWords(null, "training")).toBe("Training now.");
    expect(decisionInWords("something at 0.1234", "rejected")).toBe("Something at 12.3%.");
  });
});
