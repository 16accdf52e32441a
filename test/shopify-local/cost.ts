// Calculated query cost and the leaky bucket behind the Admin API's rate limit.
// https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits
// https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits
//
// Cost per field: scalars and enums 0, objects 1, interfaces and unions the
// most expensive of their possible selections, connections 2 plus their page
// size (first/last) times the cost of one node, mutations 10. The bucket is
// charged the requested cost up front and refunded the difference once the
// actual cost (counted on the nodes really returned) is known.

import {
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

export const SINGLE_QUERY_MAX_COST = 1000;
export const MUTATION_COST = 10;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface ThrottleSettings {
  maximumAvailable?: number;
  restoreRate?: number;
  /** Sets the current level (e.g. 0 to test throttling straight away). */
  currentlyAvailable?: number;
}

/** One bucket per shop and app, refilled continuously at restoreRate points/second. */
export class LeakyBucket {
  private level: number;
  private at: number;

  constructor(
    public maximumAvailable = 2000,
    public restoreRate = 100,
    private readonly clock: () => number = () => performance.now() / 1000,
  ) {
    this.level = maximumAvailable;
    this.at = clock();
  }

  available(): number {
    const t = this.clock();
    this.level = Math.min(this.maximumAvailable, this.level + (t - this.at) * this.restoreRate);
    this.at = t;
    return this.level;
  }

  /** Takes `cost` points if the bucket has them. */
  take(cost: number): boolean {
    if (this.available() < cost) return false;
    this.level -= cost;
    return true;
  }

  refund(points: number): void {
    this.level = Math.min(this.maximumAvailable, this.available() + Math.max(0, points));
  }

  configure(settings: ThrottleSettings): void {
    this.available();
    if (settings.maximumAvailable !== undefined) this.maximumAvailable = settings.maximumAvailable;
    if (settings.restoreRate !== undefined) this.restoreRate = settings.restoreRate;
    if (settings.currentlyAvailable !== undefined) this.level = Math.min(this.maximumAvailable, settings.currentlyAvailable);
    else this.level = Math.min(this.level, this.maximumAvailable);
  }

  status(): ThrottleStatus {
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available()),
      restoreRate: this.restoreRate,
    };
  }
}

// ---------------------------------------------------------------------------
// Calculated cost

interface CostWalk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** The cost Shopify would charge before running the operation. */
export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  const walk = walkOf(schema, document, variables);
  if (operation.operation === "mutation") return mutationCost(operation);
  return selectionCost(walk, schema.getQueryType()!, operation.selectionSet, undefined);
}

/** The cost of what was actually returned: connections count the nodes they returned. */
export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data: unknown,
): number {
  const walk = walkOf(schema, document, variables);
  if (operation.operation === "mutation") return mutationCost(operation);
  return selectionCost(walk, schema.getQueryType()!, operation.selectionSet, asRecord(data) ?? {});
}

function mutationCost(operation: OperationDefinitionNode): number {
  return operation.selectionSet.selections.filter((s) => s.kind !== Kind.FIELD || s.name.value !== "__typename").length * MUTATION_COST;
}

function walkOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): CostWalk {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return { schema, fragments, variables };
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/**
 * Cost of a selection on `type`. With `data` (the returned object for this
 * selection) the actual cost; without it the requested (worst case) cost.
 */
function selectionCost(walk: CostWalk, type: GraphQLNamedType, set: SelectionSetNode, data: Record<string, unknown> | undefined): number {
  const candidates: GraphQLObjectType[] = isObjectType(type)
    ? [type]
    : isAbstractType(type)
      ? (() => {
          const typename = data?.__typename;
          const all = [...walk.schema.getPossibleTypes(type)];
          const concrete = typeof typename === "string" ? all.filter((t) => t.name === typename) : [];
          return concrete.length ? concrete : all;
        })()
      : [];
  let best = 0;
  for (const t of candidates) best = Math.max(best, fieldsCost(walk, t, set, data));
  return best;
}

function fieldsCost(walk: CostWalk, type: GraphQLObjectType, set: SelectionSetNode, data: Record<string, unknown> | undefined): number {
  let total = 0;
  for (const node of collect(walk, type, set)) {
    if (node.name.value.startsWith("__")) continue;
    const field = type.getFields()[node.name.value];
    if (!field) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named) || !node.selectionSet) continue;
    const key = node.alias?.value ?? node.name.value;
    const value = data === undefined ? undefined : data[key];
    if (data !== undefined && (value === null || value === undefined)) {
      total += 1;
      continue;
    }
    if (isObjectType(named) && named.name.endsWith("Connection") && "edges" in named.getFields()) {
      total += connectionCost(walk, named, node, value);
    } else if (Array.isArray(value)) {
      // A plain list is charged like one object, as in the requested cost.
      let most = 0;
      for (const item of value) most = Math.max(most, selectionCost(walk, named, node.selectionSet, asRecord(item) ?? {}));
      total += 1 + most;
    } else {
      total += 1 + selectionCost(walk, named, node.selectionSet, value === undefined ? undefined : (asRecord(value) ?? {}));
    }
  }
  return total;
}

