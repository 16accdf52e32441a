import type { AdminOperations } from "@shopify/admin-api-client";
import { GraphqlQueryError, HttpResponseError } from "@shopify/shopify-api";
import { logger as rootLogger, type Logger } from "../lib/logger.server";
import { QueryCostAboveBucket, ShopifyAccessError, ShopifyUserErrors } from "../lib/errors.server";

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
 * What this process knows of one shop's leaky bucket, shared by every
 * ShopifyAdmin of the shop: the last `throttleStatus` Shopify sent, and the
 * cost of requests that are waiting or in flight. A request reserves its
 * expected cost before it waits, so concurrent jobs of one shop queue behind
 * each other instead of all firing when the bucket looks full.
 */
class ShopBucket {
  private status?: ThrottleStatus;
  private at = 0;
  private reserved = 0;
  /** Each operation's last requested cost, by operation name. */
  readonly costs = new Map<string, number>();

  get lastStatus(): ThrottleStatus | undefined {
    return this.status;
  }

  observe(status: ThrottleStatus) {
    this.status = status;
    this.at = Date.now();
  }

  /** Reserves `cost` and says how long to wait before spending it (0: now). */
  reserve(cost: number): number {
    this.reserved += cost;
    const status = this.status;
    if (!status || cost <= 0) return 0;
    const refilled = status.currentlyAvailable + ((Date.now() - this.at) / 1000) * status.restoreRate;
    const free = Math.min(status.maximumAvailable, refilled) - this.reserved;
    if (free >= 0) return 0;
    // A bucket that does not refill, or a queue longer than a full refill: wait
    // for one full refill at most; Shopify's answer corrects the estimate.
    const rate = Math.max(status.restoreRate, 1e-3);
    return Math.ceil(Math.min(-free / rate, status.maximumAvailable / rate) * 1000) + 50;
  }

  release(cost: number) {
    this.reserved = Math.max(0, this.reserved - cost);
  }
}

const buckets = new Map<string, ShopBucket>();

function bucketOf(shopDomain: string): ShopBucket {
  let bucket = buckets.get(shopDomain);
  if (!bucket) buckets.set(shopDomain, (bucket = new ShopBucket()));
  return bucket;
}

/**
 * The Admin GraphQL API for one shop, respecting Shopify's cost-based rate
 * limits (https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits):
 * it reads `extensions.cost.throttleStatus` from every answer, waits before a
 * query the shop's bucket cannot pay for (counting this process's other
 * requests to the shop), and waits and retries on THROTTLED instead of failing.
 */
export class ShopifyAdmin {
  private readonly bucket: ShopBucket;

  constructor(
    private readonly graphql: GraphqlFn,
    readonly shopDomain: string,
    private readonly log: Logger = rootLogger.child({ shop: shopDomain }),
    private readonly wait: (ms: number) => Promise<void> = sleep,
    private readonly maxThrottleRetries = 20,
  ) {
    this.bucket = bucketOf(shopDomain);
  }

  /** Runs an operation and returns its `data`. */
  async request<Operation extends string>(operation: Operation, variables?: OperationVariables<Operation>): Promise<OperationData<Operation>> {
    const name = operationName(operation);
    for (let attempt = 0; ; attempt++) {
      const cost = this.expectedCost(name);
      let body: { data?: OperationData<Operation>; extensions?: { cost?: Cost } };
      let throttled: Cost | undefined;
      try {
        const ms = this.bucket.reserve(cost);
        if (ms > 0) await this.wait(ms);
        const response = await this.graphql(operation, variables ? { variables: variables as Record<string, unknown> } : undefined);
        body = (await response.json()) as typeof body;
      } catch (error) {
        throttled = throttledCost(error);
        if (!throttled || attempt >= this.maxThrottleRetries) throw translateError(error, name);
      } finally {
        this.bucket.release(cost);
      }
      if (throttled) {
        this.observe(name, throttled);
        const maximum = throttled.throttleStatus?.maximumAvailable;
        if (throttled.requestedQueryCost && maximum !== undefined && throttled.requestedQueryCost > maximum)
          throw new QueryCostAboveBucket(name, throttled.requestedQueryCost, maximum);
        this.log.info({ operation: name, attempt }, "Admin API throttled; waiting");
        // Without a throttle status to wait by, give the bucket a second.
        if (!throttled.throttleStatus) await this.wait(1000);
        continue;
      }
      if (body!.extensions?.cost) this.observe(name, body!.extensions.cost);
      return body!.data as OperationData<Operation>;
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
    return this.bucket.lastStatus;
  }

  /** What the operation cost last time, never more than the bucket holds (0 when unknown). */
  private expectedCost(name: string): number {
    const cost = this.bucket.costs.get(name) ?? 0;
    const maximum = this.bucket.lastStatus?.maximumAvailable;
    return maximum === undefined ? cost : Math.min(cost, maximum);
  }

  private observe(name: string, cost: Cost) {
    if (cost.requestedQueryCost) this.bucket.costs.set(name, cost.requestedQueryCost);
    if (cost.throttleStatus) this.bucket.observe(cost.throttleStatus);
  }
}

/**
 * A connection's page size that shrinks to what the shop's bucket can pay
 * for: it starts at `size` (250, Shopify's most) and, when a page costs more
 * than the whole bucket holds, asks again with a proportionally smaller page
 * and keeps that size for the pages after.
 */
export class PageSize {
  constructor(private size = 250) {}

  async fetch<T>(request: (first: number) => Promise<T>): Promise<T> {
    for (;;) {
      try {
        return await request(this.size);
      } catch (error) {
        if (!(error instanceof QueryCostAboveBucket) || this.size === 1) throw error;
        this.size = Math.max(1, Math.min(this.size - 1, Math.floor((this.size * error.maximumAvailable) / error.requested)));
      }
    }
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
