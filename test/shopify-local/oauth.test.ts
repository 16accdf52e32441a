import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ID_TOKEN_TYPE, mintSessionToken, OFFLINE_TOKEN_TYPE, oauthQueryHmac, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT, verifySessionToken } from "./oauth.js";
import { startLocalShopify, type LocalShopify } from "./server.js";
import type { LocalShop } from "./shop.js";
import { adminClient } from "./testing.js";

const API_KEY = "oauth-key";
const API_SECRET = "oauth-secret";
const APP_URL = "http://127.0.0.1:3999";

describe("session tokens", () => {
  it("are HS256 JWTs with Shopify's claims, signed with the app secret", () => {
    const token = mintSessionToken("jwt.myshopify.com", { apiKey: API_KEY, apiSecret: API_SECRET, userId: 42 });
    const verified = verifySessionToken(token, { apiKey: API_KEY, apiSecret: API_SECRET });
    expect(verified).toMatchObject({
      shop: "jwt.myshopify.com",
      claims: { iss: "https://jwt.myshopify.com/admin", dest: "https://jwt.myshopify.com", aud: API_KEY, sub: "42" },
    });
  });

  it("are refused when forged, expired or for another app", () => {
    const token = mintSessionToken("jwt.myshopify.com", { apiKey: API_KEY, apiSecret: API_SECRET });
    expect(verifySessionToken(token, { apiKey: API_KEY, apiSecret: "other" })).toEqual({ error: "the subject token's signature is invalid" });
    expect(verifySessionToken(token, { apiKey: "other-app", apiSecret: API_SECRET })).toEqual({ error: "the subject token was issued for another app" });
    const old = mintSessionToken("jwt.myshopify.com", { apiKey: API_KEY, apiSecret: API_SECRET, now: Math.floor(Date.now() / 1000) - 3600 });
    expect(verifySessionToken(old, { apiKey: API_KEY, apiSecret: API_SECRET })).toEqual({ error: "the subject token has expired" });
  });
});

describe("OAuth endpoints", () => {
  let shopify: LocalShopify;
  let shop: LocalShop;

  const accessToken = (body: Record<string, unknown>) =>
    fetch(`${shopify.origin}/admin/oauth/access_token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  beforeAll(async () => {
    shopify = await startLocalShopify({ apiKey: API_KEY, apiSecret: API_SECRET, appUrl: APP_URL });
    shop = await shopify.createShop("oauth.myshopify.com", { seed: "tiny", storefront: false });
  });
  afterAll(() => shopify.close());

  it("exchanges a session token for an offline access token that the Admin API accepts", async () => {
    const res = await accessToken({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: shop.mintSessionToken(),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: OFFLINE_TOKEN_TYPE,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; scope: string };
    expect(body.scope).toBe(shop.app.scopes.join(","));
    const query = adminClient(shopify.origin, body.access_token);
    expect((await query<{ shop: { myshopifyDomain: string } }>(`{ shop { myshopifyDomain } }`)).body.data?.shop.myshopifyDomain).toBe("oauth.myshopify.com");
  });

  it("answers an online token with expiry and the staff member", async () => {
    const res = await accessToken({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: shop.mintSessionToken({ userId: 7 }),
      subject_token_type: ID_TOKEN_TYPE,
      requested_token_type: ONLINE_TOKEN_TYPE,
    });
    expect(await res.json()).toMatchObject({ access_token: expect.stringMatching(/^shpua_/), expires_in: 86399, associated_user: { id: 7 } });
  });

  it("refuses bad client credentials and bad subject tokens", async () => {
    const base = { grant_type: TOKEN_EXCHANGE_GRANT, subject_token_type: ID_TOKEN_TYPE, requested_token_type: OFFLINE_TOKEN_TYPE };
    const wrongClient = await accessToken({ ...base, client_id: API_KEY, client_secret: "nope", subject_token: shop.mintSessionToken() });
    expect(wrongClient.status).toBe(401);
    const forged = mintSessionToken(shop.domain, { apiKey: API_KEY, apiSecret: "not-the-secret" });
    const bad = await accessToken({ ...base, client_id: API_KEY, client_secret: API_SECRET, subject_token: forged });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_subject_token" });
  });

  it("runs the authorization-code grant: signed redirect, one-time code", async () => {
    const authorize = new URL(`${shopify.origin}/${shop.domain}/admin/oauth/authorize`);
    authorize.searchParams.set("client_id", API_KEY);
    authorize.searchParams.set("scope", "read_products,write_products");
    authorize.searchParams.set("redirect_uri", `${APP_URL}/auth/callback`);
    authorize.searchParams.set("state", "nonce-123");
    const res = await fetch(authorize, { redirect: "manual" });
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.get("location")!);
    expect(callback.origin + callback.pathname).toBe(`${APP_URL}/auth/callback`);
    const params = Object.fromEntries(callback.searchParams);
    expect(params).toMatchObject({
      shop: shop.domain,
      state: "nonce-123",
      host: Buffer.from("admin.shopify.com/store/oauth").toString("base64").replace(/=+$/, ""),
    });
    expect(params.hmac).toBe(oauthQueryHmac(params, API_SECRET));

    const exchange = await accessToken({ client_id: API_KEY, client_secret: API_SECRET, code: params.code });
    expect(await exchange.json()).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: "read_products,write_products" });
    const reuse = await accessToken({ client_id: API_KEY, client_secret: API_SECRET, code: params.code });
    expect(reuse.status).toBe(400);
  });
});
