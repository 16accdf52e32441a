-- AlterTable
ALTER TABLE "RecommendationModel" ADD COLUMN     "patchedThrough" TIMESTAMP(3),
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;

