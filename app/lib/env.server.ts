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
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.AISLE_DEMO_SHOP && !env.SHOPIFY_ADMIN_API_ORIGIN) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["AISLE_DEMO_SHOP"],
        message: "demo sign-in only works against a local Shopify (set SHOPIFY_ADMIN_API_ORIGIN) and never in a real production deployment",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

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
