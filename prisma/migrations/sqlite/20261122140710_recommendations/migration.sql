-- CreateTable
CREATE TABLE "StorefrontEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "visitorId" TEXT NOT NULL,
    "customerShopifyId" TEXT,
    "type" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "variantShopifyId" TEXT,
    "requestId" TEXT,
    "position" INTEGER,
    "experimentId" TEXT,
    "arm" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "occurredAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StorefrontEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecommendationModel" (
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
    CONSTRAINT "RecommendationModel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecommendationList" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    CONSTRAINT "RecommendationList_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RecommendationList_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "RecommendationModel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecommendationRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "anchorShopifyId" TEXT,
    "productShopifyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecommendationRule_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "strategyA" TEXT NOT NULL,
    "strategyB" TEXT NOT NULL,
    "splitB" INTEGER NOT NULL DEFAULT 50,
    "status" TEXT NOT NULL DEFAULT 'running',
    "winner" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" DATETIME,
    CONSTRAINT "Experiment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ComplementaryPair" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "complementShopifyId" TEXT NOT NULL,
    "score" REAL NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'suggested',
    "decidedAt" DATETIME,
    "publishedAt" DATETIME,
    CONSTRAINT "ComplementaryPair_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "importedLines" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "rejectedLines" INTEGER NOT NULL DEFAULT 0,
    "rejections" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "OrderImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "StorefrontEvent_shopId_occurredAt_idx" ON "StorefrontEvent"("shopId", "occurredAt");

-- CreateIndex
CREATE INDEX "StorefrontEvent_shopId_customerShopifyId_idx" ON "StorefrontEvent"("shopId", "customerShopifyId");

-- CreateIndex
CREATE INDEX "StorefrontEvent_shopId_experimentId_arm_idx" ON "StorefrontEvent"("shopId", "experimentId", "arm");

-- CreateIndex
CREATE UNIQUE INDEX "StorefrontEvent_shopId_visitorId_dedupeKey_key" ON "StorefrontEvent"("shopId", "visitorId", "dedupeKey");

-- CreateIndex
CREATE INDEX "RecommendationModel_shopId_status_idx" ON "RecommendationModel"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationModel_shopId_version_key" ON "RecommendationModel"("shopId", "version");

-- CreateIndex
CREATE INDEX "RecommendationList_shopId_modelId_idx" ON "RecommendationList"("shopId", "modelId");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationList_modelId_productShopifyId_kind_key" ON "RecommendationList"("modelId", "productShopifyId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "RecommendationRule_shopId_kind_anchorShopifyId_productShopifyId_key" ON "RecommendationRule"("shopId", "kind", "anchorShopifyId", "productShopifyId");

-- CreateIndex
CREATE INDEX "Experiment_shopId_status_idx" ON "Experiment"("shopId", "status");

-- CreateIndex
CREATE INDEX "ComplementaryPair_shopId_status_idx" ON "ComplementaryPair"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ComplementaryPair_shopId_productShopifyId_complementShopifyId_key" ON "ComplementaryPair"("shopId", "productShopifyId", "complementShopifyId");

-- CreateIndex
CREATE INDEX "OrderImport_shopId_createdAt_idx" ON "OrderImport"("shopId", "createdAt");

