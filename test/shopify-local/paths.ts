import path from "node:path";
import { fileURLToPath } from "node:url";

// Everything the local Shopify reads from disk is found from the repository's
// root, so it works the same from vitest, tsx scripts and the CLI, whatever
// the working directory. Shared inputs (the Admin schema, the datasets) live
// beside the repository in ../shared and are read in place, never copied.
export const moduleDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(moduleDir, "..", "..");
export const sharedDir = path.resolve(repoRoot, "..", "shared");

export const defaultSchemaPath = path.join(sharedDir, "shopify", "admin-2025-01.schema.json.gz");
export const defaultOnlineRetailPath = path.join(sharedDir, "data", "online-retail.csv.gz");
export const defaultAppTomlPath = path.join(repoRoot, "shopify.app.toml");

/** The only Admin API version the local Shopify speaks (the schema file's). */
export const ADMIN_API_VERSION = "2025-01";
