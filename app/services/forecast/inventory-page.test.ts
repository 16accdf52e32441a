import prisma from "../../db.server";
import { createTestShop } from "../../../test/helpers/shops";
import { replaceVariantForecasts } from "../../models/forecasts.server";
import { closeQueues } from "../../queues/connection.server";
import { readSettings } from "../settings.server";
import {
  markPurchaseOrderOrdered,
  parseVendorLeadTimes,
  purchaseOrderCsv,
  purchaseOrderFromForm,
  saveReplenishmentSettings,
  saveVariantOverride,
} from "./inventory-page.server";

afterAll(async () => {
  await closeQueues();
});

const form = (fields: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of fields) f.append(k, v);
  return f;
};

async function shopWithSuggestion(title = "Mug") {
  const shop = await createTestShop();
  await replaceVariantForecasts(shop.id, [
    {
      variantShopifyId: "9714000000001",
      productShopifyId: "9714000000000",
      title,
      sku: '=HYPERLINK("x")',
      vendor: "Acme",
      method: "ses",
      demandClass: "smooth",
      backtestWape: 0.2,
      series: "{}",
      plan: JSON.stringify({ unitCost: 2.5 }),
      state: "ok",
      atRisk: true,
      deadStock: false,
      revenueAtRisk: 10,
      suggestedQuantity: 24,
    },
  ]);
  return shop;
}

describe("the Inventory page's inputs", () => {
  it("saves settings and refuses out-of-range or malformed values with a message per field", async () => {
    const shop = await createTestShop();
    const ok = await saveReplenishmentSettings(
      { id: shop.id, settings: "{}" },
      {
        serviceLevel: "97.5",
        reviewPeriodDays: "14",
        deadStockDays: "120",
        defaultLeadTimeDays: "0",
        vendorLeadTimes: "Acme: 21\nBrill = 365 days\n",
      },
    );
    expect(ok.ok).toBe(true);
    const saved = readSettings((await prisma.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings).replenishment;
    expect(saved).toEqual({ serviceLevel: 0.975, reviewPeriodDays: 14, deadStockDays: 120, defaultLeadTimeDays: 0, vendorLeadTimes: { Acme: 21, Brill: 365 } });
    const bad = await saveReplenishmentSettings(
      { id: shop.id, settings: "{}" },
      {
        serviceLevel: "120",
        reviewPeriodDays: "0",
        deadStockDays: "x",
        defaultLeadTimeDays: "400",
        vendorLeadTimes: "",
      },
    );
    expect(bad.ok).toBe(false);
    expect(Object.keys(bad.ok ? {} : bad.errors).sort()).toEqual(["deadStockDays", "defaultLeadTimeDays", "reviewPeriodDays", "serviceLevel"]);
    expect(parseVendorLeadTimes("Acme: 400")).toMatchObject({ ok: false });
    expect(parseVendorLeadTimes("no days here")).toMatchObject({ ok: false, error: expect.stringContaining("Line 1") });
  });

  it("exports the edited order as CSV, with spreadsheet formulas neutralised", async () => {
    const shop = await shopWithSuggestion('Mug, "large"');
    const parsed = purchaseOrderFromForm(
      form([
        ["vendor", "Acme"],
        ["variant", "9714000000001"],
        ["quantity", "30"],
      ]),
    );
    expect(parsed.success).toBe(true);
    const csv = await purchaseOrderCsv(shop.id, parsed.data!);
    expect(csv).toBe('Vendor,SKU,Product,Quantity,Unit cost,Line cost\r\nAcme,"\'=HYPERLINK(""x"")","Mug, ""large""",30,2.50,75.00\r\n');
  });

  it("refuses hostile purchase orders: negative or fractional quantities, variants without a suggestion or of another shop", async () => {
    const shop = await shopWithSuggestion();
    const other = await shopWithSuggestion();
    expect(
      purchaseOrderFromForm(
        form([
          ["vendor", "Acme"],
          ["variant", "9714000000001"],
          ["quantity", "-5"],
        ]),
      ).success,
    ).toBe(false);
    expect(
      purchaseOrderFromForm(
        form([
          ["vendor", "Acme"],
          ["variant", "9714000000001"],
          ["quantity", "1.5"],
        ]),
      ).success,
    ).toBe(false);
    expect(
      purchaseOrderFromForm(
        form([
          ["vendor", "Acme"],
          ["variant", "../../etc"],
          ["quantity", "1"],
        ]),
      ).success,
    ).toBe(false);
    expect(purchaseOrderFromForm(form([["vendor", ""]])).success).toBe(false);
    const unknown = purchaseOrderFromForm(
      form([
        ["vendor", "Acme"],
        ["variant", "9714000000999"],
        ["quantity", "1"],
      ]),
    );
    await expect(purchaseOrderCsv(shop.id, unknown.data!)).rejects.toThrow(/no suggestion/);
    const zero = purchaseOrderFromForm(
      form([
        ["vendor", "Acme"],
        ["variant", "9714000000001"],
        ["quantity", "0"],
      ]),
    );
    expect(await markPurchaseOrderOrdered(shop.id, zero.data!)).toMatchObject({ ok: false });
    const good = purchaseOrderFromForm(
      form([
        ["vendor", "Acme"],
        ["variant", "9714000000001"],
        ["quantity", "24"],
      ]),
    );
    expect(await markPurchaseOrderOrdered(shop.id, good.data!)).toMatchObject({ ok: true });
    expect(await prisma.purchaseOrder.count({ where: { shopId: shop.id, status: "ordered" } })).toBe(1);
    expect(await prisma.purchaseOrder.count({ where: { shopId: other.id } })).toBe(0);
  });

  it("saves a variant's own lead time, minimum order and pack size; refuses bad ones", async () => {
    const shop = await shopWithSuggestion();
    expect(await saveVariantOverride(shop.id, { variant: "9714000000001", leadTimeDays: "0", minOrderQuantity: "12", packSize: "6" })).toEqual({ ok: true });
    expect(
      await prisma.variantReplenishment.findFirst({ where: { shopId: shop.id }, select: { leadTimeDays: true, minOrderQuantity: true, packSize: true } }),
    ).toEqual({ leadTimeDays: 0, minOrderQuantity: 12, packSize: 6 });
    expect(await saveVariantOverride(shop.id, { variant: "9714000000001", leadTimeDays: "", minOrderQuantity: "1", packSize: "1" })).toEqual({ ok: true });
    expect((await saveVariantOverride(shop.id, { variant: "9714000000001", leadTimeDays: "366", minOrderQuantity: "0", packSize: "-1" })).ok).toBe(false);
    expect(await saveVariantOverride(shop.id, { variant: "9714000000777", leadTimeDays: "3", minOrderQuantity: "1", packSize: "1" })).toMatchObject({
      ok: false,
      errors: { variant: expect.any(String) },
    });
  });
});
