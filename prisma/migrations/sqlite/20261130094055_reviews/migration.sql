-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "repliedAt" DATETIME,
    "visitorHash" TEXT,
    "contentHash" TEXT NOT NULL,
    "sentiment" TEXT,
    "sentimentConfidence" REAL,
    "sentimentScore" REAL,
    "aspects" TEXT NOT NULL DEFAULT '[]',
    "sentimentBackend" TEXT,
    "analysedAt" DATETIME,
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedAt" DATETIME,
    CONSTRAINT "Review_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "importedLines" INTEGER NOT NULL DEFAULT 0,
    "duplicateLines" INTEGER NOT NULL DEFAULT 0,
    "rejectedLines" INTEGER NOT NULL DEFAULT 0,
    "rejections" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "ReviewImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReviewSummary" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "productShopifyId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "reviewCount" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ReviewSummary_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SentimentModel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "params" TEXT NOT NULL,
    "metrics" TEXT NOT NULL DEFAULT '{}',
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SentimentModel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

