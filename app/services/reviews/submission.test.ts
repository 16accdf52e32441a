import prisma from "../../db.server";
import { signedProxyRequest } from "../../../test/helpers/app-proxy";
import { reviewTestIds, seedReviewedProducts } from "../../../test/helpers/reviews";
import { createTestShop } from "../../../test/helpers/shops";
import { deleteOurRedisKeys } from "../../../test/helpers/redis";
import { receiveReview, serveReviews } from "../storefront/proxy.server";

const id = reviewTestIds();
let shop: { id: string; domain: string };
const P = String(id(1));
const P2 = String(id(2));
const BUYER = String(id(50));

beforeAll(async () => {
  shop = await createTestShop();
  await seedReviewedProducts(shop.id, [id(1), id(2)], BUYER, id(90));
});
afterAll(() => deleteOurRedisKeys());

let n = 0;
/** Each call looks like a different visitor unless `vid` is given, so flood limits apply only where a test wants them. */
async function post(
  fields: Record<string, unknown>,
  options: { customerId?: string; secret?: string; vid?: string; raw?: string; type?: string; domain?: string } = {},
) {
  const body = options.raw ?? JSON.stringify({ vid: options.vid ?? `visitor-${++n}-${Date.now()}`, ...fields });
  const req = signedProxyRequest(
    "reviews",
    options.domain ?? shop.domain,
    {},
    { method: "POST", body, customerId: options.customerId, secret: options.secret },
  );
  const headers = new Headers(req.headers);
  headers.set("content-type", options.type ?? "application/json");
  headers.set("user-agent", `test-${n}`);
  const res = await receiveReview(new Request(req.url, { method: "POST", body, headers }));
  return { status: res.status, body: await res.json() };
}

const valid = (over: Record<string, unknown> = {}) => ({
  product_id: P,
  rating: 5,
  title: "Lovely",
  body: `Fits well and feels soft ${Math.random()}`,
  name: "Ana",
  ...over,
});

