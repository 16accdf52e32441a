// metafieldsSet / metafieldsDelete, validated the way Shopify validates them:
// atomically (one bad input and nothing is saved), with the value checked
// against its type, and reference types checked against existing resources.
// https://shopify.dev/docs/api/admin-graphql/2026-07/mutations/metafieldsSet
// https://shopify.dev/docs/apps/build/custom-data/metafields/list-of-data-types

import { createHash } from "node:crypto";
import { parseGid } from "../../gid.js";
import type { MetafieldRecord, ProductRecord } from "../../store.js";
import type { Args, FieldResolvers, RequestContext } from "../context.js";

export interface MetafieldsSetInput {
  ownerId: string;
  namespace?: string | null;
  key: string;
  value: string;
  type?: string | null;
  compareDigest?: string | null;
}

export interface MetafieldsSetUserError {
  field: string[] | null;
  message: string;
  code: string | null;
  elementIndex: number | null;
}

const MAX_INPUTS = 25;

const SCALAR_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "rich_text_field",
  "json",
  "boolean",
  "number_integer",
  "number_decimal",
  "date",
  "date_time",
  "url",
  "color",
  "money",
  "rating",
  "dimension",
  "weight",
  "volume",
  "link",
  "id",
  "product_reference",
  "variant_reference",
  "collection_reference",
  "file_reference",
  "page_reference",
  "metaobject_reference",
  "mixed_reference",
  "customer_reference",
  "company_reference",
]);

export function isKnownMetafieldType(type: string): boolean {
  return SCALAR_TYPES.has(type.startsWith("list.") ? type.slice(5) : type);
}

/** Shopify expands `$app` to the app's reserved namespace; a missing namespace means that namespace. */
export function resolveNamespace(namespace: string | null | undefined, appId: number): string {
  const reserved = `app--${appId}`;
  if (!namespace) return reserved;
  if (namespace === "$app") return reserved;
  if (namespace.startsWith("$app:")) return `${reserved}--${namespace.slice(5)}`;
  return namespace;
}

