-- CreateTable
CREATE TABLE "RecommendationGroupRule" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationGroupRule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RecommendationGroupRule_shopId_createdAt_idx" ON "RecommendationGroupRule"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "RecommendationGroupRule" ADD CONSTRAINT "RecommendationGroupRule_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

