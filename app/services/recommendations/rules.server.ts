import { z } from "zod";
import { fieldErrors } from "../../lib/errors.server";
import { collectionSummaries, listCollections } from "../../models/collections.server";
import { productSummaries } from "../../models/products.server";
import { addGroupRule, addRule, deleteGroupRule, deleteRule, listGroupRules, listRules } from "../../models/recommendations.server";
import {
  COLLECTION_FIELD,
  collectionsNamed,
  describeGroupRule,
  GROUP_FIELD_WORDS,
  groupRuleDefinitionSchema,
  MAX_PRICE_RATIO,
  RANGE_FIELDS,
  readGroupRule,
  TEXT_FIELDS,
  type GroupMatcher,
  type GroupRuleDefinition,
} from "./group-rules";
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

// ---- rules by group

export interface GroupRuleView {
  id: string;
  /** The rule in words; a stored rule this version cannot read says so. */
  text: string;
  action: GroupRuleDefinition["action"] | "unreadable";
  /** The pinned product, for pins. */
  product: ProductCard | null;
  /** Why the rule matches nothing now: the collection it names is gone. */
  problem: string | null;
}

/** The shop's rules by group, oldest first, each in words. */
export async function getGroupRules(shopId: string): Promise<GroupRuleView[]> {
  const rows = await listGroupRules(shopId);
  const rules = rows.map((row) => ({ row, rule: readGroupRule(row) }));
  const [products, collections] = await Promise.all([
    describeProducts(
      shopId,
      rules.flatMap(({ rule }) => (rule?.action === "pin" ? [rule.productId] : [])),
    ),
    collectionSummaries(
      shopId,
      rules.flatMap(({ rule }) => (rule ? collectionsNamed(rule) : [])),
    ).then((list) => new Map(list.map((c) => [c.shopifyId, c]))),
  ]);
  // A tombstone of a collection deleted before it was ever synced has no title.
  const title = (id: string) => collections.get(id)?.title || undefined;
  return rules.map(({ row, rule }) => {
    if (!rule)
      return {
        id: row.id,
        text: "A rule this version of Aisle cannot read: it applies nowhere. Remove it and add it again.",
        action: "unreadable",
        product: null,
        problem: null,
      };
    const product = rule.action === "pin" ? products[rule.productId] : null;
    const gone = collectionsNamed(rule).filter((id) => !collections.get(id) || collections.get(id)!.deletedAt);
    const problem = gone.length
      ? `The collection ${gone.map((id) => (title(id) ? `“${title(id)}”` : id)).join(" and ")} no longer exists in Shopify: this rule matches no product. Remove it, or add it again with another collection.`
      : null;
    return { id: row.id, text: describeGroupRule(rule, product?.title, title), action: rule.action, product, problem };
  });
}

/** The shop's collections, for the rules form's choice. */
export function collectionChoices(shopId: string) {
  return listCollections(shopId);
}

type GroupFormField =
  | "ruleAction"
  | "whenField"
  | "whenValue"
  | "whenMin"
  | "whenMax"
  | "targetField"
  | "targetValue"
  | "targetMin"
  | "targetMax"
  | "productId"
  | "position"
  | "percent";
export type GroupRuleFormResult = { ok: true; text: string } | { ok: false; errors: Partial<Record<GroupFormField | "form", string>> };

const GROUP_ACTIONS = ["exclude", "pin", "price_cap"] as const;
/** Conditions on the page's product: no stock range (a rule for pages of products running out is not one merchants asked for). */
const WHEN_FIELDS = ["tag", "vendor", "productType", COLLECTION_FIELD, "price"] as const;
const TARGET_FIELDS = [...TEXT_FIELDS, COLLECTION_FIELD, ...RANGE_FIELDS] as const;

const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");

/** A number from the form: undefined when left empty, otherwise a finite number of 0 or more (a whole one for stock). */
function readNumber(raw: unknown, field: GroupFormField, unit: "price" | "stock", errors: Partial<Record<GroupFormField, string>>): number | undefined {
  const v = text(raw);
  if (v === "") return undefined;
  const n = Number(v.replace(",", "."));
  if (!Number.isFinite(n)) errors[field] = "Enter a number, e.g. 25";
  else if (n < 0) errors[field] = unit === "stock" ? "Enter a stock level of 0 or more" : "Enter a price of 0 or more";
  else if (unit === "stock" && !Number.isInteger(n)) errors[field] = "Enter a whole number of units";
  else return n;
  return undefined;
}

