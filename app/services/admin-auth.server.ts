import { LoginErrorType, type LoginError } from "@shopify/shopify-app-remix/server";
import { authenticate, login, unauthenticated } from "../shopify.server";
import { env, isLoopbackOrigin, type Env } from "../lib/env.server";
import { findShopByDomain } from "../models/shops.server";
import { ShopifyAdmin } from "./shopify-admin.server";

/**
 * Who is using the admin, and their shop. Inside Shopify's admin this is the
 * library's embedded auth (session token + token exchange). In demo mode
 * (AISLE_DEMO_SHOP, only against a local Shopify) there is no Shopify admin
 * around the app to hand out session tokens, so staff are signed in as the
 * demo shop with its stored offline session
 * (docs/decisions/0003-demo-sign-in.md).
 */
export async function authenticateAdmin(request: Request) {
  const config = env();
  const demoShop = demoSignInShop(config);
  const { admin, session } = demoShop ? await unauthenticated.admin(demoShop) : await authenticate.admin(request);
  const shop = await findShopByDomain(session.shop);
  if (!shop) throw new Response("This shop has not finished installing Aisle yet. Reload in a moment.", { status: 503 });
  return { shop, session, admin: new ShopifyAdmin(admin.graphql, session.shop), demo: Boolean(demoShop), apiKey: config.SHOPIFY_API_KEY };
}

/**
 * The shop demo sign-in acts as, or undefined outside demo mode. The
 * environment check already refuses to start otherwise; this is checked again
 * here because it is the one path that signs someone in without Shopify.
 */
export function demoSignInShop(config: Pick<Env, "AISLE_DEMO_SHOP" | "SHOPIFY_ADMIN_API_ORIGIN">): string | undefined {
  if (!config.AISLE_DEMO_SHOP) return undefined;
  if (!isLoopbackOrigin(config.SHOPIFY_ADMIN_API_ORIGIN)) {
    throw new Response("Demo sign-in only works against a local Shopify on this machine.", { status: 403 });
  }
  return config.AISLE_DEMO_SHOP;
}

interface LoginErrors {
  shop?: string;
}

/**
 * The login page outside Shopify's admin (where the library sends visitors
 * without a session). A valid shop domain throws the library's redirect into
 * Shopify's install/OAuth flow; anything else comes back as a message for the
 * form, as in Shopify's app template (`loginErrorMessage`).
 */
export async function logInWithShopDomain(request: Request): Promise<LoginErrors> {
  return loginErrorMessage(await login(request));
}

function loginErrorMessage(error: LoginError): LoginErrors {
  if (error?.shop === LoginErrorType.MissingShop) return { shop: "Enter your shop domain to log in." };
  if (error?.shop === LoginErrorType.InvalidShop) return { shop: "Enter a valid shop domain (your-shop.myshopify.com)." };
  return {};
}
