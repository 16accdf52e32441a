-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Product" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "descriptionHtml" TEXT NOT NULL DEFAULT '',
    "vendor" TEXT NOT NULL DEFAULT '',
    "productType" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "tags" TEXT NOT NULL DEFAULT '[]',
    "options" TEXT NOT NULL DEFAULT '[]',
    "seoTitle" TEXT,
    "seoDescription" TEXT,
    "isGiftCard" BOOLEAN NOT NULL DEFAULT false,
    "totalInventory" INTEGER NOT NULL DEFAULT 0,
    "tracksInventory" BOOLEAN NOT NULL DEFAULT true,
    "minPrice" TEXT NOT NULL DEFAULT '0.00',
    "featuredImageUrl" TEXT,
    "shopifyCreatedAt" DATETIME,
    "shopifyUpdatedAt" DATETIME NOT NULL,
    "deletedAt" DATETIME,
    "syncedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Product_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Product" ("deletedAt", "descriptionHtml", "featuredImageUrl", "handle", "id", "isGiftCard", "minPrice", "productType", "seoDescription", "seoTitle", "shopId", "shopifyCreatedAt", "shopifyId", "shopifyUpdatedAt", "status", "syncedAt", "tags", "title", "totalInventory", "tracksInventory", "vendor") SELECT "deletedAt", "descriptionHtml", "featuredImageUrl", "handle", "id", "isGiftCard", "minPrice", "productType", "seoDescription", "seoTitle", "shopId", "shopifyCreatedAt", "shopifyId", "shopifyUpdatedAt", "status", "syncedAt", "tags", "title", "totalInventory", "tracksInventory", "vendor" FROM "Product";
DROP TABLE "Product";
ALTER TABLE "new_Product" RENAME TO "Product";
CREATE INDEX "Product_shopId_status_idx" ON "Product"("shopId", "status");
CREATE INDEX "Product_shopId_handle_idx" ON "Product"("shopId", "handle");
CREATE INDEX "Product_shopifyId_idx" ON "Product"("shopifyId");
CREATE UNIQUE INDEX "Product_shopId_shopifyId_key" ON "Product"("shopId", "shopifyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

