-- CreateTable
CREATE TABLE "ContentDraft" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "provider" TEXT NOT NULL DEFAULT 'offline',
    "model" TEXT,
    "instruction" TEXT,
    "error" TEXT,
    "notices" TEXT NOT NULL DEFAULT '[]',
    "productChangedAt" TIMESTAMP(3),
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheReadTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "generatedAt" TIMESTAMP(3),

    CONSTRAINT "ContentDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentDraftField" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "liveValue" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "flags" TEXT NOT NULL DEFAULT '[]',
    "rejectReason" TEXT,
    "error" TEXT,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "ContentDraftField_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentVersion" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "draftFieldId" TEXT,
    "restoredFromId" TEXT,
    "publishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentRun" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'bulk',
    "status" TEXT NOT NULL DEFAULT 'running',
    "provider" TEXT NOT NULL DEFAULT 'offline',
    "fields" TEXT NOT NULL DEFAULT '[]',
    "total" INTEGER NOT NULL DEFAULT 0,
    "batchId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ContentRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContentUsage" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "draftId" TEXT,
    "model" TEXT NOT NULL,
    "task" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL DEFAULT 0,
    "outputTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheReadTokens" INTEGER NOT NULL DEFAULT 0,
    "cacheWriteTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContentUsage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ContentDraft_shopId_status_createdAt_idx" ON "ContentDraft"("shopId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ContentDraft_shopId_productShopifyId_idx" ON "ContentDraft"("shopId", "productShopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "ContentDraft_shopId_runId_productShopifyId_key" ON "ContentDraft"("shopId", "runId", "productShopifyId");

-- CreateIndex
CREATE INDEX "ContentDraftField_shopId_status_idx" ON "ContentDraftField"("shopId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ContentDraftField_draftId_field_key" ON "ContentDraftField"("draftId", "field");

-- CreateIndex
CREATE INDEX "ContentVersion_shopId_productShopifyId_publishedAt_idx" ON "ContentVersion"("shopId", "productShopifyId", "publishedAt");

-- CreateIndex
CREATE INDEX "ContentVersion_shopId_publishedAt_idx" ON "ContentVersion"("shopId", "publishedAt");

-- CreateIndex
CREATE INDEX "ContentRun_shopId_createdAt_idx" ON "ContentRun"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "ContentUsage_shopId_createdAt_idx" ON "ContentUsage"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "ContentDraft" ADD CONSTRAINT "ContentDraft_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentDraftField" ADD CONSTRAINT "ContentDraftField_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentDraftField" ADD CONSTRAINT "ContentDraftField_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "ContentDraft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentVersion" ADD CONSTRAINT "ContentVersion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentRun" ADD CONSTRAINT "ContentRun_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContentUsage" ADD CONSTRAINT "ContentUsage_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

