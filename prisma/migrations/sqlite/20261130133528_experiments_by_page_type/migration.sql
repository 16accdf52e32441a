-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "strategyA" TEXT NOT NULL,
    "strategyB" TEXT NOT NULL,
    "splitB" INTEGER NOT NULL DEFAULT 50,
    "status" TEXT NOT NULL DEFAULT 'running',
    "pageType" TEXT NOT NULL DEFAULT 'product',
    "runningOn" TEXT,
    "metric" TEXT NOT NULL DEFAULT 'ctr',
    "winner" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "Experiment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Experiment" ("endedAt", "id", "name", "shopId", "splitB", "startedAt", "status", "strategyA", "strategyB", "winner") SELECT "endedAt", "id", "name", "shopId", "splitB", "startedAt", "status", "strategyA", "strategyB", "winner" FROM "Experiment";
DROP TABLE "Experiment";
ALTER TABLE "new_Experiment" RENAME TO "Experiment";
-- Tests from before page types ran on every page type; each becomes its shop's
-- product-page test (the page where most recommendations are shown). Only one
-- test could run per shop then; should there be several, the latest keeps
-- running and the others stop when the next one started.
UPDATE "Experiment" SET "status" = 'stopped', "endedAt" = (
  SELECT MIN(e2."startedAt") FROM "Experiment" e2
  WHERE e2."shopId" = "Experiment"."shopId" AND e2."status" = 'running' AND e2."startedAt" > "Experiment"."startedAt"
) WHERE "status" = 'running' AND EXISTS (
  SELECT 1 FROM "Experiment" e2
  WHERE e2."shopId" = "Experiment"."shopId" AND e2."status" = 'running' AND e2."startedAt" > "Experiment"."startedAt"
);
UPDATE "Experiment" SET "runningOn" = 'product' WHERE "status" = 'running';

CREATE INDEX "Experiment_shopId_status_idx" ON "Experiment"("shopId", "status");
CREATE UNIQUE INDEX "Experiment_shopId_runningOn_key" ON "Experiment"("shopId", "runningOn");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

