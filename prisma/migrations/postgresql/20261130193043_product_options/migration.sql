-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "options" TEXT NOT NULL DEFAULT '[]';

