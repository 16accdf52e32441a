-- AlterTable
ALTER TABLE "Order" ADD COLUMN "attributedAt" DATETIME;
ALTER TABLE "Order" ADD COLUMN "cartAttribution" TEXT;

-- CreateTable
CREATE TABLE "RecommendationAttribution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "lineShopifyId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "revenueCents" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "touch" TEXT NOT NULL,
    "pageType" TEXT NOT NULL,
    "block" TEXT NOT NULL,
    "experimentId" TEXT,
    "arm" TEXT,
    "touchedAt" DATETIME NOT NULL,
    "orderedAt" DATETIME NOT NULL,
    CONSTRAINT "RecommendationAttribution_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecommendationAttribution_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RecommendationAttribution_shopId_orderedAt_idx" ON "RecommendationAttribution"("shopId", "orderedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationAttribution_orderId_lineShopifyId_key" ON "RecommendationAttribution"("orderId", "lineShopifyId");

-- CreateIndex
CREATE INDEX "Order_shopId_attributedAt_idx" ON "Order"("shopId", "attributedAt");

-- CreateIndex
CREATE INDEX "StorefrontEvent_shopId_visitorId_type_idx" ON "StorefrontEvent"("shopId", "visitorId", "type");