/** A group (tag, vendor, type, price or stock range) from the form's `<prefix>Field`, `<prefix>Value`, `<prefix>Min`, `<prefix>Max`. */
function readGroup(
  form: Record<string, unknown>,
  prefix: "when" | "target",
  fields: readonly string[],
  errors: Partial<Record<GroupFormField, string>>,
): GroupMatcher | undefined {
  const fieldKey = `${prefix}Field` as const;
  const field = text(form[fieldKey]);
  if (!fields.includes(field)) {
    errors[fieldKey] = `Choose one of: ${fields.map((f) => GROUP_FIELD_WORDS[f as keyof typeof GROUP_FIELD_WORDS]).join(", ")}`;
    return undefined;
  }
  if (field === "price" || field === "stock") {
    const minKey = `${prefix}Min` as const;
    const maxKey = `${prefix}Max` as const;
    const min = readNumber(form[minKey], minKey, field, errors);
    const max = readNumber(form[maxKey], maxKey, field, errors);
    if (errors[minKey] || errors[maxKey]) return undefined;
    if (min === undefined && max === undefined) {
      errors[minKey] = "Enter a minimum, a maximum or both";
      return undefined;
    }
    if (min !== undefined && max !== undefined && min > max) {
      errors[maxKey] = `The maximum is below the minimum (${min})`;
      return undefined;
    }
    return { field, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  const valueKey = `${prefix}Value` as const;
  const value = text(form[valueKey]);
  if (field === COLLECTION_FIELD) {
    // Whether the shop has it is checked after the fields (checkCollections).
    if (!/^\d{1,20}$/.test(value)) {
      errors[valueKey] = "Choose a collection from the list";
      return undefined;
    }
    return { field: COLLECTION_FIELD, value };
  }
  if (!value) {
    errors[valueKey] = field === "tag" ? "Enter a tag, e.g. gift-wrap" : field === "vendor" ? "Enter a vendor" : "Enter a product type";
    return undefined;
  }
  if (value.length > 255) {
    errors[valueKey] = "Enter at most 255 characters";
    return undefined;
  }
  return { field: field as (typeof TEXT_FIELDS)[number], value };
}

/**
 * Adds a rule by group from the rules form: field by field, with a message
 * on each field that is wrong, and nothing stored unless all of it is right.
 * A pinned product must be one of this shop's products.
 */
export async function addGroupRuleFromForm(shopId: string, form: Record<string, unknown>): Promise<GroupRuleFormResult> {
  const errors: Partial<Record<GroupFormField, string>> = {};
  const action = text(form.ruleAction);
  if (!(GROUP_ACTIONS as readonly string[]).includes(action)) return { ok: false, errors: { ruleAction: "Choose exclude, pin or price cap" } };

  const when = text(form.whenField) ? readGroup(form, "when", WHEN_FIELDS, errors) : null;
  let definition: GroupRuleDefinition | undefined;
  if (action === "exclude") {
    const target = readGroup(form, "target", TARGET_FIELDS, errors);
    if (target) definition = { action, when, target };
  } else if (action === "pin") {
    const id = productId.safeParse(form.productId ?? "");
    const position = Number(text(form.position));
    if (!id.success) errors.productId = id.error.issues[0].message;
    if (!Number.isInteger(position) || position < 1 || position > MAX_PIN_POSITION) errors.position = `Choose a position from 1 to ${MAX_PIN_POSITION}`;
    if (id.success && !errors.position) definition = { action, when, productId: id.data, position };
  } else {
    const raw = text(form.percent);
    const percent = Number(raw.replace(",", ".").replace(/%$/, ""));
    if (!raw) errors.percent = "Enter a percentage, e.g. 120 for up to 20% above the viewed product's price";
    else if (!Number.isFinite(percent)) errors.percent = "Enter a number, e.g. 120";
    else if (percent < 100) errors.percent = "Enter 100% or more: under 100% even products priced like the viewed one are left out";
    else if (percent > MAX_PRICE_RATIO * 100) errors.percent = `Enter at most ${MAX_PRICE_RATIO * 100}%`;
    else definition = { action: "price_cap", when, maxPriceRatio: percent / 100 };
  }
  if (Object.keys(errors).length || !definition) return { ok: false, errors };

  const collectionErrors = await checkCollections(shopId, definition);
  if (collectionErrors) return { ok: false, errors: collectionErrors };
  const collectionTitles = new Map((await collectionSummaries(shopId, collectionsNamed(definition))).map((c) => [c.shopifyId, c.title]));
  let title: string | undefined;
  if (definition.action === "pin") {
    const [product] = await productSummaries(shopId, [definition.productId]);
    if (!product || product.deletedAt)
      return { ok: false, errors: { productId: `This shop has no product ${definition.productId}. Choose one from the list.` } };
    title = product.title;
  }
  // What is stored is what serving reads back: the same schema checks both ways.
  const checked = groupRuleDefinitionSchema.safeParse(definition);
  if (!checked.success) return { ok: false, errors: { form: "This rule cannot be saved: check its fields" } };
  const json = JSON.stringify(checked.data);
  // The same rule twice would change nothing: it is kept once.
  if (!(await listGroupRules(shopId)).some((r) => r.definition === json)) await addGroupRule(shopId, json);
  return { ok: true, text: describeGroupRule(checked.data, title, (id) => collectionTitles.get(id)) };
}

/**
 * A rule may only name collections of this shop that still exist: an id of
 * another shop's collection, an unknown one or a deleted one (a stale page, a
 * hand-written request) gets a message on its field, and nothing is stored.
 */
async function checkCollections(shopId: string, definition: GroupRuleDefinition): Promise<Partial<Record<GroupFormField, string>> | null> {
  const named = collectionsNamed(definition);
  if (!named.length) return null;
  const held = new Map((await collectionSummaries(shopId, named)).map((c) => [c.shopifyId, c]));
  const errors: Partial<Record<GroupFormField, string>> = {};
  const check = (m: GroupMatcher | null | undefined, key: "whenValue" | "targetValue") => {
    if (m?.field !== COLLECTION_FIELD) return;
    const c = held.get(m.value);
    if (!c) errors[key] = `This shop has no collection ${m.value}. Choose one from the list.`;
    else if (c.deletedAt) errors[key] = `The collection ${c.title ? `“${c.title}”` : m.value} was deleted in Shopify. Choose another.`;
  };
  check(definition.when, "whenValue");
  if (definition.action === "exclude") check(definition.target, "targetValue");
  return Object.keys(errors).length ? errors : null;
}

export async function removeGroupRule(shopId: string, id: string) {
  await deleteGroupRule(shopId, id);
}
