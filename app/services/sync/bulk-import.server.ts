import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { BulkOperationRunQueryMutation } from "../../graphql/bulk-operation-run-query";
import { BulkOperationStatusQuery } from "../../graphql/bulk-operation-status";
import { BulkOrdersQuery } from "../../graphql/bulk-orders";
import { BulkProductsQuery } from "../../graphql/bulk-products";
import { writeOrders } from "../../models/orders.server";
import { writeProducts } from "../../models/products.server";
import type { OrderRecord, ProductRecord } from "../../models/records";
import { startSyncRun, updateSyncRun } from "../../models/sync-runs.server";
import { errorMessage } from "../../lib/errors.server";
import type { Logger } from "../../lib/logger.server";
import type { ShopifyAdmin } from "../shopify-admin.server";
import { orderFromBulk, productFromBulk } from "./mappers";

export type SyncResource = "products" | "orders";

const RESOURCES = {
  products: { query: BulkProductsQuery, map: productFromBulk, write: writeProducts },
  orders: { query: BulkOrdersQuery, map: orderFromBulk, write: writeOrders },
} satisfies Record<SyncResource, unknown>;

export interface Rejection {
  line: number;
  reason: string;
  excerpt: string;
}

export interface BulkImportResult {
  objectCount: number;
  written: number;
  rejected: number;
}

export interface BulkImportOptions {
  log: Logger;
  pollMs?: number;
  batchSize?: number;
  onProgress?: (written: number) => Promise<void> | void;
  fetchFile?: (url: string) => Promise<Response>;
}

const MAX_KEPT_REJECTIONS = 50;

/**
 * Imports one resource through an Admin API bulk operation: start it, wait
 * for it, stream its JSONL and write in batches. A line that does not parse
 * or lacks fields is rejected (kept on the SyncRun for inspection) and the
 * rest still lands; each batch is one transaction, so nothing is half-written.
 * https://shopify.dev/docs/api/usage/bulk-operations/queries
 */
export async function runBulkImport(admin: ShopifyAdmin, shopId: string, resource: SyncResource, options: BulkImportOptions): Promise<BulkImportResult> {
  const { log, pollMs = 1_000, batchSize = 250 } = options;
  const run = await startSyncRun(shopId, resource);
  try {
    const { bulkOperationRunQuery } = await admin.mutate(BulkOperationRunQueryMutation, { query: RESOURCES[resource].query });
    const operationId = bulkOperationRunQuery?.bulkOperation?.id;
    if (!operationId) throw new Error(`bulkOperationRunQuery started no ${resource} export and gave no reason`);
    await updateSyncRun(shopId, run.id, { bulkOperationId: operationId });
    log.info({ resource, operationId }, "bulk operation started");

    const operation = await waitForBulkOperation(admin, operationId, pollMs);
    const result = operation.url
      ? await importJsonl(shopId, resource, operation.url, { ...options, batchSize })
      : { objectCount: 0, written: 0, rejected: 0, rejections: [] as Rejection[] };
    await updateSyncRun(shopId, run.id, {
      status: "succeeded",
      objectCount: result.written,
      rejectedLines: result.rejected,
      rejections: JSON.stringify(result.rejections),
      finishedAt: new Date(),
    });
    if (result.rejected) log.warn({ resource, rejected: result.rejected, first: result.rejections[0] }, "bulk import rejected lines");
    return { objectCount: result.objectCount, written: result.written, rejected: result.rejected };
  } catch (error) {
    await updateSyncRun(shopId, run.id, { status: "failed", error: errorMessage(error), finishedAt: new Date() });
    throw error;
  }
}

async function waitForBulkOperation(admin: ShopifyAdmin, id: string, pollMs: number) {
  for (;;) {
    const { node } = await admin.request(BulkOperationStatusQuery, { id });
    if (!node) throw new Error(`bulk operation ${id} not found`);
    if (node.status === "COMPLETED") return node;
    if (node.status === "FAILED" || node.status === "CANCELED" || node.status === "EXPIRED") {
      throw new Error(`bulk operation ${id} ended ${node.status}${node.errorCode ? ` (${node.errorCode})` : ""}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function importJsonl(shopId: string, resource: SyncResource, url: string, options: BulkImportOptions & { batchSize: number }) {
  const fetchFile = options.fetchFile ?? ((u: string) => fetch(u));
  const response = await fetchFile(url);
  if (!response.ok || !response.body) throw new Error(`bulk result download failed: HTTP ${response.status}`);
  const lines = createInterface({ input: Readable.fromWeb(response.body as WebReadableStream), crlfDelay: Infinity });

  const { map, write } = RESOURCES[resource] as {
    map: (node: unknown, children: unknown[]) => ProductRecord | OrderRecord;
    write: (shopId: string, records: never[]) => Promise<unknown>;
  };
  const rejections: Rejection[] = [];
  let rejected = 0;
  let objectCount = 0;
  let written = 0;
  const reject = (line: number, reason: string, text: string) => {
    rejected++;
    if (rejections.length < MAX_KEPT_REJECTIONS) rejections.push({ line, reason, excerpt: text.slice(0, 200) });
  };

  // Shopify writes each parent before its children, so a parent is complete
  // when the next parent starts.
  let current: { id: string; line: number; node: unknown; children: unknown[] } | undefined;
  let batch: (ProductRecord | OrderRecord)[] = [];
  const orphans = new Map<string, number>();
  const finishCurrent = () => {
    if (!current) return;
    try {
      batch.push(map(current.node, current.children));
    } catch (error) {
      reject(current.line, errorMessage(error), JSON.stringify(current.node));
    }
    current = undefined;
  };
  const flush = async () => {
    if (!batch.length) return;
    await write(shopId, batch as never[]);
    written += batch.length;
    batch = [];
    await options.onProgress?.(written);
  };

  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (!text.trim()) continue;
    objectCount++;
    let value: { id?: unknown; __parentId?: unknown };
    try {
      value = JSON.parse(text);
      if (typeof value !== "object" || value === null || typeof value.id !== "string") throw new Error("not an object with an id");
    } catch (error) {
      reject(lineNo, `line is not valid JSON: ${errorMessage(error)}`, text);
      continue;
    }
    const parentId = typeof value.__parentId === "string" ? value.__parentId : undefined;
    if (parentId) {
      if (current && current.id === parentId) current.children.push(value);
      else orphans.set(parentId, (orphans.get(parentId) ?? 0) + 1);
      continue;
    }
    finishCurrent();
    if (batch.length >= options.batchSize) await flush();
    current = { id: value.id as string, line: lineNo, node: value, children: [] };
  }
  finishCurrent();
  await flush();
  for (const [parentId, count] of orphans) reject(0, `${count} child line(s) for ${parentId} came without their parent`, parentId);
  return { objectCount, written, rejected, rejections };
}
