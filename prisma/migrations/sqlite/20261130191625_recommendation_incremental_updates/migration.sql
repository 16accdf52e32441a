-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RecommendationModel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'training',
    "strategy" TEXT NOT NULL DEFAULT 'hybrid',
    "metrics" TEXT NOT NULL DEFAULT '{}',
    "params" TEXT NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "items" INTEGER NOT NULL DEFAULT 0,
    "interactions" INTEGER NOT NULL DEFAULT 0,
    "trainingSeconds" REAL NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "promotedAt" DATETIME,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "patchedThrough" DATETIME,
    CONSTRAINT "RecommendationModel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RecommendationModel" ("createdAt", "finishedAt", "id", "interactions", "items", "metrics", "params", "promotedAt", "reason", "shopId", "status", "strategy", "trainingSeconds", "version") SELECT "createdAt", "finishedAt", "id", "interactions", "items", "metrics", "params", "promotedAt", "reason", "shopId", "status", "strategy", "trainingSeconds", "version" FROM "RecommendationModel";
DROP TABLE "RecommendationModel";
ALTER TABLE "new_RecommendationModel" RENAME TO "RecommendationModel";
CREATE INDEX "RecommendationModel_shopId_status_idx" ON "RecommendationModel"("shopId", "status");
CREATE UNIQUE INDEX "RecommendationModel_shopId_version_key" ON "RecommendationModel"("shopId", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

