import { isIP } from "node:net";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, databaseProvider } from "./database-url.js";

// The whole environment, validated once at start-up. A bad value stops the
// process with a message that names the variable and says what to set.
const fields = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1, "the app's client id from the Partner Dashboard"),
  SHOPIFY_API_SECRET: z.string().min(1, "the app's client secret (signs webhooks, app proxy and session tokens)"),
  SHOPIFY_APP_URL: z.string().url("the public https URL of the app (shopify app dev sets it)"),
  SCOPES: z.string().default("read_products,write_products,read_orders,read_customers,read_files,write_files,read_metaobjects,write_metaobjects"),
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
  // PostgreSQL connections per process (Prisma's pool and the plain-SQL pool each).
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  // Namespace of the BullMQ queues in Redis; each test file and the fresh-clone check use their own.
  AISLE_QUEUE_PREFIX: z.string().min(1).default("aisle"),
  // Where the Admin API lives. Unset: the real https://{shop}. Set (tests, the
  // demo): the local Shopify, e.g. http://127.0.0.1:4100.
  SHOPIFY_ADMIN_API_ORIGIN: z.string().url().optional(),
  // Demo mode signs staff in as this shop without Shopify's admin around the app.
  AISLE_DEMO_SHOP: z.string().optional(),
  // Unset: "info", or "silent" under NODE_ENV=test (app/lib/logger.server.ts).
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  // The logs' "service" field; unset, the process's script name tells web from worker.
  AISLE_SERVICE: z.string().min(1).optional(),
  // Set: Claude writes product content and per-product review summaries; unset: the offline writer and summaries.
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  // The Anthropic API's address (tests point it at a local server); unset: Anthropic's.
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  AISLE_CLAUDE_MODEL: z.string().min(1).default("claude-sonnet-4-5"),
  // Local @huggingface/transformers models, one folder per task (sentiment/, captioning/); relative to the
  // working directory. Nothing is downloaded: a task whose folder is missing keeps its offline default.
  AISLE_MODELS_DIR: z.string().min(1).default("models"),
  WORKER_CONCURRENCY: z.coerce.number().int().positive().default(4),
  PORT: z.coerce.number().int().positive().default(3000),
  // The web server's listen address (server.mjs).
  HOST: z.string().min(1).default("0.0.0.0"),
  // Webhook deliveries (with a signature that does not verify) the web process sends itself before it
  // listens, so the first real burst meets compiled code (server.mjs warmUpAcknowledgements); 0: none.
  WARM_UP_REQUESTS: z.coerce.number().int().min(0).max(10_000).default(500),
  // The worker's Prometheus endpoint (workers/index.ts); "off" (or 0) for none.
  WORKER_METRICS_PORT: z
    .string()
    .default("9464")
    .refine((v) => v === "off" || v === "0" || (/^\d+$/.test(v) && Number(v) <= 65_535), 'a port number, or "off" for no metrics endpoint')
    .transform((v) => (v === "off" || v === "0" ? undefined : Number(v))),
});

const schema = fields.superRefine((env, ctx) => {
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
  return parseWith(schema, source);
}

function parseWith<T extends z.ZodTypeAny>(validator: T, source: NodeJS.ProcessEnv): z.infer<T> {
  const result = validator.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new EnvError(`Aisle cannot start: the environment is not valid.\n${lines.join("\n")}\nSee README.md, "Configuration".`);
}

// What every process needs before (or without) the app's Shopify settings:
// scripts, the database and queue connections, the logger. These have
// defaults, so reading them never fails for a missing Shopify credential.
const processFields = fields.pick({
  NODE_ENV: true,
  DATABASE_URL: true,
  DATABASE_POOL_SIZE: true,
  REDIS_URL: true,
  AISLE_QUEUE_PREFIX: true,
  LOG_LEVEL: true,
  AISLE_SERVICE: true,
  ANTHROPIC_API_KEY: true,
  ANTHROPIC_BASE_URL: true,
  AISLE_CLAUDE_MODEL: true,
});
export type ProcessEnv = z.infer<typeof processFields>;

/**
 * The process-level part of the environment, read afresh on each call (it is
 * small, and read when a connection or the logger is made): a test that points
 * REDIS_URL elsewhere for one connection sees its value.
 */
export function processEnv(): ProcessEnv {
  return parseWith(processFields, process.env);
}

const contentFields = fields.pick({ ANTHROPIC_API_KEY: true, ANTHROPIC_BASE_URL: true });

/** The content studio's part (the model provider), read afresh so tests and the bench can point it elsewhere. */
export function contentEnv(): z.infer<typeof contentFields> {
  return parseWith(contentFields, process.env);
}

const modelFields = fields.pick({ AISLE_MODELS_DIR: true });

/** Where local models live, read afresh so tests and the bench can point it elsewhere. */
export function modelsEnv(): z.infer<typeof modelFields> {
  return parseWith(modelFields, process.env);
}

let cached: Env | undefined;
export function env(): Env {
  return (cached ??= parseEnv());
}
