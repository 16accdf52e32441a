// Bulk query operations: bulkOperationRunQuery's asynchronous life cycle
// (CREATED -> RUNNING -> COMPLETED | FAILED | CANCELING -> CANCELED), the
// JSONL result file, the bulk_operations/finish webhook, and hooks that let
// the app's tests make an operation fail or its file contain bad lines.
// https://shopify.dev/docs/api/usage/bulk-operations/queries
//
// As of 2026-01 an app may run five query operations at once per shop, and
// nested objects follow their parent only with `groupObjects: true`:
// https://shopify.dev/changelog/faster-bulk-operations
// https://shopify.dev/changelog/bulk-operations-group-objects-default-changed-to-false

import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import type { GraphQLSchema } from "graphql";
import { BulkWalker, compileBulkQuery, rootNodes, rootPlan, type CompiledBulkQuery } from "./graphql/bulk-executor.js";
import { bulkQueryProblems } from "./graphql/bulk-rules.js";
import type { RequestContext } from "./graphql/context.js";
import { parseAndValidate } from "./schema.js";

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";
export type BulkOperationErrorCode = "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT";
export type BulkOperationType = "QUERY" | "MUTATION";

export interface BulkOperationRecord {
  readonly __typename: "BulkOperation";
  readonly id: number;
  status: BulkOperationStatus;
  errorCode: BulkOperationErrorCode | null;
  readonly createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  readonly query: string;
  readonly type: BulkOperationType;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code: "LIMIT_REACHED" | "INVALID" | null;
}

export interface RunQueryOptions {
  /** Nested objects right after their parent (Shopify's default before 2026-01). */
  groupObjects?: boolean;
}

const FINISHED: readonly BulkOperationStatus[] = ["COMPLETED", "CANCELED", "FAILED", "EXPIRED"];
/**
 * Root nodes per chunk; between chunks the event loop serves polls. Small
 * chunks keep each batch of lines short-lived (young-generation garbage),
 * which on the full online-retail store is ~30% less CPU than 200.
 */
const CHUNK = 25;
/** Query operations one app may run at once per shop (2026-01 and later). */
export const MAX_RUNNING_QUERIES = 5;

// ---------------------------------------------------------------------------
// Result files

/**
 * Where result files live (a temporary directory) and their unguessable
 * URLs. An export of the full seeded store is ~180 MB, so only the newest
 * MAX_FILES are kept; an older operation then turns EXPIRED, as Shopify's do
 * after seven days.
 */
export class BulkFiles {
  static readonly MAX_FILES = 6;
  private dir: string | null = null;
  private readonly files = new Map<string, { path: string; expire: () => void }>();

  constructor(private readonly origin: () => string) {}

  create(expire: () => void = () => {}): { token: string; path: string; url: string } {
    this.dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "aisle-shopify-local-bulk-"));
    while (this.files.size >= BulkFiles.MAX_FILES) {
      const [oldest, file] = this.files.entries().next().value as [string, { path: string; expire: () => void }];
      this.files.delete(oldest);
      fs.rmSync(file.path, { force: true });
      file.expire();
    }
    const token = randomBytes(24).toString("hex");
    const file = path.join(this.dir, `${token}.jsonl`);
    this.files.set(token, { path: file, expire });
    return { token, path: file, url: `${this.origin()}/bulk/${token}.jsonl` };
  }

  /** The file behind `/bulk/<token>.jsonl`, if there is one. */
  pathFor(token: string): string | undefined {
    return this.files.get(token)?.path;
  }

  close(): void {
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.files.clear();
  }
}

// ---------------------------------------------------------------------------
// Operations of one shop

export interface BulkOperationsDeps {
  schema: () => GraphQLSchema;
  files: BulkFiles;
  /** A resolver context for this shop with unpaginated connections. */
  context: () => RequestContext;
  now: () => string;
  /** Called once an operation reaches COMPLETED, FAILED or CANCELED. */
  onFinish: (op: BulkOperationRecord) => void;
  onError: (op: BulkOperationRecord, error: unknown) => void;
}

interface FailurePlan {
  errorCode: BulkOperationErrorCode;
  afterObjects: number | null;
}

let nextBulkId = 4_400_000_000_000;

