-- CreateTable
CREATE TABLE "Location" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    CONSTRAINT "Location_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InventoryItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "variantShopifyId" TEXT,
    "sku" TEXT,
    "tracked" BOOLEAN NOT NULL DEFAULT true,
    "unitCost" TEXT,
    "shopifyUpdatedAt" DATETIME,
    "deletedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InventoryItem_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InventoryLevel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "locationShopifyId" TEXT NOT NULL,
    "available" INTEGER NOT NULL DEFAULT 0,
    "onHand" INTEGER NOT NULL DEFAULT 0,
    "committed" INTEGER NOT NULL DEFAULT 0,
    "incoming" INTEGER NOT NULL DEFAULT 0,
    "shopifyUpdatedAt" DATETIME,
    CONSTRAINT "InventoryLevel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "InventoryLevel_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "InventoryItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VariantReplenishment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "variantShopifyId" TEXT NOT NULL,
    "leadTimeDays" INTEGER,
    "minOrderQuantity" INTEGER NOT NULL DEFAULT 1,
    "packSize" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "VariantReplenishment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ForecastRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "trigger" TEXT NOT NULL DEFAULT 'nightly',
    "variants" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "methods" TEXT NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ForecastRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VariantForecast" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "variantShopifyId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "sku" TEXT,
    "vendor" TEXT NOT NULL DEFAULT '',
    "method" TEXT NOT NULL,
    "demandClass" TEXT NOT NULL,
    "backtestWape" REAL,
    "series" TEXT NOT NULL DEFAULT '{}',
    "plan" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'ok',
    "atRisk" BOOLEAN NOT NULL DEFAULT false,
    "deadStock" BOOLEAN NOT NULL DEFAULT false,
    "revenueAtRisk" REAL NOT NULL DEFAULT 0,
    "suggestedQuantity" INTEGER NOT NULL DEFAULT 0,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VariantForecast_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PurchaseOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "orderedAt" DATETIME,
    CONSTRAINT "PurchaseOrder_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PurchaseOrderLine" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purchaseOrderId" TEXT NOT NULL,
    "variantShopifyId" TEXT NOT NULL,
    "sku" TEXT,
    "title" TEXT NOT NULL DEFAULT '',
    "quantity" INTEGER NOT NULL,
    "unitCost" TEXT,
    CONSTRAINT "PurchaseOrderLine_purchaseOrderId_fkey" FOREIGN KEY ("purchaseOrderId") REFERENCES "PurchaseOrder" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Location_shopId_shopifyId_key" ON "Location"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "InventoryItem_shopId_variantShopifyId_idx" ON "InventoryItem"("shopId", "variantShopifyId");

-- CreateIndex
CREATE INDEX "InventoryItem_shopifyId_idx" ON "InventoryItem"("shopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "InventoryItem_shopId_shopifyId_key" ON "InventoryItem"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "InventoryLevel_shopId_idx" ON "InventoryLevel"("shopId");

-- CreateIndex
CREATE UNIQUE INDEX "InventoryLevel_itemId_locationShopifyId_key" ON "InventoryLevel"("itemId", "locationShopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "VariantReplenishment_shopId_variantShopifyId_key" ON "VariantReplenishment"("shopId", "variantShopifyId");

-- CreateIndex
CREATE INDEX "ForecastRun_shopId_startedAt_idx" ON "ForecastRun"("shopId", "startedAt");

-- CreateIndex
CREATE INDEX "VariantForecast_shopId_atRisk_revenueAtRisk_idx" ON "VariantForecast"("shopId", "atRisk", "revenueAtRisk");

-- CreateIndex
CREATE UNIQUE INDEX "VariantForecast_shopId_variantShopifyId_key" ON "VariantForecast"("shopId", "variantShopifyId");

-- CreateIndex
CREATE INDEX "PurchaseOrder_shopId_status_idx" ON "PurchaseOrder"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "PurchaseOrderLine_purchaseOrderId_variantShopifyId_key" ON "PurchaseOrderLine"("purchaseOrderId", "variantShopifyId");

