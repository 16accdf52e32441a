import prisma from "../../db.server";
import { reviewTestIds, seedReviewedProducts } from "../../../test/helpers/reviews";
import { createTestShop } from "../../../test/helpers/shops";
import { deleteOurRedisKeys } from "../../../test/helpers/redis";
import { detectFormat, readReviewCsv } from "./import/review-csv";
import { importReviewCsv } from "./import.server";

const id = reviewTestIds();
const A = id(1);
const B = id(2);
afterAll(() => deleteOurRedisKeys());

const bytes = (s: string) => new TextEncoder().encode(s);

// One small export per app, with their real column names.
const EXPORTS = {
  judgeme: `title,body,rating,review_date,source,curated,reviewer_name,reviewer_email,product_id,product_handle,reply,reply_date,picture_urls,ip_address,location
Great,"Soft, warm and ""cosy""",5,2025-03-01 10:00:00 UTC,web,ok,Ann,ann@example.com,${A},product-${A},Thanks!,2025-03-02,https://cdn.example/p.jpg,1.2.3.4,UK
,Runs small,2,2025-03-03,web,ok,Bo,,,product-${B},,,,,`,
  yotpo: `Review Title,Review Content,Review Score,Date,Product ID,Product Title,Display Name,Email,Published,Comment Content
Nice,Good value,4,2025-01-01,${A},P,Cy,cy@example.com,true,
Bad,Broke in a week,1,2025-01-02,${B},P,Di,,false,Sorry to hear`,
  okendo: `Product ID,Product Handle,Rating,Title,Body,Reviewer Name,Reviewer Email,Date Created,Reply,Status
${A},,3,Ok,It is fine,Ed,,2025-02-01,,approved`,
  loox: `id,status,rating,email,nickname,full_name,review,img,variant,date,handle,productId,verified_purchase,reply,replied_at
1,Active,5,fay@example.com,Fay,Fay F,Love it,https://img.example/a.jpg,,2025-04-01,product-${A},${A},true,,`,
  shopify: `product_handle,state,rating,title,author,email,location,body,reply,created_at,replied_at
product-${B},published,4,Solid,Gus,gus@example.com,NY,Works as described,,2025-05-01 00:00:00 UTC,`,
};

describe("review app CSV exports", () => {
  it("recognises each app from its columns", () => {
    for (const [format, csv] of Object.entries(EXPORTS)) expect(detectFormat(csv.split("\n")[0].split(","))).toBe(format);
    expect(detectFormat(["foo", "bar"])).toBeNull();
  });

  it("reads quoted fields, handles and publication state", () => {
    const { reviews } = readReviewCsv(EXPORTS.judgeme);
    expect(reviews[0]).toMatchObject({
      body: 'Soft, warm and "cosy"',
      rating: 5,
      name: "Ann",
      email: "ann@example.com",
      reply: "Thanks!",
      photoUrl: "https://cdn.example/p.jpg",
      published: true,
    });
    expect(reviews[1]).toMatchObject({ productId: null, productHandle: `product-${B}`, title: "" });
  });

  it("skips bad lines with their reason and keeps the rest", () => {
    const csv = `${EXPORTS.yotpo.split("\n")[0]}
A,good,7,2025-01-01,${A},P,X,,true,
B,,4,2025-01-01,${A},P,X,,true,
C,ok,4,2025-01-01,not-an-id,P,X,,true,
D,too,few
E,fine,4.5,2025-01-01,${A},P,X,,true,
F,"never closes,4,2025-01-01,${A},P,X,,true,`;
    const { reviews, skipped } = readReviewCsv(csv);
    // Line 3 has a title and no body: a review all the same.
    expect(reviews.map((r) => r.line)).toEqual([3]);
    expect(skipped.map((s) => s.line)).toEqual([2, 4, 5, 6, 7]);
    expect(skipped[0].reason).toMatch(/rating "7"/);
    expect(skipped.find((s) => s.line === 5)!.reason).toMatch(/columns/);
    expect(skipped.find((s) => s.line === 6)!.reason).toMatch(/rating "4.5"/);
    expect(skipped.find((s) => s.line === 7)!.reason).toMatch(/never closes/);
  });
});

