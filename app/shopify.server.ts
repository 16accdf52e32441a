import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { env } from "./lib/env.server";
import { installShopifyTransport } from "./lib/shopify-transport.server";
import { registerInstall } from "./services/install.server";

const config = env();
installShopifyTransport(config.SHOPIFY_ADMIN_API_ORIGIN);

export const API_VERSION = ApiVersion.July26;

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: { unstable_newEmbeddedAuthStrategy: true },
  hooks: {
    // Runs after OAuth or token exchange: remember the shop and start its
    // first import. Both are idempotent, so a reinstall is safe.
    afterAuth: async ({ session, admin }) => {
      await registerInstall({ shopDomain: session.shop, scopes: session.scope ?? "", graphql: admin.graphql });
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
