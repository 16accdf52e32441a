-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RecommendationList" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "RecommendationList_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecommendationList_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "RecommendationModel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_RecommendationList" ("id", "items", "kind", "modelId", "productShopifyId", "shopId") SELECT "id", "items", "kind", "modelId", "productShopifyId", "shopId" FROM "RecommendationList";
DROP TABLE "RecommendationList";
ALTER TABLE "new_RecommendationList" RENAME TO "RecommendationList";
CREATE INDEX "RecommendationList_shopId_modelId_idx" ON "RecommendationList"("shopId", "modelId");
CREATE INDEX "RecommendationList_modelId_revision_idx" ON "RecommendationList"("modelId", "revision");
CREATE UNIQUE INDEX "RecommendationList_modelId_productShopifyId_kind_key" ON "RecommendationList"("modelId", "productShopifyId", "kind");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Product_shopId_syncedAt_idx" ON "Product"("shopId", "syncedAt");

-- CreateIndex
CREATE INDEX "Product_shopId_deletedAt_idx" ON "Product"("shopId", "deletedAt");

