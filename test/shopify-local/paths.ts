import path from "node:path";
import { fileURLToPath } from "node:url";

// Everything the local Shopify reads from disk is found from the repository's
// root, so it works the same from vitest, tsx scripts and the CLI, whatever
// the working directory. The Admin schema is the one the repository carries
// for codegen (docs/decisions/0010-admin-api-version.md); the optional
// Online Retail dataset is read in place from ../shared beside the repository.
export const moduleDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(moduleDir, "..", "..");

/** The only Admin API version the local Shopify speaks (the schema file's). */
export const ADMIN_API_VERSION = "2026-07";

export const defaultSchemaPath = path.join(repoRoot, "app", "types", `admin-${ADMIN_API_VERSION}.schema.json.gz`);
export const defaultOnlineRetailPath = path.resolve(repoRoot, "..", "shared", "data", "online-retail.csv.gz");
export const defaultAppTomlPath = path.join(repoRoot, "shopify.app.toml");
