import pino from "pino";

// Structured logs. Child loggers carry the ids that tie a line to its cause:
// shop, job and webhook ids (never tokens or personal data).
export const logger = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: process.env.AISLE_SERVICE || (/worker/.test(process.argv[1] ?? "") ? "worker" : "web") },
  redact: { paths: ["accessToken", "*.accessToken", "headers.authorization"], remove: true },
});

export type Logger = pino.Logger;
