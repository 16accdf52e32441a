import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseProvider } from "./database-url.js";

// The whole environment, validated once at start-up. A bad value stops the
// process with a message that names the variable and says what to set.
const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1, "the app's client id from the Partner Dashboard"),
    SHOPIFY_API_SECRET: z.string().min(1, "the app's client secret (signs webhooks, app proxy and session tokens)"),
    SHOPIFY_APP_URL: z.string().url("the public https URL of the app (shopify app dev sets it)"),
    SCOPES: z.string().default(
      "read_products,write_products,read_orders,read_customers,read_files,write_files,read_metaobjects,write_metaobjects",
    ),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .refine((v) => {
        try {
          databaseProvider(v);
          return true;
        } catch {
          return false;
        }
      }, 'must start with "file:" (SQLite) or "postgresql://"'),
    REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
    // Where the Admin API lives. Unset: the real https://{shop}. Set (tests, the
    // demo): the local Shopify, e.g. http://127.0.0.1:4100.
    SHOPIFY_ADMIN_API_ORIGIN: z.string().url().optional(),
    // Demo mode signs staff in as this shop without Shopify's admin around the app.
    AISLE_DEMO_SHOP: z.string().optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
    RECS_TRAIN_EVERY_MINUTES: z.coerce.number().positive().default(4),
    PORT: z.coerce.number().int().positive().default(3000),
    // The web server's listen address (server.mjs).
    HOST: z.string().min(1).default("0.0.0.0"),
    // The worker's Prometheus endpoint (workers/index.ts).
    // The worker's Prometheus endpoint; "off" (or 0) for none.
    WORKER_METRICS_PORT: z
      .string()
      .default("9464")
      .refine((v) => v === "off" || v === "0" || (/^\d+$/.test(v) && Number(v) <= 65_535), 'a port number, or "off" for no metrics endpoint')
      .transform((v) => (v === "off" || v === "0" ? undefined : Number(v))),
  })
  .superRefine((env, ctx) => {
    // Demo sign-in lets anyone who reaches the app act as the demo shop. That is
    // only harmless when the shop lives in a local Shopify on this machine, in
    // every environment (docs/decisions/0003-demo-sign-in.md).
    if (env.AISLE_DEMO_SHOP && !isLoopbackOrigin(env.SHOPIFY_ADMIN_API_ORIGIN)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["SHOPIFY_ADMIN_API_ORIGIN"],
        message: env.SHOPIFY_ADMIN_API_ORIGIN
          ? `AISLE_DEMO_SHOP signs staff in without Shopify, so the Admin API must be a local Shopify on loopback (e.g. http://127.0.0.1:4100), not ${env.SHOPIFY_ADMIN_API_ORIGIN}`
          : "AISLE_DEMO_SHOP signs staff in without Shopify, so it needs a local Shopify: set SHOPIFY_ADMIN_API_ORIGIN to its loopback URL (e.g. http://127.0.0.1:4100)",
      });
    }
  });

/**
 * True when the origin's host is this machine: localhost, 127.0.0.0/8 or ::1.
 * The host is read from the parsed URL, so "http://127.0.0.1.example.com" or
 * "http://localhost@example.com" are not loopback.
 */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === "localhost") return true;
  const bare = host.replace(/^\[(.*)\]$/, "$1");
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || bare === "0:0:0:0:0:0:0:1";
  return false;
}

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new EnvError(`Aisle cannot start: the environment is not valid.\n${lines.join("\n")}\nSee README.md, "Configuration".`);
}

let cached: Env | undefined;
export function env(): Env {
  return (cached ??= parseEnv());
}
