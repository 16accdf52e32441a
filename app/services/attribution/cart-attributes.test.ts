import { assignArm } from "../recommendations/experiments/stats";
import { cartAttributionFrom, trustedVisitor, visitorSignature } from "./cart-attributes";

const SECRET = "app-secret";
const SHOP = "shop-a.myshopify.com";
const VID = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";
const experiments = new Map([["exp1", { splitB: 50 }]]);
const realArm = assignArm("exp1", VID, 50);
const forgedArm = realArm === "A" ? "B" : "A";
const options = { secret: SECRET, shopDomain: SHOP, experiments, assignArm };
const attrs = (vid: string, sig: string, arm?: string) => [
  { name: "_aisle_vid", value: vid },
  { name: "_aisle_sig", value: sig },
  ...(arm ? [{ name: "_aisle_arm", value: arm }] : []),
  { name: "gift_note", value: "Happy birthday" },
];

describe("cart attributes an order carries", () => {
  it("keeps only Aisle's attributes, shape-checked, from webhook or GraphQL pairs", () => {
    const sig = visitorSignature(SECRET, SHOP, VID);
    expect(JSON.parse(cartAttributionFrom(attrs(VID, sig, `exp1:${realArm}`))!)).toEqual({ vid: VID, sig, arm: `exp1:${realArm}` });
    expect(
      JSON.parse(
        cartAttributionFrom([
          { key: "_aisle_vid", value: VID },
          { key: "_aisle_sig", value: sig },
        ])!,
      ),
    ).toEqual({ vid: VID, sig, arm: null });
  });

  it("drops garbage: missing, oversized, wrong types, script, not an array", () => {
    const sig = visitorSignature(SECRET, SHOP, VID);
    expect(cartAttributionFrom(null)).toBeNull();
    expect(cartAttributionFrom("nope" as never)).toBeNull();
    expect(cartAttributionFrom([{ name: "_aisle_vid", value: VID }])).toBeNull();
    expect(cartAttributionFrom(attrs("<script>alert(1)</script>", sig))).toBeNull();
    expect(cartAttributionFrom(attrs("x".repeat(500), sig))).toBeNull();
    expect(
      cartAttributionFrom([
        { name: "_aisle_vid", value: 12345678 },
        { name: "_aisle_sig", value: sig },
      ]),
    ).toBeNull();
    expect(JSON.parse(cartAttributionFrom(attrs(VID, sig, "exp1:C;DROP TABLE"))!).arm).toBeNull();
  });

  it("trusts a visitor only with this shop's signature", () => {
    const stored = cartAttributionFrom(attrs(VID, visitorSignature(SECRET, SHOP, VID)));
    expect(trustedVisitor(stored, options)).toEqual({ visitorId: VID, arms: [] });
    // The same id and signature in another shop's order, a made-up signature, another app's secret.
    expect(trustedVisitor(stored, { ...options, shopDomain: "shop-b.myshopify.com" })).toBeNull();
    expect(trustedVisitor(cartAttributionFrom(attrs(VID, "A".repeat(22))), options)).toBeNull();
    expect(trustedVisitor(cartAttributionFrom(attrs(VID, visitorSignature("other", SHOP, VID))), options)).toBeNull();
    expect(trustedVisitor("{not json", options)).toBeNull();
    expect(trustedVisitor(null, options)).toBeNull();
  });

  it("keeps the arm the visitor was assigned, and drops forged arms and arms of tests that no longer exist", () => {
    const sig = visitorSignature(SECRET, SHOP, VID);
    expect(trustedVisitor(cartAttributionFrom(attrs(VID, sig, `exp1:${realArm}`)), options)!.arms).toEqual([{ experimentId: "exp1", arm: realArm }]);
    expect(trustedVisitor(cartAttributionFrom(attrs(VID, sig, `exp1:${forgedArm}`)), options)!.arms).toEqual([]);
    const gone = trustedVisitor(cartAttributionFrom(attrs(VID, sig, `deleted-test:A`)), options);
    expect(gone).toEqual({ visitorId: VID, arms: [] });
  });
});