function connectionCost(walk: CostWalk, conn: GraphQLObjectType, node: FieldNode, value: unknown): number {
  const edgeType = getNamedType(conn.getFields().edges.type) as GraphQLObjectType;
  const nodeType = getNamedType(edgeType.getFields().node.type);
  // The node selection: edges { node { ... } } and nodes { ... }.
  const nodeSets: { key: string; set: SelectionSetNode; viaEdges: boolean; edgeKey?: string }[] = [];
  for (const f of collect(walk, conn, node.selectionSet!)) {
    const key = f.alias?.value ?? f.name.value;
    if (f.name.value === "nodes" && f.selectionSet) nodeSets.push({ key, set: f.selectionSet, viaEdges: false });
    if (f.name.value === "edges" && f.selectionSet) {
      for (const e of collect(walk, edgeType, f.selectionSet)) {
        if (e.name.value === "node" && e.selectionSet) nodeSets.push({ key: e.alias?.value ?? "node", set: e.selectionSet, viaEdges: true, edgeKey: key });
      }
    }
  }
  const record = asRecord(value);
  if (record === null) {
    const size = pageSize(walk, node);
    const perNode = nodeSets.reduce((max, s) => Math.max(max, 1 + selectionCost(walk, nodeType, s.set, undefined)), 1);
    return 2 + size * perNode;
  }
  let total = 2;
  for (const s of nodeSets) {
    const items = s.viaEdges
      ? ((record[s.edgeKey!] as unknown[] | undefined) ?? []).map((edge) => asRecord(edge)?.[s.key])
      : ((record[s.key] as unknown[] | undefined) ?? []);
    let sum = 0;
    for (const item of items) sum += 1 + selectionCost(walk, nodeType, s.set, asRecord(item) ?? {});
    total = Math.max(total, 2 + sum);
  }
  return total;
}

function pageSize(walk: CostWalk, node: FieldNode): number {
  let size = 0;
  for (const arg of node.arguments ?? []) {
    if (arg.name.value === "first" || arg.name.value === "last") size = Math.max(size, intValue(walk, arg.value));
  }
  return size;
}

function intValue(walk: CostWalk, value: ValueNode): number {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = walk.variables[value.name.value];
    return typeof v === "number" ? v : 0;
  }
  return 0;
}

/** The field nodes of a selection on `type`, fragments expanded (merging is not needed for cost). */
function collect(walk: CostWalk, type: GraphQLObjectType, set: SelectionSetNode): FieldNode[] {
  const out: FieldNode[] = [];
  const seen = new Set<string>();
  const visit = (s: SelectionSetNode) => {
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(sel);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (!sel.typeCondition || applies(walk, sel.typeCondition.name.value, type)) visit(sel.selectionSet);
      } else {
        const frag = walk.fragments[sel.name.value];
        if (frag && applies(walk, frag.typeCondition.name.value, type)) visit(frag.selectionSet);
      }
    }
  };
  visit(set);
  return out;
}

function applies(walk: CostWalk, condition: string, type: GraphQLObjectType): boolean {
  if (condition === type.name) return true;
  const cond = walk.schema.getType(condition);
  return !!cond && isAbstractType(cond) && walk.schema.isSubType(cond, type);
}
