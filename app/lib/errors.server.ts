// Errors with a meaning the rest of the app acts on.

/** A request a user (or a forger) sent that we refuse; carries its HTTP status. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

/** Shopify refused the shop outright (uninstalled, frozen, unpaid): retrying cannot help. */
export class ShopifyAccessError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ShopifyAccessError";
  }
}

/** A mutation came back with userErrors. */
export class ShopifyUserErrors extends Error {
  constructor(
    readonly operation: string,
    readonly userErrors: { field?: string[] | null; message: string }[],
  ) {
    super(`${operation}: ${userErrors.map((e) => (e.field?.length ? `${e.field.join(".")}: ` : "") + e.message).join("; ")}`);
    this.name = "ShopifyUserErrors";
  }
}

/**
 * A query costs more than the shop's whole bucket holds: waiting cannot help,
 * a smaller page can (Shopify throttles such a query however long one waits).
 */
export class QueryCostAboveBucket extends Error {
  constructor(
    readonly operation: string,
    readonly requested: number,
    readonly maximumAvailable: number,
  ) {
    super(`${operation}: the query costs ${requested}, more than the shop's rate-limit bucket holds (${maximumAvailable})`);
    this.name = "QueryCostAboveBucket";
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A form's validation issues as one message per field: the first, which names the most basic problem. */
export function fieldErrors(issues: readonly { path: readonly (string | number)[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}
