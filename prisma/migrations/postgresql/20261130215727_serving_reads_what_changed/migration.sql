-- AlterTable
ALTER TABLE "RecommendationList" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "Product_shopId_syncedAt_idx" ON "Product"("shopId", "syncedAt");

-- CreateIndex
CREATE INDEX "Product_shopId_deletedAt_idx" ON "Product"("shopId", "deletedAt");

-- CreateIndex
CREATE INDEX "RecommendationList_modelId_revision_idx" ON "RecommendationList"("modelId", "revision");

