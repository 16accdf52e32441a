// Aisle's cart attributes: what the tracking embed writes into the cart, and
// what the app trusts when an order carries them back. docs/decisions/0015.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Cart attribute names. A leading underscore hides them at checkout (Shopify's convention). */
export const CART_ATTRIBUTES = { visitor: "_aisle_vid", signature: "_aisle_sig", arms: "_aisle_arm" } as const;

const VISITOR = /^[A-Za-z0-9_-]{8,64}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{22}$/;
// "<experiment id>:<A|B>", comma-separated, a few at most.
const ARMS = /^[A-Za-z0-9_-]{1,40}:[AB](?:,[A-Za-z0-9_-]{1,40}:[AB]){0,7}$/;

export interface CartAttribution {
  vid: string;
  sig: string;
  arm: string | null;
}

/**
 * Aisle's attributes from an order's custom attributes (webhook
 * `note_attributes` [{name, value}], GraphQL `customAttributes` [{key,
 * value}]), as JSON for the order row; null when there are none or they are
 * not well formed. Anything else in the cart is not Aisle's and is not kept.
 */
export function cartAttributionFrom(pairs: readonly { name?: unknown; key?: unknown; value?: unknown }[] | null | undefined): string | null {
  if (!Array.isArray(pairs)) return null;
  const get = (name: string) => {
    const found = pairs.find((p) => p && (p.name ?? p.key) === name);
    return typeof found?.value === "string" ? found.value.trim() : null;
  };
  const vid = get(CART_ATTRIBUTES.visitor);
  const sig = get(CART_ATTRIBUTES.signature);
  if (!vid || !sig || !VISITOR.test(vid) || !SIGNATURE.test(sig)) return null;
  const arm = get(CART_ATTRIBUTES.arms);
  return JSON.stringify({ vid, sig, arm: arm && ARMS.test(arm) ? arm : null } satisfies CartAttribution);
}

/**
 * The signature the app proxy hands the embed for its visitor id: bound to
 * the shop, so an id (with its signature) copied from another shop's cart,
 * or one made up, is not trusted.
 */
export function visitorSignature(secret: string, shopDomain: string, visitorId: string): string {
  return createHmac("sha256", secret).update(`aisle-visitor:${shopDomain}:${visitorId}`).digest("base64url").slice(0, 22);
}

export interface TrustedVisitor {
  visitorId: string;
  /** Arms of A/B tests that still exist and that this visitor really was in. */
  arms: { experimentId: string; arm: "A" | "B" }[];
}

/**
 * The visitor an order's stored cart attribution names, when its signature
 * holds for this shop; null otherwise (garbage, forged, another shop's). An
 * arm is kept only for a test that still exists and only when it is the arm
 * the visitor id is assigned to (`assignArm`): a forged arm is dropped.
 */
export function trustedVisitor(
  stored: string | null,
  options: {
    secret: string;
    shopDomain: string;
    experiments: ReadonlyMap<string, { splitB: number }>;
    assignArm: (experimentId: string, visitorId: string, splitB: number) => "A" | "B";
  },
): TrustedVisitor | null {
  if (!stored) return null;
  let parsed: Partial<CartAttribution>;
  try {
    parsed = JSON.parse(stored) as Partial<CartAttribution>;
  } catch {
    return null;
  }
  if (typeof parsed.vid !== "string" || typeof parsed.sig !== "string" || !VISITOR.test(parsed.vid) || !SIGNATURE.test(parsed.sig)) return null;
  const expected = Buffer.from(visitorSignature(options.secret, options.shopDomain, parsed.vid));
  const given = Buffer.from(parsed.sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const arms: TrustedVisitor["arms"] = [];
  if (typeof parsed.arm === "string" && ARMS.test(parsed.arm)) {
    for (const pair of parsed.arm.split(",")) {
      const [experimentId, arm] = pair.split(":") as [string, "A" | "B"];
      const experiment = options.experiments.get(experimentId);
      if (experiment && options.assignArm(experimentId, parsed.vid, experiment.splitB) === arm) arms.push({ experimentId, arm });
    }
  }
  return { visitorId: parsed.vid, arms };
}
