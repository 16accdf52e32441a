-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'storefront',
    "rating" INTEGER NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "authorName" TEXT NOT NULL DEFAULT '',
    "authorEmail" TEXT,
    "customerShopifyId" TEXT,
    "photoUrl" TEXT,
    "verifiedBuyer" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "flags" TEXT NOT NULL DEFAULT '[]',
    "reply" TEXT,
    "repliedAt" TIMESTAMP(3),
    "visitorHash" TEXT,
    "contentHash" TEXT NOT NULL,
    "sentiment" TEXT,
    "sentimentConfidence" DOUBLE PRECISION,
    "sentimentScore" DOUBLE PRECISION,
    "aspects" TEXT NOT NULL DEFAULT '[]',
    "sentimentBackend" TEXT,
    "analysedAt" TIMESTAMP(3),
    "redactedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewImport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "importedLines" INTEGER NOT NULL DEFAULT 0,
    "duplicateLines" INTEGER NOT NULL DEFAULT 0,
    "rejectedLines" INTEGER NOT NULL DEFAULT 0,
    "rejections" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ReviewImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewSummary" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "reviewCount" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReviewSummary_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentimentModel" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "metrics" TEXT NOT NULL DEFAULT '{}',
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentimentModel_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Review_shopId_productShopifyId_status_idx" ON "Review"("shopId", "productShopifyId", "status");

-- CreateIndex
CREATE INDEX "Review_shopId_status_createdAt_idx" ON "Review"("shopId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Review_shopId_customerShopifyId_idx" ON "Review"("shopId", "customerShopifyId");

-- CreateIndex
CREATE INDEX "Review_shopId_visitorHash_createdAt_idx" ON "Review"("shopId", "visitorHash", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_shopId_contentHash_key" ON "Review"("shopId", "contentHash");

-- CreateIndex
CREATE INDEX "ReviewImport_shopId_createdAt_idx" ON "ReviewImport"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewSummary_shopId_productShopifyId_key" ON "ReviewSummary"("shopId", "productShopifyId");

-- CreateIndex
CREATE INDEX "SentimentModel_shopId_createdAt_idx" ON "SentimentModel"("shopId", "createdAt");

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewImport" ADD CONSTRAINT "ReviewImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewSummary" ADD CONSTRAINT "ReviewSummary_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SentimentModel" ADD CONSTRAINT "SentimentModel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

