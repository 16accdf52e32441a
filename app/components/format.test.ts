import { formatDateTime, formatDuration, timeAgo } from "./format";

describe("formatDuration", () => {
  it("says how long something took in words a merchant reads at a glance", () => {
    expect(formatDuration(4_200)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(83_000)).toBe("1 min 23 s");
    expect(formatDuration(120_000)).toBe("2 min");
    expect(formatDuration(7_380_000)).toBe("2 h 3 min");
    expect(formatDuration(null)).toBe("–");
    expect(formatDuration(-5)).toBe("–");
  });
});

describe("timeAgo and formatDateTime", () => {
  it("are functions of their inputs only", () => {
    const now = Date.parse("2026-11-30T10:00:00Z");
    expect(timeAgo("2026-11-30T09:59:06Z", now)).toBe("54 seconds ago");
    expect(timeAgo(null, now)).toBe("never");
    expect(formatDateTime("2026-11-30T09:40:00Z")).toBe("30 Nov 2026, 09:40 UTC");
  });
});
