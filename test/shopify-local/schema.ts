// The Admin API schema: Shopify's own introspection of the version the app
// targets, committed in app/types (docs/decisions/0010-admin-api-version.md).
// Every operation the local Shopify answers is validated against it, and the
// app's tests use validateOperation() to check each of the app's operations
// the same way.

import fs from "node:fs";
import zlib from "node:zlib";
import { buildClientSchema, GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { defaultSchemaPath } from "./paths.js";
import { shopifySyntaxError, shopifyValidationErrors } from "./graphql/errors.js";

/** SHOPIFY_ADMIN_SCHEMA overrides where the introspection JSON (.json or .json.gz) is read from. */
export function adminSchemaPath(): string {
  return process.env.SHOPIFY_ADMIN_SCHEMA || defaultSchemaPath;
}

const cache = new Map<string, GraphQLSchema>();

/** The Admin API schema, built once per process and path (about 0.3 s). */
export function loadAdminSchema(schemaPath: string = adminSchemaPath()): GraphQLSchema {
  const cached = cache.get(schemaPath);
  if (cached) return cached;
  let raw: Buffer;
  try {
    raw = fs.readFileSync(schemaPath);
  } catch (e) {
    throw new Error(
      `The Admin API schema is not at ${schemaPath} (${(e as Error).message}). ` +
        "The repository carries it in app/types (docs/decisions/0010-admin-api-version.md); set SHOPIFY_ADMIN_SCHEMA to read it from elsewhere.",
    );
  }
  const text = (schemaPath.endsWith(".gz") ? zlib.gunzipSync(raw) : raw).toString("utf8");
  const json = JSON.parse(text) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = (json.data ?? json) as IntrospectionQuery;
  const schema = buildClientSchema(introspection, { assumeValid: true });
  cache.set(schemaPath, schema);
  return schema;
}

export type ParsedOperation = { document: DocumentNode; errors: readonly [] } | { document: null; errors: readonly GraphQLError[] };

/** Parses and validates an operation, with errors worded as Shopify words them. */
export function parseAndValidate(source: string, schema: GraphQLSchema = loadAdminSchema()): ParsedOperation {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (e) {
    if (e instanceof GraphQLError) return { document: null, errors: [shopifySyntaxError(e)] };
    throw e;
  }
  const errors = shopifyValidationErrors(schema, document, validate(schema, document));
  return errors.length ? { document: null, errors } : { document, errors: [] };
}

/**
 * Validates one operation (a string or a parsed document) against the Admin
 * API schema. An empty array means the real API would accept it.
 */
export function validateOperation(source: string | DocumentNode, schema: GraphQLSchema = loadAdminSchema()): readonly GraphQLError[] {
  if (typeof source === "string") return parseAndValidate(source, schema).errors;
  return shopifyValidationErrors(schema, source, validate(schema, source));
}