export class BulkOperations {
  private readonly ops = new Map<number, BulkOperationRecord>();
  private readonly running = new Map<number, Promise<void>>();
  private failure: FailurePlan | null = null;
  private garbageLines = 0;
  /** Pause between chunks of root nodes, in ms (tests that watch RUNNING or cancel). */
  chunkDelayMs = 0;

  constructor(private readonly deps: BulkOperationsDeps) {}

  get(id: number): BulkOperationRecord | undefined {
    return this.ops.get(id);
  }

  /** The most recent operation of a type, as currentBulkOperation returns it. */
  current(type: BulkOperationType): BulkOperationRecord | undefined {
    let latest: BulkOperationRecord | undefined;
    for (const op of this.ops.values()) if (op.type === type && (!latest || op.id > latest.id)) latest = op;
    return latest;
  }

  list(): BulkOperationRecord[] {
    return [...this.ops.values()];
  }

  // -- test hooks -----------------------------------------------------------

  /**
   * The next bulk query fails with `errorCode` (default INTERNAL_SERVER_ERROR)
   * after writing `afterObjects` objects (default: about half), which are then
   * served at partialDataUrl.
   */
  failNext(options: { errorCode?: BulkOperationErrorCode; afterObjects?: number } = {}): void {
    this.failure = { errorCode: options.errorCode ?? "INTERNAL_SERVER_ERROR", afterObjects: options.afterObjects ?? null };
  }

  /** The next bulk query's JSONL gets `count` malformed lines spread through it. */
  injectGarbageLines(count: number): void {
    this.garbageLines = count;
  }

