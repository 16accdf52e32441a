import { importBadge } from "./import-status";

describe("importBadge", () => {
  it("is not a green Imported when nothing was imported and lines were rejected", () => {
    expect(importBadge({ status: "succeeded", imported: 0, rejected: 3 })).toEqual({ tone: "critical", label: "Nothing imported" });
  });
  it("says an import with some rejected lines is partial", () => {
    expect(importBadge({ status: "succeeded", imported: 10, rejected: 3 })).toEqual({ tone: "warning", label: "Imported, some lines rejected" });
  });
  it("is green only for a run that imported and rejected nothing", () => {
    expect(importBadge({ status: "succeeded", imported: 10, rejected: 0 })).toEqual({ tone: "success", label: "Imported" });
    expect(importBadge({ status: "succeeded", imported: 0, rejected: 0 })).toEqual({ tone: "info", label: "Nothing to import" });
  });
  it("names running, failed and unknown states", () => {
    expect(importBadge({ status: "running", imported: 0, rejected: 0 }).label).toBe("Importing");
    expect(importBadge({ status: "failed", imported: 5, rejected: 0 }).tone).toBe("critical");
    expect(importBadge({ status: "mystery", imported: 0, rejected: 0 })).toEqual({ label: "mystery" });
  });
});
