// The complementary pairs page through its route, signed in as a shop (demo
// sign-in): forged form values are refused with a clear 400 and change
// nothing, garbage filters in the address fall back to safe defaults.
import { randomBytes, randomUUID } from "node:crypto";
import { storeOfflineSession } from "../../test/helpers/local-shopify";
import { deleteOurRedisKeys } from "../../test/helpers/redis";
import { createTestShop } from "../../test/helpers/shops";
import prisma from "../db.server";
import { closeQueues } from "../queues/connection.server";

const domain = `pairs-${randomBytes(4).toString("hex")}.myshopify.com`;
// Read once by the environment check, before the route is imported.
process.env.AISLE_DEMO_SHOP = domain;
// Demo sign-in is allowed only against a local Shopify; these requests never call it.
process.env.SHOPIFY_ADMIN_API_ORIGIN ??= "http://127.0.0.1:9";

let shopId: string;
let pairIds: string[];

beforeAll(async () => {
  shopId = (await createTestShop({ domain })).id;
  await storeOfflineSession(domain, "offline-token");
  await prisma.product.createMany({
    data: ["1", "2", "3"].map((id) => ({ shopId, shopifyId: id, title: `Product ${id}`, handle: `p-${id}`, vendor: "Aisle", shopifyUpdatedAt: new Date() })),
  });
  pairIds = [randomUUID(), randomUUID()];
  await prisma.complementaryPair.createMany({
    data: [
      { id: pairIds[0], shopId, productShopifyId: "1", complementShopifyId: "2", score: 0.8 },
      { id: pairIds[1], shopId, productShopifyId: "2", complementShopifyId: "3", score: 0.4 },
    ],
  });
});
afterAll(async () => {
  await deleteOurRedisKeys();
  await closeQueues();
});

const URL_BASE = "http://127.0.0.1/app/recommendations/complementary";

async function post(form: Record<string, string>) {
  const { action } = await import("./app.recommendations.complementary");
  const request = new Request(URL_BASE, { method: "POST", body: new URLSearchParams(form) });
  const response = (await action({ request, params: {}, context: {} })) as Response;
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: string; count?: number; started?: boolean } };
}

const statuses = async () =>
  Object.fromEntries((await prisma.complementaryPair.findMany({ where: { shopId }, select: { id: true, status: true } })).map((p) => [p.id, p.status]));

describe("forged form values", () => {
  it.each([
    [{}, "Unknown action."],
    [{ intent: "publish-everything" }, "Unknown action."],
    [{ intent: "approve" }, "Choose at least one pair."],
    [{ intent: "approve", ids: "," }, "Choose at least one pair."],
    [{ intent: "approve", ids: 'x\'; DROP TABLE "ComplementaryPair"; --' }, "That is not a pair of this list."],
    [{ intent: "reject", ids: Array.from({ length: 251 }, (_, i) => `id${i}`).join(",") }, "Choose at most 250 pairs at a time."],
    [{ intent: "reject", ids: "a".repeat(20_000) }, "Choose at most 250 pairs at a time."],
    [{ intent: "approve-matching" }, "Status must be one of suggested, approved, published, rejected, all."],
    [{ intent: "approve-matching", status: "everything" }, "Status must be one of suggested, approved, published, rejected, all."],
    [{ intent: "approve-matching", status: "all", minScore: "abc" }, "The minimum strength must be a number of 0 or more."],
    [{ intent: "approve-matching", status: "all", minScore: "-1" }, "The minimum strength must be a number of 0 or more."],
    [{ intent: "approve-matching", status: "all", minScore: "Infinity" }, "The minimum strength must be a number of 0 or more."],
    [{ intent: "approve-matching", status: "all", q: "x".repeat(201) }, "The search is longer than 200 characters."],
    [{ intent: "reject-matching", status: "all", vendor: "v".repeat(256) }, "The vendor is longer than 255 characters."],
    [{ intent: "reject-matching", status: "all", type: "Mugs\u0000" }, "The product type contains control characters."],
  ])("refuses %j with 400 and changes nothing", async (form, message) => {
    const before = await statuses();
    expect(await post(form as Record<string, string>)).toEqual({ status: 400, body: { ok: false, error: message } });
    expect(await statuses()).toEqual(before);
  });

  it("refuses to publish with nothing approved, saying so", async () => {
    expect(await post({ intent: "publish" })).toEqual({
      status: 400,
      body: { ok: false, error: "There are no approved pairs to publish. Approve pairs first." },
    });
    expect(await prisma.jobRecord.count({ where: { shopId } })).toBe(0);
  });

  it("decides only this shop's pairs: another shop's pair id changes nothing", async () => {
    const other = await createTestShop();
    const foreign = randomUUID();
    await prisma.complementaryPair.create({ data: { id: foreign, shopId: other.id, productShopifyId: "1", complementShopifyId: "2" } });
    expect(await post({ intent: "approve", ids: foreign })).toEqual({ status: 200, body: { ok: true, intent: "approve", count: 0 } });
    expect((await prisma.complementaryPair.findUniqueOrThrow({ where: { id: foreign } })).status).toBe("suggested");
  });
});

describe("good form values", () => {
  it("approves selected pairs, approves all matching a filter, and starts publishing once", async () => {
    expect(await post({ intent: "approve", ids: pairIds[0] })).toEqual({ status: 200, body: { ok: true, intent: "approve", count: 1 } });
    expect(await post({ intent: "approve-matching", status: "suggested", q: "product 3", vendor: "", type: "", minScore: "0.3" })).toEqual({
      status: 200,
      body: { ok: true, intent: "approve", count: 1 },
    });
    expect(await statuses()).toEqual({ [pairIds[0]]: "approved", [pairIds[1]]: "approved" });
    expect(await post({ intent: "publish" })).toEqual({ status: 200, body: { ok: true, intent: "publish", started: true } });
    expect(await post({ intent: "publish" })).toEqual({ status: 200, body: { ok: true, intent: "publish", started: false } });
    expect(await prisma.jobRecord.count({ where: { shopId, queue: "complementary" } })).toBe(1);
  });
});

describe("filters in the address", () => {
  async function load(search: string) {
    const { loader } = await import("./app.recommendations.complementary");
    const response = (await loader({ request: new Request(`${URL_BASE}${search}`), params: {}, context: {} })) as Response;
    expect(response.status).toBe(200);
    return (await response.json()) as { query: Record<string, unknown>; matching: number; pairs: unknown[] };
  }

  it("falls back to the defaults for garbage values instead of failing", async () => {
    const data = await load(`?status=__proto__&minScore=abc&page=-4&vendor=&type=%00%01&q=${"q".repeat(5_000)}`);
    expect(data.query).toEqual({ status: "suggested", page: 1, q: "q".repeat(200) });
    expect(data.matching).toBe(0);
    const all = await load("?status=all&minScore=1e999&page=99999999");
    expect(all.query).toEqual({ status: "all", page: 1 });
    expect(all.matching).toBe(2);
  });

  it("narrows by search, vendor and minimum strength", async () => {
    expect((await load("?status=all&q=PRODUCT%203")).matching).toBe(1);
    expect((await load("?status=all&minScore=0.5")).matching).toBe(1);
    expect((await load("?status=all&vendor=Aisle")).matching).toBe(2);
    expect((await load("?status=all&vendor=Nobody")).matching).toBe(0);
  });
});
