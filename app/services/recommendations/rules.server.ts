import { z } from "zod";
import { fieldErrors } from "../../lib/errors.server";
import { productSummaries } from "../../models/products.server";
import { addRule, deleteRule, listRules } from "../../models/recommendations.server";
import { MAX_PIN_POSITION } from "./labels";
import { describeProducts, type ProductCard } from "./products.server";

export interface RuleView {
  id: string;
  product: ProductCard;
  /** null: everywhere; otherwise only on this product's page. */
  anchor: ProductCard | null;
  position: number;
}

/** The shop's pins and exclusions with the products they name. */
export async function getRules(shopId: string) {
  const rules = await listRules(shopId);
  const products = await describeProducts(
    shopId,
    rules.flatMap((r) => (r.anchorShopifyId ? [r.productShopifyId, r.anchorShopifyId] : [r.productShopifyId])),
  );
  const view = (r: (typeof rules)[number]): RuleView => ({
    id: r.id,
    product: products[r.productShopifyId],
    anchor: r.anchorShopifyId ? products[r.anchorShopifyId] : null,
    position: r.position,
  });
  return { pins: rules.filter((r) => r.kind === "pin").map(view), exclusions: rules.filter((r) => r.kind === "exclude").map(view) };
}

const productId = z
  .string()
  .trim()
  .min(1, "Choose a product")
  .regex(/^\d{1,20}$/, "Choose a product from the list");

export const ruleFormSchema = z
  .object({
    kind: z.enum(["pin", "exclude"], { errorMap: () => ({ message: "Choose pin or exclude" }) }),
    productId,
    anchorId: z
      .string()
      .trim()
      .regex(/^(\d{1,20})?$/, "Choose a product from the list")
      .optional()
      .transform((v) => v || null),
    position: z.string().optional(),
  })
  .transform((v, ctx) => {
    if (v.kind === "exclude") return { ...v, position: 0 };
    const position = Number(v.position);
    if (!Number.isInteger(position) || position < 1 || position > MAX_PIN_POSITION) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["position"], message: `Choose a position from 1 to ${MAX_PIN_POSITION}` });
      return z.NEVER;
    }
    return { ...v, position };
  });

export type RuleFormResult =
  { ok: true; kind: "pin" | "exclude" } | { ok: false; errors: Partial<Record<"kind" | "productId" | "anchorId" | "position", string>> };

/**
 * Adds a pin or an exclusion from the rules form. Product ids must name
 * products of this shop: a stale page or a hand-written request gets a
 * message on the field, and nothing is stored.
 */
export async function addRuleFromForm(shopId: string, form: Record<string, unknown>): Promise<RuleFormResult> {
  const parsed = ruleFormSchema.safeParse(form);
  if (!parsed.success) {
    return { ok: false, errors: fieldErrors(parsed.error.issues) };
  }
  const rule = parsed.data;
  if (rule.anchorId && rule.anchorId === rule.productId) {
    return { ok: false, errors: { anchorId: "A product is never recommended on its own page: choose another page, or leave this empty" } };
  }
  const known = new Map((await productSummaries(shopId, rule.anchorId ? [rule.productId, rule.anchorId] : [rule.productId])).map((p) => [p.shopifyId, p]));
  const errors: Partial<Record<"productId" | "anchorId", string>> = {};
  const product = known.get(rule.productId);
  if (!product || product.deletedAt) errors.productId = `This shop has no product ${rule.productId}. Choose one from the list.`;
  const anchor = rule.anchorId ? known.get(rule.anchorId) : undefined;
  if (rule.anchorId && (!anchor || anchor.deletedAt)) errors.anchorId = `This shop has no product ${rule.anchorId}. Choose one from the list.`;
  if (errors.productId || errors.anchorId) return { ok: false, errors };
  await addRule(shopId, { kind: rule.kind, anchorShopifyId: rule.anchorId, productShopifyId: rule.productId, position: rule.position });
  return { ok: true, kind: rule.kind };
}

export async function removeRule(shopId: string, id: string) {
  await deleteRule(shopId, id);
}
