-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "shopifyId" TEXT;

-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedactedCustomer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RedactedCustomer_shopId_customerHash_key" ON "RedactedCustomer"("shopId", "customerHash");

-- CreateIndex
CREATE INDEX "Product_shopifyId_idx" ON "Product"("shopifyId");

-- CreateIndex
CREATE INDEX "Order_shopifyId_idx" ON "Order"("shopifyId");

-- AddForeignKey
ALTER TABLE "RedactedCustomer" ADD CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