describe("importReviewCsv", () => {
  let shop: { id: string };
  beforeAll(async () => {
    shop = await createTestShop();
    await seedReviewedProducts(shop.id, [A, B], String(id(50)), id(90));
  });

  it.each(Object.keys(EXPORTS) as (keyof typeof EXPORTS)[])("imports a %s export into this shop's products", async (format) => {
    const report = await importReviewCsv(shop.id, `${format}.csv`, bytes(EXPORTS[format]));
    expect(report).toMatchObject({ status: "succeeded", format, skippedLines: 0, error: null });
    expect(report.importedLines).toBe(EXPORTS[format].trim().split("\n").length - 1);
    const row = await prisma.reviewImport.findUniqueOrThrow({ where: { id: report.importId! } });
    expect(row.importedLines).toBe(report.importedLines);
  });

  it("counts a file imported twice as duplicates", async () => {
    const again = await importReviewCsv(shop.id, "judgeme.csv", bytes(EXPORTS.judgeme));
    expect(again).toMatchObject({ importedLines: 0, duplicateLines: 2 });
  });

  it("maps publication state and keeps replies", async () => {
    const hidden = await prisma.review.findFirstOrThrow({ where: { shopId: shop.id, body: "Broke in a week" } });
    expect(hidden).toMatchObject({ status: "hidden", reply: "Sorry to hear", source: "yotpo", productShopifyId: String(B) });
    const okendo = await prisma.review.findFirstOrThrow({ where: { shopId: shop.id, body: "It is fine" } });
    expect(okendo.status).toBe("published");
  });

  it("skips reviews of products this shop does not have, including another shop's", async () => {
    const other = await createTestShop();
    await seedReviewedProducts(other.id, [id(10)], String(id(60)), id(91));
    const csv = `${EXPORTS.okendo.split("\n")[0]}\n${id(10)},,5,Hi,From elsewhere,Z,,2025-02-01,,approved\n${A},,5,Hi,Mine,Z,,2025-02-01,,approved`;
    const report = await importReviewCsv(shop.id, "okendo.csv", bytes(csv));
    expect(report).toMatchObject({ importedLines: 1, skippedLines: 1 });
    expect(report.skipped[0]).toEqual({ line: 2, reason: `no product ${id(10)} in this shop` });
  });

  it("refuses a malformed file with a clear message and stores nothing", async () => {
    const before = await prisma.review.count({ where: { shopId: shop.id } });
    expect((await importReviewCsv(shop.id, "x.csv", bytes(""))).error).toMatch(/empty/);
    expect((await importReviewCsv(shop.id, "x.csv", bytes("a,b,c\n1,2,3"))).error).toMatch(/no known review app/);
    expect((await importReviewCsv(shop.id, "x.xlsx", new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).error).toMatch(/Excel/);
    expect((await importReviewCsv(shop.id, "x.csv", new Uint8Array([0x61, 0, 0x62]))).error).toMatch(/binary/);
    expect(await prisma.review.count({ where: { shopId: shop.id } })).toBe(before);
  });

  it("stores script in imported text as text", async () => {
    const csv = `${EXPORTS.okendo.split("\n")[0]}\n${A},,1,<b>x</b>,"<script>alert(1)</script>",<img src=x>,,2025-02-01,,approved`;
    const report = await importReviewCsv(shop.id, "okendo.csv", bytes(csv));
    expect(report.importedLines).toBe(1);
    expect(await prisma.review.count({ where: { shopId: shop.id, body: "<script>alert(1)</script>", authorName: "<img src=x>" } })).toBe(1);
  });
});
