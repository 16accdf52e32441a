-- Each pair of products once: the row whose productShopifyId sorts first (by
-- code unit, as the app compares ids) stays, taking its reverse's decision
-- (rejected if either was, suggested or published only if both were, approved
-- otherwise) and the higher score; the reverse goes. A lone reverse row is
-- turned around.
-- A published row without its reverse was written for one of its products
-- only: approved again, so that publishing writes both.
UPDATE "ComplementaryPair" SET "status" = 'approved', "publishedAt" = NULL
WHERE "status" = 'published'
    AND NOT EXISTS (
        SELECT 1 FROM "ComplementaryPair" AS k
        WHERE k."shopId" = "ComplementaryPair"."shopId"
            AND k."productShopifyId" = "ComplementaryPair"."complementShopifyId"
            AND k."complementShopifyId" = "ComplementaryPair"."productShopifyId"
    );

UPDATE "ComplementaryPair" AS t SET
    "score" = GREATEST(t."score", r."score"),
    "status" = CASE
        WHEN t."status" = 'rejected' OR r."status" = 'rejected' THEN 'rejected'
        WHEN t."status" = r."status" THEN t."status"
        ELSE 'approved'
    END,
    "decidedAt" = COALESCE(t."decidedAt", r."decidedAt"),
    "publishedAt" = CASE WHEN t."status" = 'published' AND r."status" = 'published' THEN t."publishedAt" ELSE NULL END
FROM "ComplementaryPair" AS r
WHERE r."shopId" = t."shopId"
    AND r."productShopifyId" = t."complementShopifyId"
    AND r."complementShopifyId" = t."productShopifyId"
    AND t."productShopifyId" COLLATE "C" < t."complementShopifyId" COLLATE "C";

DELETE FROM "ComplementaryPair"
WHERE "productShopifyId" COLLATE "C" > "complementShopifyId" COLLATE "C"
    AND EXISTS (
        SELECT 1 FROM "ComplementaryPair" AS k
        WHERE k."shopId" = "ComplementaryPair"."shopId"
            AND k."productShopifyId" = "ComplementaryPair"."complementShopifyId"
            AND k."complementShopifyId" = "ComplementaryPair"."productShopifyId"
    );

UPDATE "ComplementaryPair"
SET "productShopifyId" = "complementShopifyId", "complementShopifyId" = "productShopifyId"
WHERE "productShopifyId" COLLATE "C" > "complementShopifyId" COLLATE "C";

-- DropIndex
DROP INDEX "ComplementaryPair_shopId_status_idx";

-- CreateIndex
CREATE INDEX "ComplementaryPair_shopId_status_score_idx" ON "ComplementaryPair"("shopId", "status", "score");

-- CreateIndex
CREATE INDEX "ComplementaryPair_shopId_complementShopifyId_idx" ON "ComplementaryPair"("shopId", "complementShopifyId");

