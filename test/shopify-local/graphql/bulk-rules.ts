// What Shopify refuses in a bulk query beyond schema validation: the inner
// query must be one query with exactly one top-level connection field, at
// most five connections, nested at most two deep, no top-level node/nodes,
// no connection inside a list, and nested connections' parents must select
// their id (it becomes the children's __parentId).
// https://shopify.dev/docs/api/usage/bulk-operations/queries#operation-restrictions

import {
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { isConnectionType } from "./bulk-executor.js";

const MAX_CONNECTIONS = 5;
/** Connection depth counting the top-level connection: products > variants is 2. */
const MAX_DEPTH = 2;

export function bulkQueryProblems(schema: GraphQLSchema, document: DocumentNode): string[] {
  const problems: string[] = [];
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const ops = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1) return ["Bulk queries must contain exactly one operation."];
  const op = ops[0];
  if (op.kind !== Kind.OPERATION_DEFINITION || op.operation !== "query")
    return ["Bulk operations only support queries: use bulkOperationRunMutation for mutations."];

  const fieldsOf = (set: SelectionSetNode | undefined): { name: string; alias: string | null; set: SelectionSetNode | undefined }[] => {
    const out: { name: string; alias: string | null; set: SelectionSetNode | undefined }[] = [];
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) out.push({ name: sel.name.value, alias: sel.alias?.value ?? null, set: sel.selectionSet });
      else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(sel.selectionSet));
      else out.push(...fieldsOf(fragments[sel.name.value]?.selectionSet));
    }
    return out;
  };

  const top = fieldsOf(op.selectionSet).filter((f) => f.name !== "__typename");
  if (top.some((f) => f.name === "node" || f.name === "nodes")) problems.push("The top-level `node` and `nodes` fields can't be used in bulk queries.");
  if (top.length !== 1) problems.push("Bulk queries must contain exactly one top-level field.");

  let connections = 0;
  let deepest = 0;
  const missingIds: string[] = [];
  // Walks a selection on `type`; `depth` counts the connections around it.
  const walk = (type: GraphQLNamedType, set: SelectionSetNode | undefined, depth: number, onNodes: boolean, inList: boolean): void => {
    const fields = fieldsOf(set);
    const objectTypes: GraphQLObjectType[] = isObjectType(type) ? [type] : isAbstractType(type) ? [...schema.getPossibleTypes(type)] : [];
    for (const f of fields) {
      const def = objectTypes.map((t) => t.getFields()[f.name]).find(Boolean);
      if (!def) continue;
      const named = getNamedType(def.type);
      if (isConnectionType(named)) {
        connections++;
        deepest = Math.max(deepest, depth + 1);
        if (inList) problems.push("Queries that contain a connection field within a list field are not currently supported.");
        if (depth > 0 && !onNodes) problems.push("The local Shopify supports nested connections only directly on a connection's nodes.");
        if (depth > 0 && onNodes && !fields.some((x) => x.name === "id" && x.alias === null)) missingIds.push(f.name);
        const conn = named as GraphQLObjectType;
        const nodeType = getNamedType(conn.getFields().nodes?.type ?? conn.getFields().edges.type);
        for (const sub of fieldsOf(f.set)) {
          if (sub.name === "nodes") walk(nodeType, sub.set, depth + 1, true, false);
          if (sub.name === "edges") {
            const edgeType = getNamedType(conn.getFields().edges.type) as GraphQLObjectType;
            for (const e of fieldsOf(sub.set)) if (e.name === "node") walk(getNamedType(edgeType.getFields().node.type), e.set, depth + 1, true, false);
          }
        }
      } else if (f.set) {
        walk(named, f.set, depth, false, inList || isListType(getNullableType(def.type)));
      }
    }
  };
  walk(schema.getQueryType()!, op.selectionSet, 0, false, false);

  if (connections === 0) problems.push("Bulk queries must contain at least one connection.");
  if (connections > MAX_CONNECTIONS) problems.push(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);
  if (deepest > MAX_DEPTH) problems.push(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_DEPTH}.`);
  if (missingIds.length) {
    problems.push(
      `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'Node' type. Invalid connections: ${missingIds.join(", ")}.`,
    );
  }
  return [...new Set(problems)];
}
