import { z } from "zod";
import { legacyId } from "../../models/records";
import type { WebhookTopic } from "./topics";

// The HMAC covers the body only: the X-Shopify-Shop-Domain and
// X-Shopify-Topic headers could be rewritten on a captured delivery. Where a
// body names its shop, that name is the signed one and must agree with the
// header; and each of these bodies must have its own topic's shape, so one
// topic's body replayed to another topic's route is refused.
// Payloads: https://shopify.dev/docs/apps/build/privacy-law-compliance

const shopifyId = z.union([z.number().int(), z.string().min(1)]).transform((v) => legacyId(v));
const domain = z.string().min(1);

const CLAIMS: Partial<Record<WebhookTopic, z.ZodType<{ domain: string; shopifyId: string }, z.ZodTypeDef, unknown>>> = {
  // The Shop resource (REST): `domain` may be a custom domain, `myshopify_domain` is the permanent one.
  "app/uninstalled": z.object({ id: shopifyId, myshopify_domain: domain }).transform((s) => ({ domain: s.myshopify_domain, shopifyId: s.id })),
  // Shopify sends just shop_id and shop_domain; a customers/* body (replayed
  // here to erase a whole shop) carries its customer as well.
  "shop/redact": z
    .object({ shop_id: shopifyId, shop_domain: domain, customer: z.undefined(), orders_to_redact: z.undefined(), data_request: z.undefined() })
    .transform((s) => ({ domain: s.shop_domain, shopifyId: s.shop_id })),
  // The customer may come with its email only (no id).
  "customers/redact": z
    .object({
      shop_id: shopifyId,
      shop_domain: domain,
      customer: z.object({}).passthrough(),
      orders_to_redact: z.array(z.unknown()),
      data_request: z.undefined(),
    })
    .transform((s) => ({ domain: s.shop_domain, shopifyId: s.shop_id })),
  "customers/data_request": z
    .object({
      shop_id: shopifyId,
      shop_domain: domain,
      customer: z.object({}).passthrough(),
      orders_requested: z.array(z.unknown()),
      data_request: z.object({ id: shopifyId }),
    })
    .transform((s) => ({ domain: s.shop_domain, shopifyId: s.shop_id })),
};

export type ShopClaimCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether a signed body agrees with the shop its headers name. `knownShopifyId`
 * is the shop id learned from the Admin API at install, when there is one.
 */
export function checkShopClaim(topic: WebhookTopic, payload: unknown, headerDomain: string, knownShopifyId: string | null): ShopClaimCheck {
  const schema = CLAIMS[topic];
  if (!schema) return { ok: true };
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { ok: false, reason: `body is not a ${topic} payload` };
  if (parsed.data.domain.toLowerCase() !== headerDomain.toLowerCase()) return { ok: false, reason: "body names another shop than X-Shopify-Shop-Domain" };
  if (knownShopifyId && parsed.data.shopifyId !== knownShopifyId) return { ok: false, reason: "body names another shop id than this shop's" };
  return { ok: true };
}