describe("POST /apps/aisle/reviews", () => {
  it("stores a review as pending, with its text, and says so", async () => {
    const res = await post(valid({ body: "Really soft fabric, true to size." }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: "pending", verifiedBuyer: false });
    const row = await prisma.review.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ shopId: shop.id, productShopifyId: P, rating: 5, body: "Really soft fabric, true to size.", source: "storefront" });
    expect(row.visitorHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives the verified buyer badge only to a logged-in customer whose order holds the product", async () => {
    expect((await post(valid(), { customerId: BUYER })).body.verifiedBuyer).toBe(true);
    expect((await post(valid({ product_id: P2 }), { customerId: BUYER })).body.verifiedBuyer).toBe(false);
    expect((await post(valid(), { customerId: String(id(51)) })).body.verifiedBuyer).toBe(false);
  });

  it("refuses a forged, a stale and a missing signature with 401 and stores nothing", async () => {
    const before = await prisma.review.count({ where: { shopId: shop.id } });
    expect((await post(valid(), { secret: "forged" })).status).toBe(401);
    const unsigned = await receiveReview(
      new Request(`http://127.0.0.1/proxy/reviews?shop=${shop.domain}`, {
        method: "POST",
        body: JSON.stringify(valid()),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(unsigned.status).toBe(401);
    // Signed for one query, replayed with the shop swapped.
    const signed = signedProxyRequest("reviews", shop.domain, {}, { method: "POST", body: "{}" });
    const swapped = signed.url.replace(encodeURIComponent(shop.domain), "other-shop.myshopify.com");
    expect(
      (await receiveReview(new Request(swapped, { method: "POST", body: JSON.stringify(valid()), headers: { "content-type": "application/json" } }))).status,
    ).toBe(401);
    expect(await prisma.review.count({ where: { shopId: shop.id } })).toBe(before);
  });

  it.each([0, 6, -1, 4.5, "five", "", null, "1e1"])("refuses the rating %j with a clear 400", async (rating) => {
    const res = await post(valid({ rating }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/rating/);
  });

  it("refuses a product of another shop, an unknown product and a malformed id", async () => {
    const other = await createTestShop();
    await seedReviewedProducts(other.id, [id(10)], String(id(60)), id(91));
    expect((await post(valid({ product_id: String(id(10)) }))).status).toBe(404);
    expect((await post(valid({ product_id: String(id(11)) }))).status).toBe(404);
    expect((await post(valid({ product_id: "gid://shopify/Product/1" }))).status).toBe(400);
    expect(await prisma.review.count({ where: { productShopifyId: String(id(10)) } })).toBe(0);
  });

  it("stores HTML and script as text, untouched", async () => {
    const body = `<script>alert("x")</script><img src=x onerror=alert(1)> great`;
    const res = await post(valid({ body, title: "<b>bold</b>", name: "<i>Eve</i>" }));
    expect(res.status).toBe(201);
    const row = await prisma.review.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ body, title: "<b>bold</b>", authorName: "<i>Eve</i>" });
  });

  it("refuses empty and enormous text, names and photo addresses that are not https", async () => {
    expect((await post(valid({ body: "   " }))).body.error).toMatch(/body/);
    expect((await post(valid({ body: "x".repeat(5001) }))).status).toBe(400);
    expect((await post(valid({ name: "" }))).status).toBe(400);
    expect((await post(valid({ photo_url: "javascript:alert(1)" }))).body.error).toMatch(/photo_url/);
    expect((await post({}, { raw: "x".repeat(40_000) })).status).toBe(413);
    expect((await post({}, { raw: "{not json" })).status).toBe(400);
    expect((await post({}, { raw: "[1,2]" })).status).toBe(400);
    expect((await post({}, { raw: "a=b", type: "text/plain" })).status).toBe(415);
  });

  it("accepts emoji-only text and other languages, and a form-encoded body", async () => {
    expect((await post(valid({ body: "😍😍😍" }))).status).toBe(201);
    expect((await post(valid({ body: "Très belle robe, je recommande." }))).status).toBe(201);
    const form = new URLSearchParams({ product_id: P, rating: "4", body: "Nice one from a form", name: "Bo", vid: "form-visitor-1" }).toString();
    expect((await post({}, { raw: form, type: "application/x-www-form-urlencoded" })).status).toBe(201);
  });

  it("stores the same review posted twice once", async () => {
    const review = valid({ body: "Posted twice by accident" });
    const first = await post(review);
    const again = await post(review);
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 200, body: { status: "duplicate", id: first.body.id } });
    expect(await prisma.review.count({ where: { shopId: shop.id, body: "Posted twice by accident" } })).toBe(1);
  });

  it("refuses a flood from one visitor with 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(valid(), { vid: "flooding-visitor" })).status);
    expect(statuses.slice(0, 3)).toEqual([201, 201, 201]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
  });

  it("hides what a bot fills in the hidden field and flags links", async () => {
    const bot = await post(valid({ website: "http://spam.example" }));
    expect(bot.body.status).toBe("hidden");
    const link = await post(valid({ body: "buy cheap at https://spam.example now" }));
    const row = await prisma.review.findUniqueOrThrow({ where: { id: link.body.id } });
    expect(JSON.parse(row.flags)).toContain("link");
  });

  it("auto-publishes under the shop's rule: four stars and up, no flagged words", async () => {
    const ruled = await createTestShop();
    const ids = [id(20), id(21)];
    await seedReviewedProducts(ruled.id, ids, String(id(61)), id(92));
    await prisma.shop.update({
      where: { id: ruled.id },
      data: { settings: JSON.stringify({ reviews: { autoPublish: true, minRating: 4, requireNoFlags: true, flaggedWords: ["refund"] } }) },
    });
    const as = (over: Record<string, unknown>) => post(valid({ product_id: String(ids[0]), ...over }), { domain: ruled.domain });
    expect((await as({ rating: 5 })).body.status).toBe("published");
    expect((await as({ rating: 3 })).body.status).toBe("pending");
    expect((await as({ rating: 5, body: "Want a REFUND now" })).body.status).toBe("pending");
  });
});

describe("GET /apps/aisle/reviews", () => {
  it("lists only published reviews of this shop's product, grouped by sentiment", async () => {
    const listed = await createTestShop();
    const pid = String(id(30));
    await seedReviewedProducts(listed.id, [id(30)], String(id(62)), id(93));
    const base = { shopId: listed.id, productShopifyId: pid, authorName: "A", title: "" };
    await prisma.review.createMany({
      data: [
        { ...base, rating: 5, body: "great", status: "published", sentiment: "positive", contentHash: "h1" },
        { ...base, rating: 1, body: "<script>bad</script>", status: "published", sentiment: "negative", contentHash: "h2" },
        { ...base, rating: 3, body: "waiting", status: "pending", sentiment: "neutral", contentHash: "h3" },
      ],
    });
    const res = await serveReviews(signedProxyRequest("reviews", listed.domain, { product_id: pid }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.counts).toEqual({ positive: 1, neutral: 0, negative: 1 });
    expect(body.histogram).toEqual([1, 0, 0, 0, 1]);
    expect(body.reviews.map((r: { body: string }) => r.body)).toEqual(expect.arrayContaining(["great", "<script>bad</script>"]));
    const negative = await (await serveReviews(signedProxyRequest("reviews", listed.domain, { product_id: pid, sentiment: "negative" }))).json();
    expect(negative.reviews).toHaveLength(1);
    expect((await serveReviews(signedProxyRequest("reviews", listed.domain, { product_id: "abc" }))).status).toBe(400);
    expect((await serveReviews(signedProxyRequest("reviews", listed.domain, { product_id: pid }, { secret: "forged" }))).status).toBe(401);
  });
});
