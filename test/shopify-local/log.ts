import pino from "pino";

// The local Shopify logs to stderr, so that the CLI's stdout carries only
// its one JSON line. LOG_LEVEL applies as in the app (tests set "silent").
export const log = pino(
  {
    name: "shopify-local",
    level: process.env.SHOPIFY_LOCAL_LOG_LEVEL || process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info"),
    redact: { paths: ["accessToken", "*.accessToken", "token", "*.token"], remove: true },
  },
  pino.destination(2),
);

export type Logger = pino.Logger;
