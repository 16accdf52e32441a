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

  it("leaves variety to training when the form says automatic, and keeps a value the merchant set", async () => {
    const shop = await createTestShop();
    const read = async () => readSettings((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings).recommendations.diversity;
    expect(readSettings("{}").recommendations.diversity).toBeNull();
    expect((await saveSettingsForm(shop.id, form({ diversity: "auto" }))).ok).toBe(true);
    expect(await read()).toBeNull();
    expect((await saveSettingsForm(shop.id, form({ diversity: "0.45" }))).ok).toBe(true);
    expect(await read()).toBe(0.45);
    expect((await saveSettingsForm(shop.id, form({ diversity: "" }))).ok).toBe(true);
    expect(await read()).toBeNull();
    expect((await saveSettingsForm(shop.id, form({ diversity: "automatic; drop table" }))).ok).toBe(false);
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

  it("reads the shop-wide strategy kept before page types as kept on every page type", () => {
    const old = readSettings('{"recommendations":{"keptStrategy":"similar","maxPerVendor":3}}').recommendations;
    expect(old.keptStrategies).toEqual({ product: "similar", cart: "similar", home: "similar" });
    expect(old.maxPerVendor).toBe(3);
    expect(old).not.toHaveProperty("keptStrategy");
    // Per page type already: the old field does not override it.
    const both = readSettings('{"recommendations":{"keptStrategy":"similar","keptStrategies":{"cart":"trending"}}}').recommendations;
    expect(both.keptStrategies).toEqual({ product: "auto", cart: "trending", home: "auto" });
    // A garbage old value falls back to the default, without losing the other settings.
    const garbage = readSettings('{"recommendations":{"keptStrategy":"magic","maxPerVendor":5}}').recommendations;
    expect(garbage.keptStrategies).toEqual({ product: "auto", cart: "auto", home: "auto" });
    expect(garbage.maxPerVendor).toBe(5);
    expect(readSettings("{}").recommendations.keptStrategies).toEqual({ product: "auto", cart: "auto", home: "auto" });
  });

  it("keeps the strategies A/B tests kept when the settings form is saved", async () => {
    const shop = await createTestShop();
    await prisma.shop.update({ where: { id: shop.id }, data: { settings: '{"recommendations":{"keptStrategy":"trending"}}' } });
    expect((await saveSettingsForm(shop.id, form())).ok).toBe(true);
    const saved = readSettings((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings);
    expect(saved.recommendations.keptStrategies).toEqual({ product: "trending", cart: "trending", home: "trending" });
  });
});
