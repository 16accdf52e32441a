// Shop and AppInstallation.
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/Shop

import { gid } from "../../gid.js";
import type { RequestContext } from "../context.js";
import { storefrontBase } from "./common.js";

export function shopObject(ctx: RequestContext) {
  const s = ctx.shop.store.settings;
  const url = storefrontBase(ctx);
  const [, sign, hh, mm] = /^([+-])(\d{2})(\d{2})$/.exec(s.timezoneOffset) ?? ["", "+", "00", "00"];
  const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  return {
    __typename: "Shop",
    id: gid("Shop", s.id),
    name: s.name,
    myshopifyDomain: s.domain,
    email: s.email,
    contactEmail: s.email,
    shopOwnerName: `${s.name} owner`,
    description: null,
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [s.currencyCode],
    currencyFormats: {
      moneyFormat: s.moneyFormat,
      moneyWithCurrencyFormat: s.moneyWithCurrencyFormat,
      moneyInEmailsFormat: s.moneyFormat,
      moneyWithCurrencyInEmailsFormat: s.moneyWithCurrencyFormat,
    },
    plan: { displayName: s.planDisplayName, partnerDevelopment: false, shopifyPlus: false },
    primaryDomain: { id: gid("Domain", s.id), host: new URL(url).host, url, sslEnabled: url.startsWith("https:"), localization: null, marketWebPresence: null },
    url,
    ianaTimezone: s.ianaTimezone,
    timezoneAbbreviation: s.timezoneAbbreviation,
    timezoneOffset: s.timezoneOffset,
    timezoneOffsetMinutes: offsetMinutes,
    weightUnit: s.weightUnit,
    unitSystem: "METRIC_SYSTEM",
    taxesIncluded: true,
    taxShipping: false,
    setupRequired: false,
    checkoutApiSupported: true,
    transactionalSmsDisabled: true,
    marketingSmsConsentEnabledAtCheckout: false,
    orderNumberFormatPrefix: "#",
    orderNumberFormatSuffix: "",
    shipsToCountries: ["GB"],
    alerts: [],
    createdAt: s.createdAt,
    updatedAt: s.createdAt,
    metafield: () => null,
  };
}

/** The app's installation on this shop: its granted scopes come from shopify.app.toml. */
export function appInstallation(ctx: RequestContext) {
  const app = ctx.shop.app;
  return {
    __typename: "AppInstallation",
    id: gid("AppInstallation", app.installationId),
    accessScopes: app.scopes.map((handle) => ({ handle, description: `${handle.replace(/_/g, " ")}` })),
    activeSubscriptions: [],
    app: {
      id: gid("App", app.appId),
      apiKey: app.apiKey,
      title: app.name,
      handle: app.handle,
      embedded: true,
      webhookApiVersion: app.webhookApiVersion,
      requestedAccessScopes: app.scopes.map((handle) => ({ handle, description: handle })),
      availableAccessScopes: app.scopes.map((handle) => ({ handle, description: handle })),
      optionalAccessScopes: [],
      features: [],
      published: false,
      shopifyDeveloped: false,
      previouslyInstalled: false,
      isPostPurchaseAppInUse: false,
      developerType: "PARTNER",
      publicCategory: "PRIVATE",
      pricingDetailsSummary: "",
      uninstallMessage: "",
      failedRequirements: [],
      screenshots: [],
      navigationItems: [],
    },
    launchUrl: `https://${ctx.shop.domain}/admin/apps/${app.handle}`,
    uninstallUrl: null,
  };
}