  /** Resolves when no operation is running (the webhook for it may still be in flight). */
  async whenIdle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running.values());
  }

  // -- mutations ------------------------------------------------------------

  runQuery(query: string, { groupObjects = false }: RunQueryOptions = {}): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const running = this.list().filter((op) => op.type === "QUERY" && !FINISHED.includes(op.status)).length;
    if (running >= MAX_RUNNING_QUERIES) {
      // The wording is the BulkOperationUserErrorCode description in the schema.
      return { bulkOperation: null, userErrors: [{ field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" }] };
    }
    const schema = this.deps.schema();
    const parsed = parseAndValidate(query, schema);
    if (!parsed.document) {
      return {
        bulkOperation: null,
        userErrors: parsed.errors.map((e) => ({ field: ["query"], message: `Invalid bulk query: ${e.message}`, code: "INVALID" })),
      };
    }
    const problems = bulkQueryProblems(schema, parsed.document);
    if (problems.length) return { bulkOperation: null, userErrors: problems.map((message) => ({ field: ["query"], message, code: "INVALID" })) };

    const op: BulkOperationRecord = {
      __typename: "BulkOperation",
      id: nextBulkId++,
      status: "CREATED",
      errorCode: null,
      createdAt: this.deps.now(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query,
      type: "QUERY",
    };
    this.ops.set(op.id, op);
    const compiled = compileBulkQuery(schema, parsed.document);
    const failure = this.failure;
    const garbage = this.garbageLines;
    this.failure = null;
    this.garbageLines = 0;
    const run = this.execute(op, compiled, groupObjects, failure, garbage)
      .catch((error: unknown) => this.deps.onError(op, error))
      .finally(() => this.running.delete(op.id));
    this.running.set(op.id, run);
    return { bulkOperation: op, userErrors: [] };
  }

  cancel(id: number): { bulkOperation: BulkOperationRecord | null; userErrors: { field: string[] | null; message: string }[] } {
    const op = this.ops.get(id);
    if (!op) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (FINISHED.includes(op.status)) {
      return { bulkOperation: op, userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` }] };
    }
    op.status = "CANCELING";
    return { bulkOperation: op, userErrors: [] };
  }

  // -- running --------------------------------------------------------------

  private async execute(op: BulkOperationRecord, compiled: CompiledBulkQuery, grouped: boolean, failure: FailurePlan | null, garbage: number): Promise<void> {
    await nextTurn(); // the mutation's response goes out with status CREATED first
    if (op.status === "CANCELING") return this.finish(op, "CANCELED");
    op.status = "RUNNING";

    const ctx = this.deps.context();
    const file = this.deps.files.create(() => {
      if (op.status === "COMPLETED" || op.status === "FAILED" || op.status === "CANCELED") {
        op.status = "EXPIRED";
        op.url = null;
        op.partialDataUrl = null;
      }
    });
    const out = fs.createWriteStream(file.path);
    const walker = new BulkWalker(ctx);
    let bytes = 0;
    let failed = false;
    try {
      const roots = rootNodes(compiled, ctx);
      const plan = rootPlan(compiled);
      const failAfter = failure ? (failure.afterObjects ?? Math.max(1, Math.floor(roots.length / 2))) : Infinity;
      // Garbage goes between root nodes, spread evenly; what is left over goes at the end.
      const garbageEvery = garbage > 0 ? Math.max(1, Math.floor(roots.length / (garbage + 1))) : 0;
      let garbageWritten = 0;

      // Lines are written in batches of about 1 MB: fewer, larger writes.
      let batch: string[] = [];
      let batchChars = 0;
      const flush = async () => {
        if (!batch.length) return;
        const buf = Buffer.from(`${batch.join("\n")}\n`);
        batch = [];
        batchChars = 0;
        bytes += buf.length;
        if (!out.write(buf)) await once(out, "drain");
      };
      for (let i = 0; i < roots.length; i += CHUNK) {
        if ((op.status as BulkOperationStatus) === "CANCELING") break;
        let lines: string[] = [];
        // Ungrouped, Shopify promises no order between parents and their
        // nested objects; here each chunk's nested objects come before their
        // parents, so a reader that relies on grouping fails visibly.
        const nested: string[] = [];
        const end = Math.min(roots.length, i + CHUNK);
        for (let r = i; r < end; r++) {
          if (garbageWritten < garbage && r > 0 && r % garbageEvery === 0) lines.push(GARBAGE[garbageWritten++ % GARBAGE.length]);
          if (grouped) walker.emitNode(plan, roots[r], null, lines);
          else {
            const own: string[] = [];
            walker.emitNode(plan, roots[r], null, own);
            lines.push(own[0]);
            for (let k = 1; k < own.length; k++) nested.push(own[k]);
          }
          walker.counts.roots++;
          if (walker.counts.objects >= failAfter) {
            failed = true;
            break;
          }
        }
        if (nested.length) lines = [...nested, ...lines];
        if (failed) {
          // Shopify's partial data ends at the failure; keep what was written up to the threshold.
          const keep = lines.length - Math.max(0, walker.counts.objects - failAfter);
          lines.length = keep;
          walker.counts.objects = failAfter;
        }
        for (const line of lines) {
          batch.push(line);
          batchChars += line.length;
        }
        if (batchChars >= 1 << 20 || failed) await flush();
        op.objectCount = walker.counts.objects;
        op.rootObjectCount = walker.counts.roots;
        if (failed) break;
        if (this.chunkDelayMs) await sleep(this.chunkDelayMs);
        else await nextTurn();
      }
      while (!failed && garbageWritten < garbage) batch.push(GARBAGE[garbageWritten++ % GARBAGE.length]);
      await flush();
    } catch (error) {
      out.end();
      await once(out, "close");
      op.partialDataUrl = bytes > 0 ? file.url : null;
      this.finish(op, "FAILED", "INTERNAL_SERVER_ERROR");
      throw error;
    }
    out.end();
    await once(out, "close");

    if ((op.status as BulkOperationStatus) === "CANCELING") {
      op.partialDataUrl = bytes > 0 ? file.url : null;
      return this.finish(op, "CANCELED");
    }
    if (failed) {
      op.partialDataUrl = bytes > 0 ? file.url : null;
      return this.finish(op, "FAILED", failure?.errorCode ?? "INTERNAL_SERVER_ERROR");
    }
    // An operation that found nothing has no file: url and fileSize stay null.
    if (bytes > 0) {
      op.url = file.url;
      op.fileSize = bytes;
    }
    this.finish(op, "COMPLETED");
  }

  private finish(op: BulkOperationRecord, status: BulkOperationStatus, errorCode: BulkOperationErrorCode | null = null): void {
    op.status = status;
    op.errorCode = errorCode;
    op.completedAt = this.deps.now();
    this.deps.onFinish(op);
  }
}

/** Lines the app's bulk import must survive: cut-off JSON, not JSON, JSON of the wrong shape. */
const GARBAGE = ['{"id":"gid://shopify/Product/', "this line is not JSON", '{"unexpected":true,"__parentId":42}'];
