-- CreateTable
CREATE TABLE "StockDay" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "available" INTEGER NOT NULL,

    CONSTRAINT "StockDay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StockDay_shopId_day_idx" ON "StockDay"("shopId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "StockDay_itemId_day_key" ON "StockDay"("itemId", "day");

-- AddForeignKey
ALTER TABLE "StockDay" ADD CONSTRAINT "StockDay_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockDay" ADD CONSTRAINT "StockDay_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "InventoryItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

