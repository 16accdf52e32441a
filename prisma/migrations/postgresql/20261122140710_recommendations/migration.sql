-- CreateTable
CREATE TABLE "StorefrontEvent" (
    "id" TEXT NOT NULL,
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
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StorefrontEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationModel" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'training',
    "strategy" TEXT NOT NULL DEFAULT 'hybrid',
    "metrics" TEXT NOT NULL DEFAULT '{}',
    "params" TEXT NOT NULL DEFAULT '{}',
    "reason" TEXT,
    "items" INTEGER NOT NULL DEFAULT 0,
    "interactions" INTEGER NOT NULL DEFAULT 0,
    "trainingSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "promotedAt" TIMESTAMP(3),

    CONSTRAINT "RecommendationModel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationList" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "items" TEXT NOT NULL,

    CONSTRAINT "RecommendationList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecommendationRule" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "anchorShopifyId" TEXT,
    "productShopifyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecommendationRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "strategyA" TEXT NOT NULL,
    "strategyB" TEXT NOT NULL,
    "splitB" INTEGER NOT NULL DEFAULT 50,
    "status" TEXT NOT NULL DEFAULT 'running',
    "winner" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplementaryPair" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "complementShopifyId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'suggested',
    "decidedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "ComplementaryPair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderImport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "importedLines" INTEGER NOT NULL DEFAULT 0,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "rejectedLines" INTEGER NOT NULL DEFAULT 0,
    "rejections" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "OrderImport_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "RecommendationRule_shopId_kind_anchorShopifyId_productShopi_key" ON "RecommendationRule"("shopId", "kind", "anchorShopifyId", "productShopifyId");

-- CreateIndex
CREATE INDEX "Experiment_shopId_status_idx" ON "Experiment"("shopId", "status");

-- CreateIndex
CREATE INDEX "ComplementaryPair_shopId_status_idx" ON "ComplementaryPair"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ComplementaryPair_shopId_productShopifyId_complementShopify_key" ON "ComplementaryPair"("shopId", "productShopifyId", "complementShopifyId");

-- CreateIndex
CREATE INDEX "OrderImport_shopId_createdAt_idx" ON "OrderImport"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "StorefrontEvent" ADD CONSTRAINT "StorefrontEvent_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationModel" ADD CONSTRAINT "RecommendationModel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationList" ADD CONSTRAINT "RecommendationList_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationList" ADD CONSTRAINT "RecommendationList_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "RecommendationModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecommendationRule" ADD CONSTRAINT "RecommendationRule_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplementaryPair" ADD CONSTRAINT "ComplementaryPair_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderImport" ADD CONSTRAINT "OrderImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

