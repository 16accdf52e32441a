// The app's configuration as Shopify reads it from shopify.app.toml: scopes,
// webhook subscriptions (topics and compliance topics) and the app proxy.
// https://shopify.dev/docs/apps/build/cli-for-apps/app-configuration

import fs from "node:fs";
import { parse } from "smol-toml";
import { ADMIN_API_VERSION, defaultAppTomlPath } from "./paths.js";

export interface WebhookSubscription {
  topic: string;
  /** A path on the app ("/webhooks/...") or an absolute URL. */
  uri: string;
  compliance: boolean;
}

export interface AppProxyConfig {
  /** The app-side URL requests are forwarded to, e.g. https://aisle.example.com/proxy. */
  url: string;
  /** "apps", "a", "community" or "tools". */
  prefix: string;
  subpath: string;
}

export interface AppConfig {
  clientId: string;
  name: string;
  handle: string;
  applicationUrl: string;
  scopes: string[];
  redirectUrls: string[];
  webhooksApiVersion: string;
  subscriptions: WebhookSubscription[];
  appProxy: AppProxyConfig | null;
}

interface TomlSubscription {
  topics?: unknown;
  compliance_topics?: unknown;
  uri?: unknown;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

export function readAppConfig(tomlPath: string = defaultAppTomlPath): AppConfig {
  let text: string;
  try {
    text = fs.readFileSync(tomlPath, "utf8");
  } catch (e) {
    throw new Error(`Cannot read the app configuration at ${tomlPath}: ${(e as Error).message}`);
  }
  const toml = parse(text) as Record<string, unknown>;
  const table = (key: string): Record<string, unknown> => (toml[key] && typeof toml[key] === "object" ? (toml[key] as Record<string, unknown>) : {});

  const webhooks = table("webhooks");
  const subscriptions: WebhookSubscription[] = [];
  for (const sub of (Array.isArray(webhooks.subscriptions) ? webhooks.subscriptions : []) as TomlSubscription[]) {
    const uri = str(sub.uri);
    if (!uri) continue;
    for (const topic of strings(sub.topics)) subscriptions.push({ topic, uri, compliance: false });
    for (const topic of strings(sub.compliance_topics)) subscriptions.push({ topic, uri, compliance: true });
  }

  const proxy = table("app_proxy");
  const appProxy =
    typeof proxy.url === "string" && typeof proxy.subpath === "string" ? { url: proxy.url, subpath: proxy.subpath, prefix: str(proxy.prefix, "apps") } : null;

  return {
    clientId: str(toml.client_id),
    name: str(toml.name, "App"),
    handle: str(toml.handle, "app"),
    applicationUrl: str(toml.application_url),
    scopes: str(table("access_scopes").scopes)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    redirectUrls: strings(table("auth").redirect_urls),
    webhooksApiVersion: str(webhooks.api_version, ADMIN_API_VERSION),
    subscriptions,
    appProxy,
  };
}
