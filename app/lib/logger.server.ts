import pino from "pino";
import { processEnv } from "./env.server";

// Structured logs. Child loggers carry the ids that tie a line to its cause:
// shop, job and webhook ids (never tokens or personal data).
const { LOG_LEVEL, NODE_ENV, AISLE_SERVICE } = processEnv();
export const logger = pino({
  level: LOG_LEVEL ?? (NODE_ENV === "test" ? "silent" : "info"),
  base: { service: AISLE_SERVICE ?? (/worker/.test(process.argv[1] ?? "") ? "worker" : "web") },
  redact: { paths: ["accessToken", "*.accessToken", "headers.authorization"], remove: true },
});

export type Logger = pino.Logger;
