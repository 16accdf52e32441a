// The reviews pages of the admin in Chromium: the production build in demo
// mode, as staff see it. Moderation (publish, hide, reply), rules, import
// and insights, with screenshots in test/.artifacts.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { startDemoApp, type DemoApp } from "../helpers/demo-app";
import { reviewTestIds, seedReviewedProducts } from "../helpers/reviews";
import { screenshot } from "./browser";

const id = reviewTestIds();
const PRODUCT = String(id(1));

let app: DemoApp;
let appUrl: string;
let page: Page;
let shopId: string;

beforeAll(async () => {
  app = await startDemoApp({
    name: "reviews-admin",
    seed: { maxProducts: 5, maxOrders: 5 },
    shop: { name: "Reviews Admin", currencyCode: "USD", moneyFormat: "${{amount}}", syncStatus: "succeeded", syncFinishedAt: new Date() },
    importAndTrain: false,
    viewport: { width: 1280, height: 1000 },
    prepare: async ({ shopId }) => {
      const { default: prisma } = await import("../../app/db.server");
      await seedReviewedProducts(shopId, [id(1), id(2)], String(id(50)), id(90));
      const day = 86_400_000;
      const reviews = [
        [5, "Lovely", "So soft and warm, the fabric is beautiful quality.", "published", 40],
        [4, "Nice", "Pretty colour but it runs a little small.", "published", 20],
        [1, "Disappointed", "It fell apart after one wash. Poor stitching, a waste of money.", "published", 5],
        [2, "Too small", "Runs small and the fabric is itchy. Returned it.", "published", 3],
        [1, "Awful", "Terrible quality, it broke in a week.", "published", 2],
        [5, "<b>Great</b>", "Love it <script>alert(1)</script>", "pending", 1],
        [3, "Okay", "It's fine, nothing special. Check https://spam.example", "pending", 1],
      ] as const;
      await prisma.review.createMany({
        data: reviews.map(([rating, title, body, status, ago], k) => ({
          shopId,
          productShopifyId: PRODUCT,
          rating,
          title,
          body,
          status,
          authorName: ["Ana", "Bo", "Cy", "Di", "Ed", "Fay", "Gus"][k],
          verifiedBuyer: k === 0,
          flags: body.includes("https://") ? JSON.stringify(["link"]) : "[]",
          contentHash: `admin-${k}`,
          createdAt: new Date(Date.now() - ago * day),
        })),
      });
      const { analyseReviews } = await import("../../app/services/reviews/analysis.server");
      const { logger } = await import("../../app/lib/logger.server");
      await analyseReviews(shopId, logger);
    },
  });
  ({ appUrl, page, shopId } = app);
}, 300_000);

afterAll(async () => {
  await app?.close();
});

describe("the reviews admin", () => {
  it("moderates: pending reviews as text with sentiment and flags; publish, reply, hide", async () => {
    const { default: prisma } = await import("../../app/db.server");
    await page.goto(`${appUrl}/app/reviews`, { waitUntil: "networkidle" });
    await screenshot(page, "e2e-admin-reviews-pending");
    const text = await page.locator("body").innerText();
    expect(text).toContain("Love it <script>alert(1)</script>");
    expect(text).toContain("Flag: link");
    expect(text).toMatch(/Pending\s*2/);
    await page.getByRole("button", { name: "Publish the review by Fay" }).click();
    await page.waitForFunction(() => !document.body.innerText.includes("Love it <script>"), null, { timeout: 10_000 });
    expect((await prisma.review.findFirstOrThrow({ where: { shopId, authorName: "Fay" } })).status).toBe("published");

    await page.goto(`${appUrl}/app/reviews?status=published`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Reply" }).first().click();
    await page.getByLabel("Public reply").fill("Thank you for your kind words!");
    await page.getByRole("button", { name: "Save reply" }).click();
    await page.getByText("Your public reply:").first().waitFor();
    await screenshot(page, "e2e-admin-reviews-published");
    await page.getByRole("button", { name: "Hide the review by Ed" }).click();
    await page.waitForFunction(() => !document.body.innerText.includes("broke in a week"), null, { timeout: 10_000 });
    expect((await prisma.review.findFirstOrThrow({ where: { shopId, authorName: "Ed" } })).status).toBe("hidden");
    expect(await prisma.review.count({ where: { shopId, reply: "Thank you for your kind words!" } })).toBe(1);
  });

  it("saves the auto-publish rule and the demotion setting, and says which products it would demote", async () => {
    const { default: prisma } = await import("../../app/db.server");
    await page.goto(`${appUrl}/app/reviews/settings`, { waitUntil: "networkidle" });
    expect(await page.locator("body").innerText()).toMatch(/Would be demoted now \(1\)[\s\S]*reviews are negative/);
    await page.getByLabel("Publish new reviews automatically when they pass the rules").check();
    await page.getByLabel("Flagged words", { exact: true }).fill("refund, scam");
    await page.getByLabel("Demote products whose recent reviews turn negative").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Review rules saved").waitFor();
    await screenshot(page, "e2e-admin-reviews-rules");
    const saved = JSON.parse((await prisma.shop.findUniqueOrThrow({ where: { id: shopId } })).settings).reviews;
    expect(saved).toMatchObject({ autoPublish: true, minRating: 4, flaggedWords: ["refund", "scam"], demoteNegativeProducts: true });
  });

  it("imports a review app's CSV and reports the skipped lines", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "aisle-reviews-"));
    const file = path.join(dir, "judgeme-export.csv");
    writeFileSync(
      file,
      `title,body,rating,review_date,source,curated,reviewer_name,reviewer_email,product_id,product_handle,reply,reply_date,picture_urls,ip_address,location\nWarm,Very warm scarf,5,2025-03-01,web,ok,Hal,hal@example.com,${PRODUCT},,,,,,\nBad,Rating off,9,2025-03-01,web,ok,Ivy,,${PRODUCT},,,,,,\n`,
    );
    await page.goto(`${appUrl}/app/reviews/import`, { waitUntil: "networkidle" });
    await page.setInputFiles("#review-csv", file);
    await page.getByRole("button", { name: "Import reviews" }).click();
    await page.getByText("Imported 1 reviews from Judge.me").waitFor();
    expect(await page.locator("body").innerText()).toContain('Line 3: rating "9" is not a whole number from 1 to 5');
    await screenshot(page, "e2e-admin-reviews-import");
  });

  it("shows insights: sentiment over time, aspects with quotes, products getting worse", async () => {
    await page.goto(`${appUrl}/app/reviews/insights?product=${PRODUCT}`, { waitUntil: "networkidle" });
    await screenshot(page, "e2e-admin-reviews-insights");
    const text = await page.locator("body").innerText();
    expect(text).toContain("Sentiment over time, whole shop");
    expect(text).toContain("Sentiment over time, this product");
    expect(text).toMatch(/What buyers criticise[\s\S]*quality/);
    expect(text).toMatch(/Products whose sentiment is getting worse[\s\S]*Product \d+/);
  });
});
