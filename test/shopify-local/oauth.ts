// Access tokens for the Admin API: token exchange (what embedded apps use),
// the authorization-code grant (installs outside the admin), and the session
// tokens (JWTs) App Bridge would hand the app.
// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/token-exchange
// https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant
// https://shopify.dev/docs/apps/build/authentication-authorization/session-tokens

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

export type AccessTokenKind = "offline" | "online";

export interface AccessTokenRecord {
  token: string;
  shop: string;
  kind: AccessTokenKind;
  scope: string;
  /** Epoch ms; null for offline tokens, which do not expire. */
  expiresAt: number | null;
  userId: number | null;
}

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Online tokens last a day (Shopify answers expires_in 86399). */
const ONLINE_TOKEN_SECONDS = 86_399;
const CODE_TTL_MS = 10 * 60 * 1000;

export class AccessTokens {
  private readonly tokens = new Map<string, AccessTokenRecord>();

  issue(shop: string, kind: AccessTokenKind, scope: string, userId: number | null = null): AccessTokenRecord {
    // Offline tokens start shpat_ like a custom app's; online ones shpua_.
    const token = `${kind === "offline" ? "shpat" : "shpua"}_${randomBytes(16).toString("hex")}`;
    const record: AccessTokenRecord = {
      token,
      shop,
      kind,
      scope,
      expiresAt: kind === "online" ? Date.now() + ONLINE_TOKEN_SECONDS * 1000 : null,
      userId,
    };
    this.tokens.set(token, record);
    return record;
  }

  /** The live record behind a token, or undefined (unknown, revoked or expired). */
  lookup(token: string | undefined | null): AccessTokenRecord | undefined {
    if (!token) return undefined;
    const record = this.tokens.get(token);
    if (!record) return undefined;
    if (record.expiresAt !== null && record.expiresAt < Date.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return record;
  }

  /** Uninstalling the app revokes every token of the shop. */
  revokeShop(shop: string): void {
    for (const [token, record] of this.tokens) if (record.shop === shop) this.tokens.delete(token);
  }
}

// ---------------------------------------------------------------------------
// Session tokens (JWT, HS256, signed with the app secret)

export interface SessionTokenClaims {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig: string;
}

export interface MintSessionTokenOptions {
  apiKey: string;
  apiSecret: string;
  /** The staff member's user id (sub). */
  userId?: number;
  /** Lifetime in seconds; Shopify's are valid for one minute. */
  expiresIn?: number;
  /** Seconds since the epoch to sign at (tests of expiry). */
  now?: number;
}

function base64url(input: Buffer | string): string {
  return Buffer.from(input).toString("base64url");
}

/** A session token as App Bridge would give it to the app for `shop`. */
export function mintSessionToken(shop: string, opts: MintSessionTokenOptions): string {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: opts.apiKey,
    sub: String(opts.userId ?? 1),
    exp: now + (opts.expiresIn ?? 60),
    nbf: now - 1,
    iat: now,
    jti: randomUUID(),
    sid: randomBytes(16).toString("hex"),
    sig: randomBytes(16).toString("hex"),
  };
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", opts.apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** Verifies a session token the way Shopify does before exchanging it; returns its claims or why it is invalid. */
export function verifySessionToken(
  token: string,
  opts: { apiKey: string; apiSecret: string; clockToleranceSeconds?: number },
): { claims: SessionTokenClaims; shop: string } | { error: string } {
  const parts = token.split(".");
  if (parts.length !== 3) return { error: "the subject token is not a JWT" };
  const [header, payload, signature] = parts;
  let alg: unknown;
  let claims: SessionTokenClaims;
  try {
    alg = (JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown }).alg;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SessionTokenClaims;
  } catch {
    return { error: "the subject token is not a JWT" };
  }
  if (alg !== "HS256") return { error: "the subject token is not signed with HS256" };
  const expected = createHmac("sha256", opts.apiSecret).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: "the subject token's signature is invalid" };
  const now = Math.floor(Date.now() / 1000);
  const tolerance = opts.clockToleranceSeconds ?? 5;
  if (typeof claims.exp !== "number" || claims.exp + tolerance < now) return { error: "the subject token has expired" };
  if (typeof claims.nbf === "number" && claims.nbf - tolerance > now) return { error: "the subject token is not valid yet" };
  if (claims.aud !== opts.apiKey) return { error: "the subject token was issued for another app" };
  let shop: string;
  try {
    shop = new URL(claims.dest).hostname;
  } catch {
    return { error: "the subject token has no valid dest" };
  }
  if (!claims.iss?.startsWith(`https://${shop}`)) return { error: "the subject token's iss and dest do not match" };
  return { claims, shop };
}

// ---------------------------------------------------------------------------
// Authorization-code grant

/**
 * The `hmac` Shopify adds to the OAuth redirect (and to admin launch URLs):
 * hex HMAC-SHA256 of the other query parameters, sorted, joined as k=v&k=v.
 * https://shopify.dev/docs/apps/build/authentication-authorization/access-tokens/authorization-code-grant#step-1-verify-the-installation-request
 */
export function oauthQueryHmac(params: Record<string, string>, secret: string): string {
  const message = Object.keys(params)
    .filter((k) => k !== "hmac" && k !== "signature")
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The `host` parameter: base64 of the shop's admin URL, without padding. */
export function hostParam(shop: string): string {
  const handle = shop.replace(/\.myshopify\.com$/, "");
  return Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64").replace(/=+$/, "");
}

interface PendingCode {
  shop: string;
  scope: string;
  online: boolean;
  expiresAt: number;
}

export class AuthorizationCodes {
  private readonly codes = new Map<string, PendingCode>();

  mint(shop: string, scope: string, online: boolean): string {
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { shop, scope, online, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** Codes are single-use. */
  redeem(code: string): PendingCode | undefined {
    const pending = this.codes.get(code);
    this.codes.delete(code);
    return pending && pending.expiresAt >= Date.now() ? pending : undefined;
  }
}

/** The JSON Shopify answers for an online token. */
export function onlineTokenResponse(record: AccessTokenRecord) {
  return {
    access_token: record.token,
    scope: record.scope,
    expires_in: ONLINE_TOKEN_SECONDS,
    associated_user_scope: record.scope,
    associated_user: {
      id: record.userId ?? 1,
      first_name: "Staff",
      last_name: `Member ${record.userId ?? 1}`,
      email: `staff-${record.userId ?? 1}@${record.shop}`,
      email_verified: true,
      account_owner: (record.userId ?? 1) === 1,
      locale: "en",
      collaborator: false,
    },
  };
}
