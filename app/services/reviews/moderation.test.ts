import prisma from "../../db.server";
import { RequestError } from "../../lib/errors.server";
import { insertReview, type NewReview } from "../../models/reviews.server";
import { reviewTestIds, seedReviewedProducts } from "../../../test/helpers/reviews";
import { createTestShop } from "../../../test/helpers/shops";
import { moderate, moderationQueue } from "./moderation.server";

const id = reviewTestIds();

function review(productShopifyId: string, over: Partial<NewReview> = {}): NewReview {
  return {
    productShopifyId,
    source: "storefront",
    rating: 4,
    title: "Nice",
    body: `Soft and warm ${Math.random()}`,
    authorName: "Ana",
    authorEmail: null,
    customerShopifyId: null,
    photoUrl: null,
    verifiedBuyer: false,
    status: "pending",
    flags: [],
    visitorHash: null,
    contentHash: `hash-${Math.random()}`,
    ...over,
  };
}

async function reviewId(shopId: string, r: NewReview) {
  const saved = await insertReview(shopId, r);
  if (saved === "duplicate") throw new Error("duplicate");
  return saved.id;
}

const statusOf = async (reviewId: string) => (await prisma.review.findUniqueOrThrow({ where: { id: reviewId }, select: { status: true, reply: true } })).status;

describe("moderating reviews", () => {
  it("publishes, hides and replies to the shop's own reviews, and changes nothing of another shop's", async () => {
    const shop = await createTestShop();
    const other = await createTestShop();
    await seedReviewedProducts(shop.id, [id(1)], String(id(50)), id(90));
    await seedReviewedProducts(other.id, [id(2)], String(id(51)), id(91));
    const own = await reviewId(shop.id, review(String(id(1))));
    const theirs = await reviewId(other.id, review(String(id(2))));

    expect(await moderate(shop.id, { intent: "publish", ids: `${own},${theirs}` })).toMatchObject({ intent: "publish", changed: 1, products: [String(id(1))] });
    expect(await statusOf(own)).toBe("published");
    expect(await statusOf(theirs)).toBe("pending");

    expect(await moderate(shop.id, { intent: "hide", ids: theirs })).toMatchObject({ changed: 0, products: [] });
    expect(await statusOf(theirs)).toBe("pending");

    // A reply is text: markup stays inert, and another shop's review is not found.
    await moderate(shop.id, { intent: "reply", id: own, reply: "Thank you! <script>alert(1)</script>" });
    const replied = await prisma.review.findUniqueOrThrow({ where: { id: own }, select: { reply: true } });
    expect(replied.reply).toContain("Thank you!");
    const refused = await moderate(shop.id, { intent: "reply", id: theirs, reply: "Not yours" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RequestError);
    expect(refused).toMatchObject({ status: 404 });
    expect((await prisma.review.findUniqueOrThrow({ where: { id: theirs }, select: { reply: true } })).reply).toBeNull();

    // The queue lists this shop's reviews only.
    const queue = await moderationQueue(shop.id, "published", 1);
    expect(queue.reviews.map((r) => r.id)).toEqual([own]);
  });

  it("answers a malformed action with 400 and changes nothing", async () => {
    const shop = await createTestShop();
    await seedReviewedProducts(shop.id, [id(3)], String(id(52)), id(92));
    const own = await reviewId(shop.id, review(String(id(3))));
    for (const form of [{}, { intent: "delete", ids: own }, { intent: "publish", ids: "" }, { intent: "reply", id: own, reply: "x".repeat(2001) }]) {
      await expect(moderate(shop.id, form)).rejects.toMatchObject({ status: 400 });
    }
    expect(await statusOf(own)).toBe("pending");
  });
});
