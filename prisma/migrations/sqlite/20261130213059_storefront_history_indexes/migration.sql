-- DropIndex
DROP INDEX "Order_customerId_idx";

-- DropIndex
DROP INDEX "StorefrontEvent_shopId_customerShopifyId_idx";

-- CreateIndex
CREATE INDEX "Order_customerId_processedAt_idx" ON "Order"("customerId", "processedAt");

-- CreateIndex
CREATE INDEX "StorefrontEvent_shopId_customerShopifyId_occurredAt_idx" ON "StorefrontEvent"("shopId", "customerShopifyId", "occurredAt");

-- CreateIndex
CREATE INDEX "StorefrontEvent_shopId_visitorId_occurredAt_idx" ON "StorefrontEvent"("shopId", "visitorId", "occurredAt");