export interface ValidatedMetafield {
  product: ProductRecord;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

export interface MetafieldProblem {
  /** The input field at fault (namespace, key, type, value, compareDigest). */
  name: string;
  message: string;
  code: string;
}

/**
 * Checks one metafield for an owner (null: a product being created, which
 * has none yet). Returns the resolved namespace/type or the problem.
 */
export function checkMetafield(
  input: Omit<MetafieldsSetInput, "ownerId">,
  owner: ProductRecord | null,
  ctx: RequestContext,
): { problem: MetafieldProblem } | { problem: null; namespace: string; key: string; type: string; value: string } {
  const fail = (name: string, message: string, code: string) => ({ problem: { name, message, code } });
  const namespace = resolveNamespace(input.namespace, ctx.shop.app.appId);
  if (namespace.length < 3) return fail("namespace", "Namespace is too short (minimum is 3 characters)", "TOO_SHORT");
  if (namespace.length > 255) return fail("namespace", "Namespace is too long (maximum is 255 characters)", "TOO_LONG");
  if (!/^[A-Za-z0-9_-]+$/.test(namespace)) return fail("namespace", "Namespace contains one or more invalid characters.", "INVALID_VALUE");
  if (input.key.length < 2) return fail("key", "Key is too short (minimum is 2 characters)", "TOO_SHORT");
  if (input.key.length > 64) return fail("key", "Key is too long (maximum is 64 characters)", "TOO_LONG");
  if (!/^[A-Za-z0-9_-]+$/.test(input.key)) return fail("key", "Key contains one or more invalid characters.", "INVALID_VALUE");

  const existing = owner?.metafields.find((m) => m.namespace === namespace && m.key === input.key);
  const type = input.type || existing?.type;
  if (!type) return fail("type", "Type can't be blank", "BLANK");
  if (!isKnownMetafieldType(type)) return fail("type", `Type '${type}' is not a valid type.`, "INVALID_TYPE");
  if (input.compareDigest && existing && digest(existing) !== input.compareDigest) {
    return fail("compareDigest", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", "STALE_OBJECT");
  }
  if (input.compareDigest && !existing) {
    return fail("compareDigest", "The compareDigest is invalid: the metafield does not exist.", "INVALID_COMPARE_DIGEST");
  }
  const problem = valueProblem(type, input.value, ctx);
  if (problem) return fail("value", problem, "INVALID_VALUE");
  return { problem: null, namespace, key: input.key, type, value: input.value };
}

export function validateMetafieldsSet(
  inputs: readonly MetafieldsSetInput[],
  ctx: RequestContext,
): { errors: MetafieldsSetUserError[]; valid: ValidatedMetafield[] } {
  const errors: MetafieldsSetUserError[] = [];
  const valid: ValidatedMetafield[] = [];
  if (inputs.length > MAX_INPUTS) {
    errors.push({
      field: ["metafields"],
      message: `Exceeded the maximum metafields input limit of ${MAX_INPUTS}.`,
      code: "LESS_THAN_OR_EQUAL_TO",
      elementIndex: null,
    });
    return { errors, valid };
  }
  inputs.forEach((input, i) => {
    const fail = (name: string, message: string, code: string) => errors.push({ field: ["metafields", String(i), name], message, code, elementIndex: i });
    const owner = parseGid(input.ownerId);
    if (!owner) return fail("ownerId", `Invalid global id '${input.ownerId}'`, "INVALID_VALUE");
    if (owner.type !== "Product") {
      return fail("ownerId", `The local Shopify keeps metafields on products only, not on ${owner.type}.`, "INVALID_VALUE");
    }
    const product = ctx.shop.store.product(owner.id);
    if (!product) return fail("ownerId", "Owner does not exist.", "INVALID_VALUE");
    const checked = checkMetafield(input, product, ctx);
    if (checked.problem) return fail(checked.problem.name, checked.problem.message, checked.problem.code);
    valid.push({ product, namespace: checked.namespace, key: checked.key, type: checked.type, value: checked.value });
  });
  return { errors, valid: errors.length ? [] : valid };
}

function digest(m: MetafieldRecord): string {
  return createHash("sha256").update(m.value).digest("hex");
}

/** Why `value` is not a valid `type` value, or null when it is. */
function valueProblem(type: string, value: string, ctx: RequestContext): string | null {
  if (type.startsWith("list.")) {
    let items: unknown;
    try {
      items = JSON.parse(value);
    } catch {
      return `Value is invalid JSON: a ${type} value must be a JSON array.`;
    }
    if (!Array.isArray(items)) return `Value must be a JSON array for type ${type}.`;
    const itemType = type.slice(5);
    for (const [i, item] of items.entries()) {
      const text = typeof item === "string" ? item : JSON.stringify(item);
      const p = scalarProblem(itemType, text, ctx);
      if (p) return `Value at index ${i} is invalid: ${p}`;
    }
    return null;
  }
  if (value === "") return "Value can't be blank.";
  return scalarProblem(type, value, ctx);
}

function scalarProblem(type: string, value: string, ctx: RequestContext): string | null {
  switch (type) {
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line of text." : null;
    case "json":
    case "rich_text_field":
    case "money":
    case "rating":
    case "dimension":
    case "weight":
    case "volume":
    case "link":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value is invalid JSON.";
      }
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal number.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be a date in ISO 8601 format (YYYY-MM-DD).";
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? "Value must be a date and time in ISO 8601 format." : null;
    case "url":
      try {
        new URL(value);
        return null;
      } catch {
        return "Value must be a valid URL.";
      }
    case "color":
      return /^#[0-9A-Fa-f]{6}$/.test(value) ? null : "Value must be a hex colour code (#RRGGBB).";
    case "product_reference": {
      const ref = parseGid(value);
      if (!ref || ref.type !== "Product") return `Value must be a Product global id, got '${value}'.`;
      return ctx.shop.store.product(ref.id) ? null : `Value references a product that does not exist: ${value}.`;
    }
    case "variant_reference": {
      const ref = parseGid(value);
      if (!ref || ref.type !== "ProductVariant") return `Value must be a ProductVariant global id, got '${value}'.`;
      return ctx.shop.store.variant(ref.id) ? null : `Value references a product variant that does not exist: ${value}.`;
    }
    case "file_reference": {
      const ref = parseGid(value);
      if (!ref || ref.type !== "MediaImage") return `Value must be a file global id, got '${value}'.`;
      return ctx.shop.store.mediaImage(ref.id) ? null : `Value references a file that does not exist: ${value}.`;
    }
    default:
      // Other reference types point at resources the local Shopify does not keep: accept any gid.
      if (type.endsWith("_reference")) return parseGid(value) ? null : `Value must be a global id, got '${value}'.`;
      return null;
  }
}

export const metafieldMutations: FieldResolvers<unknown> = {
  metafieldsSet: (_s, args: Args, ctx) => {
    const inputs = args.metafields as MetafieldsSetInput[];
    const { errors, valid } = validateMetafieldsSet(inputs, ctx);
    if (errors.length) return { metafields: null, userErrors: errors };
    return { metafields: ctx.shop.setMetafields(valid), userErrors: [] };
  },

  metafieldsDelete: (_s, args: Args, ctx) => {
    const inputs = args.metafields as { ownerId: string; namespace: string; key: string }[];
    const userErrors: { field: string[]; message: string }[] = [];
    const deleted = inputs.map((input, i) => {
      const owner = parseGid(input.ownerId);
      const product = owner?.type === "Product" ? ctx.shop.store.product(owner.id) : undefined;
      if (!product) {
        userErrors.push({ field: ["metafields", String(i), "ownerId"], message: "Owner does not exist." });
        return null;
      }
      const namespace = resolveNamespace(input.namespace, ctx.shop.app.appId);
      return ctx.shop.deleteMetafield(product, namespace, input.key) ? { ownerId: input.ownerId, namespace: input.namespace, key: input.key } : null;
    });
    return { deletedMetafields: deleted, userErrors };
  },
};
