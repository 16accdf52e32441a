// GraphQL codegen (`npm run graphql-codegen`) and editor support, as in
// Shopify's app template: the operations in app/graphql/ get their result and
// variable types in app/types/admin.generated.d.ts, and the schema's types in
// app/types/admin.types.d.ts. docs/decisions/0010-admin-api-version.md says
// how to move to the next API version.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

export const ADMIN_API_VERSION = "2026-07";
const outputDir = "./app/types";

// The preset reads <outputDir>/admin-<version>.schema.json and, when that file
// is missing, downloads the schema from shopify.dev. The repository carries the
// schema gzipped (0.9 MB instead of 11 MB), so unpack it first; the plain JSON
// is git-ignored.
function unpackAdminSchema(version: string): void {
  const gz = path.resolve(import.meta.dirname, outputDir, `admin-${version}.schema.json.gz`);
  const json = gz.slice(0, -".gz".length);
  if (!fs.existsSync(gz)) throw new Error(`The Admin API ${version} schema is not at ${gz} (docs/decisions/0010-admin-api-version.md).`);
  if (fs.existsSync(json) && fs.statSync(json).mtimeMs >= fs.statSync(gz).mtimeMs) return;
  // Written aside and renamed, so no reader ever sees half a file.
  const partial = `${json}.${process.pid}.partial`;
  fs.writeFileSync(partial, zlib.gunzipSync(fs.readFileSync(gz)));
  fs.renameSync(partial, json);
}
unpackAdminSchema(ADMIN_API_VERSION);

const documents = ["./app/graphql/*.ts"];

export default {
  schema: `${outputDir}/admin-${ADMIN_API_VERSION}.schema.json`,
  documents,
  projects: {
    default: shopifyApiProject({ apiType: ApiType.Admin, apiVersion: ADMIN_API_VERSION, documents, outputDir, enumsAsConst: true }),
  },
};
