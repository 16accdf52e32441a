import { readSettings, saveSettingsForm } from "./settings.server";
import { createTestShop } from "../../test/helpers/shops";
import prisma from "../db.server";
import { closeQueues } from "../queues/connection.server";

const form = (over: Record<string, string> = {}) => ({
  recommendationsEnabled: "true",
  retrainEveryMinutes: "10",
  excludePurchased: "false",
  maxPerVendor: "2",
  minSimilarity: "0.1",
  diversity: "0.3",
  brandVoice: "warm",
  autoApprove: "never",
  webhookPayloadRetentionDays: "30",
  ...over,
});

afterAll(() => closeQueues());

describe("shop settings", () => {
  it("saves a valid form", async () => {
    const shop = await createTestShop();
    const result = await saveSettingsForm(shop.id, form());
    expect(result.ok).toBe(true);
    const saved = readSettings((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings);
    expect(saved.recommendations.retrainEveryMinutes).toBe(10);
  });

  it("refuses forged and out-of-range values field by field, saving nothing", async () => {
    const shop = await createTestShop();
    const result = await saveSettingsForm(
      shop.id,
      form({ retrainEveryMinutes: "0", diversity: "7", autoApprove: "everything", brandVoice: "x".repeat(501), webhookPayloadRetentionDays: "0" }),
    );
    expect(result.ok).toBe(false);
    expect(Object.keys(result.ok ? {} : result.errors).sort()).toEqual([
      "autoApprove",
      "brandVoice",
      "diversity",
      "retrainEveryMinutes",
      "webhookPayloadRetentionDays",
    ]);
    expect((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings).toBe("{}");
  });

  it("reads garbage stored settings as the defaults", () => {
    expect(readSettings("not json").recommendations.enabled).toBe(true);
    expect(readSettings('{"recommendations":{"maxPerVendor":"lots"}}').recommendations.maxPerVendor).toBe(2);
  });
});
