// One Admin GraphQL request, from the parsed HTTP body to the JSON Shopify
// would answer: validation (HTTP 200 with errors), variable coercion, the
// single-query cost limit, the leaky bucket, execution, and
// `extensions.cost` on every answer.
// https://shopify.dev/docs/api/admin-graphql#status_and_error_codes
// https://shopify.dev/docs/api/usage/limits#rate-limits

import { execute, getOperationAST, getVariableValues, GraphQLError, type GraphQLSchema } from "graphql";
import { actualQueryCost, requestedQueryCost, SINGLE_QUERY_MAX_COST, type ThrottleStatus } from "../cost.js";
import type { LocalShop } from "../shop.js";
import { parseAndValidate } from "../schema.js";
import type { RequestContext } from "./context.js";
import { errorJson, shopifyVariableError, type ShopifyErrorJson } from "./errors.js";
import { fieldResolver, typeResolver } from "./resolvers/index.js";

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLHttpResult {
  status: number;
  body: unknown;
}

interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/limits#rate-limits";

export function executeAdminRequest(
  shop: LocalShop,
  schema: GraphQLSchema,
  body: GraphQLRequestBody,
  onInternalError: (error: unknown) => void,
): GraphQLHttpResult {
  if (typeof body.query !== "string" || !body.query.trim()) {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } } };
  }
  const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
  const operationName = typeof body.operationName === "string" ? body.operationName : undefined;

  const parsed = parseAndValidate(body.query, schema);
  if (!parsed.document) return ok({ errors: parsed.errors.map(errorJson) });
  const document = parsed.document;

  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName ? `No operation named "${operationName}"` : "An operation name is required";
    return ok({ errors: [{ message, extensions: { code: "OPERATION_NOT_FOUND" } }] });
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) {
    return ok({ errors: coerced.errors.map((e) => errorJson(shopifyVariableError(e, operation.variableDefinitions ?? [], variables))) });
  }

  const requested = requestedQueryCost(schema, document, operation, coerced.coerced);
  const cost = (actual: number | null): CostExtension => ({
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: shop.throttle.status(),
  });
  if (requested > SINGLE_QUERY_MAX_COST) {
    return ok({
      errors: [
        {
          message:
            `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\n` +
            "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
            "cost of a query is calculated.\n\n" +
            "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
            "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
          extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST, documentation: RATE_LIMIT_DOCS },
        },
      ],
      extensions: { cost: cost(null) },
    });
  }
  if (!shop.throttle.take(requested)) {
    // Throttled requests are answered with HTTP 200 and no data.
    return ok({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } }],
      extensions: { cost: cost(null) },
    });
  }

  const ctx: RequestContext = { shop, unpaginated: false, searchWarnings: [] };
  const result = execute({
    schema,
    document,
    operationName,
    variableValues: variables,
    contextValue: ctx,
    rootValue: {},
    fieldResolver,
    typeResolver,
  });
  if (result instanceof Promise) throw new Error("the local Shopify's resolvers are synchronous");

  const actual = actualQueryCost(schema, document, operation, coerced.coerced, result.data);
  shop.throttle.refund(requested - actual);

  const response: { data?: unknown; errors?: ShopifyErrorJson[]; extensions: Record<string, unknown> } = {
    data: result.data ?? null,
    extensions: { cost: cost(actual) },
  };
  if (result.errors?.length) response.errors = result.errors.map((e) => publicError(e, onInternalError));
  if (ctx.searchWarnings.length) response.extensions.search = ctx.searchWarnings;
  return ok(response);
}

function ok(body: unknown): GraphQLHttpResult {
  return { status: 200, body };
}

/**
 * Errors the API means to send (GraphQLErrors with a code) go out as they
 * are; anything else is a bug in the local Shopify: logged, and answered
 * the way Shopify answers its own internal errors.
 */
function publicError(error: GraphQLError, onInternalError: (error: unknown) => void): ShopifyErrorJson {
  const original = error.originalError;
  if (original && !(original instanceof GraphQLError)) {
    onInternalError(original);
    return {
      message: "Internal error. Looks like something went wrong on our end.",
      locations: error.locations ? [...error.locations] : undefined,
      path: error.path ? [...error.path] : undefined,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  }
  return errorJson(error);
}
