// BulkOperation and the bulk mutations; the life cycle lives in ../../bulk.ts.
// https://shopify.dev/docs/api/admin-graphql/2026-07/objects/BulkOperation

import type { BulkOperationRecord } from "../../bulk.js";
import { gid } from "../../gid.js";
import type { Args, FieldResolvers } from "../context.js";
import { idArg, uint64 } from "./common.js";

export const BulkOperation: FieldResolvers<BulkOperationRecord> = {
  id: (op) => gid("BulkOperation", op.id),
  objectCount: (op) => uint64(op.objectCount),
  rootObjectCount: (op) => uint64(op.rootObjectCount),
  fileSize: (op) => (op.fileSize === null ? null : uint64(op.fileSize)),
};

export const bulkMutations: FieldResolvers<unknown> = {
  bulkOperationRunQuery: (_s, args: Args, ctx) => ctx.shop.bulk.runQuery(String(args.query), { groupObjects: args.groupObjects === true }),
  bulkOperationCancel: (_s, args: Args, ctx) => {
    const id = idArg(args.id, "BulkOperation");
    return id === null ? { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] } : ctx.shop.bulk.cancel(id);
  },
};
