import { randomUUID } from "node:crypto";
import prisma from "../../db.server";
import { processPrivacyJob } from "../../../workers/processors/privacy";
import { createTestShop } from "../../../test/helpers/shops";
import { signedWebhookRequest } from "../../../test/helpers/webhooks";
import { receiveWebhook } from "../webhooks/receive.server";
import { closeQueues } from "../../queues/connection.server";
import type { Job } from "bullmq";

afterAll(() => closeQueues());

const DAY = 24 * 3600 * 1000;

async function delivery(shopId: string | null, domain: string, daysAgo: number, status: string) {
  return prisma.webhookDelivery.create({
    data: {
      webhookId: randomUUID(),
      shopDomain: domain,
      shopId,
      topic: "orders/create",
      payload: '{"email":"someone@example.com"}',
      status,
      receivedAt: new Date(Date.now() - daysAgo * DAY),
    },
    select: { id: true, webhookId: true },
  });
}

describe("webhook payload retention", () => {
  it("blanks payloads past the shop's retention, keeps the rows, and a redelivery is still a duplicate", async () => {
    const shop = await createTestShop();
    const short = await createTestShop();
    await prisma.shop.update({ where: { id: short.id }, data: { settings: JSON.stringify({ privacy: { webhookPayloadRetentionDays: 3 } }) } });
    const old = await delivery(shop.id, shop.domain, 31, "applied");
    const recent = await delivery(shop.id, shop.domain, 5, "applied");
    const waiting = await delivery(shop.id, shop.domain, 40, "received");
    const shortOld = await delivery(short.id, short.domain, 5, "applied");

    await processPrivacyJob({ data: {} } as Job);

    const payloadOf = async (id: string) => (await prisma.webhookDelivery.findUniqueOrThrow({ where: { id } })).payload;
    expect(await payloadOf(old.id)).toBe("");
    expect(await payloadOf(recent.id)).not.toBe("");
    expect(await payloadOf(waiting.id)).not.toBe("");
    expect(await payloadOf(shortOld.id)).toBe("");

    const res = await receiveWebhook(
      signedWebhookRequest("http://127.0.0.1/webhooks/orders/create", {
        topic: "orders/create",
        shop: shop.domain,
        payload: { id: 1 },
        webhookId: old.webhookId,
      }),
      "orders/create",
    );
    expect(await res.json()).toEqual({ message: "duplicate" });
  });
});
