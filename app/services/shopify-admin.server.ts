import type { AdminOperations } from "@shopify/admin-api-client";
import { GraphqlQueryError, HttpResponseError } from "@shopify/shopify-api";
import { logger as rootLogger, type Logger } from "../lib/logger.server";
import { ShopifyAccessError, ShopifyUserErrors } from "../lib/errors.server";

/** The shape of `admin.graphql` from @shopify/shopify-app-remix. */
export type GraphqlFn = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

/**
 * What an operation in app/graphql returns and takes, from the types
 * `npm run graphql-codegen` generates for it (app/types/admin.generated.d.ts
 * keys them by the operation's exact text). Data of an operation codegen has
 * not seen is `unknown`, so a stale or missing type shows at compile time.
 */
type OperationData<Operation extends string> = Operation extends keyof AdminOperations ? AdminOperations[Operation]["return"] : unknown;
type OperationVariables<Operation extends string> = Operation extends keyof AdminOperations ? AdminOperations[Operation]["variables"] : Record<string, unknown>;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Cost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

// Statuses after which Shopify will not serve this shop to us, whatever we
// retry: https://shopify.dev/docs/api/usage/response-codes
const TERMINAL_STATUSES = new Set([401, 402, 403, 404, 423]);

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The Admin GraphQL API for one shop, respecting Shopify's cost-based rate
 * limits (https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits):
 * it reads `extensions.cost.throttleStatus` from every answer, waits before a
 * query the bucket cannot pay for, and waits and retries on THROTTLED instead
 * of failing.
 */
export class ShopifyAdmin {
  private bucket?: { status: ThrottleStatus; at: number };
  private lastCost = new Map<string, number>();

  constructor(
    private readonly graphql: GraphqlFn,
    readonly shopDomain: string,
    private readonly log: Logger = rootLogger.child({ shop: shopDomain }),
    private readonly wait: (ms: number) => Promise<void> = sleep,
    private readonly maxThrottleRetries = 20,
  ) {}

  /** Runs an operation and returns its `data`. */
  async request<Operation extends string>(operation: Operation, variables?: OperationVariables<Operation>): Promise<OperationData<Operation>> {
    const name = operationName(operation);
    for (let attempt = 0; ; attempt++) {
      await this.waitForBudget(name);
      let body: { data?: OperationData<Operation>; extensions?: { cost?: Cost } };
      try {
        const response = await this.graphql(operation, variables ? { variables: variables as Record<string, unknown> } : undefined);
        body = (await response.json()) as typeof body;
      } catch (error) {
        const throttled = throttledCost(error);
        if (throttled && attempt < this.maxThrottleRetries) {
          this.observe(name, throttled);
          const ms = this.msUntilAvailable(throttled.requestedQueryCost ?? 50);
          this.log.info({ operation: name, waitMs: ms }, "Admin API throttled; waiting");
          await this.wait(ms);
          continue;
        }
        throw translateError(error, name);
      }
      if (body.extensions?.cost) this.observe(name, body.extensions.cost);
      return body.data as OperationData<Operation>;
    }
  }

  /** Runs a mutation and throws ShopifyUserErrors if its payload has any. */
  async mutate<Operation extends string>(operation: Operation, variables?: OperationVariables<Operation>): Promise<OperationData<Operation>> {
    const data = await this.request(operation, variables);
    for (const payload of Object.values(data ?? {}) as ({ userErrors?: { field?: string[] | null; message: string }[] } | null)[]) {
      if (payload?.userErrors?.length) throw new ShopifyUserErrors(operationName(operation), payload.userErrors);
    }
    return data;
  }

  get throttleStatus(): ThrottleStatus | undefined {
    return this.bucket?.status;
  }

  private observe(name: string, cost: Cost) {
    if (cost.requestedQueryCost) this.lastCost.set(name, cost.requestedQueryCost);
    if (cost.throttleStatus) this.bucket = { status: cost.throttleStatus, at: Date.now() };
  }

  private available(): number {
    if (!this.bucket) return Infinity;
    const { status, at } = this.bucket;
    return Math.min(status.maximumAvailable, status.currentlyAvailable + ((Date.now() - at) / 1000) * status.restoreRate);
  }

  private msUntilAvailable(needed: number): number {
    if (!this.bucket) return 1000;
    const missing = needed - this.available();
    return missing <= 0 ? 0 : Math.ceil((missing / this.bucket.status.restoreRate) * 1000) + 50;
  }

  private async waitForBudget(name: string) {
    const expected = this.lastCost.get(name);
    if (expected === undefined) return;
    const ms = this.msUntilAvailable(expected);
    if (ms > 0) await this.wait(ms);
  }
}

function operationName(operation: string): string {
  return /(?:query|mutation)\s+(\w+)/.exec(operation)?.[1] ?? "anonymous";
}

function throttledCost(error: unknown): Cost | undefined {
  if (!(error instanceof GraphqlQueryError)) return undefined;
  const body = error.body as { errors?: { graphQLErrors?: { extensions?: { code?: string } }[] }; extensions?: { cost?: Cost } } | undefined;
  const throttled = body?.errors?.graphQLErrors?.some((e) => e.extensions?.code === "THROTTLED");
  return throttled ? (body?.extensions?.cost ?? {}) : undefined;
}

function translateError(error: unknown, name: string): Error {
  if (error instanceof HttpResponseError && TERMINAL_STATUSES.has(error.response.code)) {
    return new ShopifyAccessError(error.response.code, `${name}: Shopify answered ${error.response.code} ${error.response.statusText}`);
  }
  if (error instanceof Response && TERMINAL_STATUSES.has(error.status)) {
    return new ShopifyAccessError(error.status, `${name}: Shopify answered ${error.status}`);
  }
  if (error instanceof GraphqlQueryError) {
    const body = error.body as { errors?: { graphQLErrors?: { message: string }[] } } | undefined;
    const messages = body?.errors?.graphQLErrors?.map((e) => e.message).join("; ");
    return new Error(`${name}: ${messages || error.message}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}
