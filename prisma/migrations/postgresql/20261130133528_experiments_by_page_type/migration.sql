-- AlterTable
ALTER TABLE "Experiment" ADD COLUMN     "metric" TEXT NOT NULL DEFAULT 'ctr',
ADD COLUMN     "pageType" TEXT NOT NULL DEFAULT 'product',
ADD COLUMN     "runningOn" TEXT;

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

-- CreateIndex
CREATE UNIQUE INDEX "Experiment_shopId_runningOn_key" ON "Experiment"("shopId", "runningOn");

