// Shopify runs graphql-ruby, whose error messages and `extensions.code`
// differ from graphql-js'. The local Shopify validates with graphql-js and
// rewrites the errors into graphql-ruby's wording, so that what the app logs,
// matches on or shows a developer is what the real Admin API would send.
// https://shopify.dev/docs/api/admin-graphql#status_and_error_codes

import {
  GraphQLError,
  Kind,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type GraphQLSchema,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from "graphql";

/** The JSON Shopify sends for one error. */
export interface ShopifyErrorJson {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export function errorJson(error: GraphQLError): ShopifyErrorJson {
  const json = error.toJSON() as ShopifyErrorJson;
  if (json.extensions && Object.keys(json.extensions).length === 0) delete json.extensions;
  return json;
}

// ---------------------------------------------------------------------------
// Syntax errors

/**
 * graphql-ruby reports a syntax error as `Parse error on "}" (RCURLY) at [1, 10]`,
 * naming the token where parsing stopped; read that token from the source.
 */
export function shopifySyntaxError(error: GraphQLError): GraphQLError {
  const body = error.source?.body ?? "";
  const position = error.positions?.[0] ?? body.length;
  const loc = error.locations?.[0];
  const at = loc ? ` at [${loc.line}, ${loc.column}]` : "";
  const rest = body.slice(position);
  let token: string;
  let r: RegExpExecArray | null;
  if (!rest.trim()) token = "end of file";
  else if ((r = /^(\.\.\.|[{}()[\]:=!$@|&])/.exec(rest))) token = `"${r[1]}" (${TOKEN_NAMES[r[1]]})`;
  else if ((r = /^-?\d+\.\d+/.exec(rest))) token = `"${r[0]}" (FLOAT)`;
  else if ((r = /^-?\d+/.exec(rest))) token = `"${r[0]}" (INT)`;
  else if ((r = /^"[^"]*"?/.exec(rest))) token = `${r[0]} (STRING)`;
  else if ((r = /^[_A-Za-z][_0-9A-Za-z]*/.exec(rest))) token = `"${r[0]}" (IDENTIFIER)`;
  else token = `"${rest[0]}" (UNKNOWN_CHAR)`;
  return new GraphQLError(`Parse error on ${token}${at}`, { source: error.source, positions: error.positions });
}

const TOKEN_NAMES: Record<string, string> = {
  "{": "LCURLY",
  "}": "RCURLY",
  "(": "LPAREN",
  ")": "RPAREN",
  "[": "LBRACKET",
  "]": "RBRACKET",
  ":": "COLON",
  "=": "EQUALS",
  "!": "BANG",
  $: "VAR_SIGN",
  "@": "DIR_SIGN",
  "...": "ELLIPSIS",
  "|": "PIPE",
  "&": "AMP",
};

// ---------------------------------------------------------------------------
// Validation errors

interface NodeContext {
  /** graphql-ruby's path: "query Name", field names, argument names... */
  path: string[];
  field?: FieldNode;
  argument?: ArgumentNode;
  operation?: OperationDefinitionNode;
  /** For value nodes: the input type expected there. */
  inputType?: string;
  /** Inside an input object: the field and the input object's type. */
  objectField?: { name: string; inputObject: string };
}

/** Where every node of the document sits, for messages that name the field or argument. */
function contextsOf(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, NodeContext> {
  const contexts = new Map<ASTNode, NodeContext>();
  const stack: NodeContext[] = [];
  const top = (): NodeContext => stack[stack.length - 1] ?? { path: [] };
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        const parent = top();
        let ctx: NodeContext = parent;
        switch (node.kind) {
          case Kind.OPERATION_DEFINITION:
            ctx = { path: [node.name ? `${node.operation} ${node.name.value}` : node.operation], operation: node };
            break;
          case Kind.FRAGMENT_DEFINITION:
            ctx = { path: [`fragment ${node.name.value}`] };
            break;
          case Kind.FIELD:
            ctx = { ...parent, path: [...parent.path, node.name.value], field: node, argument: undefined, objectField: undefined };
            break;
          case Kind.ARGUMENT:
            ctx = { ...parent, path: [...parent.path, node.name.value], argument: node, objectField: undefined };
            break;
          case Kind.OBJECT_FIELD:
            ctx = {
              ...parent,
              path: [...parent.path, node.name.value],
              objectField: { name: node.name.value, inputObject: String(typeInfo.getParentInputType() ?? "").replace(/[[\]!]/g, "") },
            };
            break;
          case Kind.INLINE_FRAGMENT:
            ctx = { ...parent, path: [...parent.path, node.typeCondition ? `... on ${node.typeCondition.name.value}` : "..."] };
            break;
          case Kind.FRAGMENT_SPREAD:
            ctx = { ...parent, path: [...parent.path, `... ${node.name.value}`] };
            break;
          default:
            break;
        }
        const inputType = typeInfo.getInputType();
        if (inputType && ctx !== parent) ctx = { ...ctx, inputType: String(inputType) };
        else if (inputType) ctx = { ...parent, inputType: String(inputType) };
        contexts.set(node, ctx);
        stack.push(ctx);
      },
      leave() {
        stack.pop();
      },
    }),
  );
  return contexts;
}

type Rewrite = { message: string; extensions: Record<string, unknown> };

/** Rewrites graphql-js validation errors into graphql-ruby's messages and codes. */
export function shopifyValidationErrors(schema: GraphQLSchema, document: DocumentNode, errors: readonly GraphQLError[]): GraphQLError[] {
  if (errors.length === 0) return [];
  const contexts = contextsOf(schema, document);
  return errors.map((error) => {
    const node = error.nodes?.[0];
    // The last node is the most specific one (a variable's use rather than its definition).
    const last = error.nodes?.[error.nodes.length - 1];
    const ctx = (last && contexts.get(last)) || (node && contexts.get(node)) || { path: [] };
    const rewrite = rewriteValidation(error, ctx, node) ?? {
      message: error.message,
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    };
    return new GraphQLError(rewrite.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: ctx.path.length ? ctx.path : undefined,
      extensions: rewrite.extensions,
    });
  });
}

function rewriteValidation(error: GraphQLError, ctx: NodeContext, node: ASTNode | undefined): Rewrite | null {
  const m = error.message;
  let r: RegExpExecArray | null;

  if ((r = /^Cannot query field "(.+?)" on type "(.+?)"\./.exec(m))) {
    return {
      message: `Field '${r[1]}' doesn't exist on type '${r[2]}'`,
      extensions: { code: "undefinedField", typeName: r[2], fieldName: r[1] },
    };
  }
  if ((r = /^Unknown argument "(.+?)" on field "(.+?)\.(.+?)"\./.exec(m))) {
    return {
      message: `Field '${r[3]}' doesn't accept argument '${r[1]}'`,
      extensions: { code: "argumentNotAccepted", name: r[3], typeName: "Field", argumentName: r[1] },
    };
  }
  if ((r = /^Unknown argument "(.+?)" on directive "@(.+?)"\./.exec(m))) {
    return {
      message: `Directive '${r[2]}' doesn't accept argument '${r[1]}'`,
      extensions: { code: "argumentNotAccepted", name: r[2], typeName: "Directive", argumentName: r[1] },
    };
  }
  if ((r = /^Field "(.+?)" argument "(.+?)" of type ".+?" is required, but it was not provided\./.exec(m))) {
    return {
      message: `Field '${r[1]}' is missing required arguments: ${r[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: r[1], arguments: r[2] },
    };
  }
  if ((r = /^Field "(.+?)" of type "(.+?)" must have a selection of subfields\./.exec(m))) {
    const typeName = r[2].replace(/[[\]!]/g, "");
    return {
      message: `Field '${r[1]}' returns ${typeName} but has no selections. Did you mean '${r[1]} { ... }'?`,
      extensions: { code: "selectionMismatch", nodeName: `field '${r[1]}'`, typeName },
    };
  }
  if ((r = /^Field "(.+?)" must not have a selection since type "(.+?)" has no subfields\./.exec(m))) {
    const typeName = r[2].replace(/[[\]!]/g, "");
    const set = node?.kind === Kind.FIELD ? node.selectionSet : node?.kind === Kind.SELECTION_SET ? node : undefined;
    const selections = (set?.selections ?? []).map(selectionName).join(", ");
    return {
      message: `Selections can't be made on scalars (field '${r[1]}' returns ${typeName} but has selections [${selections}])`,
      extensions: { code: "selectionMismatch", nodeName: `field '${r[1]}'`, typeName },
    };
  }
  if ((r = /^Variable "\$(.+?)" is not defined(?: by operation "(.+?)")?\./.exec(m))) {
    return {
      message: `Variable $${r[1]} is used by ${r[2] ?? "anonymous query"} but not declared`,
      extensions: { code: "variableNotDefined", variableName: r[1] },
    };
  }
  if ((r = /^Variable "\$(.+?)" is never used(?: in operation "(.+?)")?\./.exec(m))) {
    return {
      message: `Variable $${r[1]} is declared by ${r[2] ?? "anonymous query"} but not used`,
      extensions: { code: "variableNotUsed", variableName: r[1] },
    };
  }
  if ((r = /^Unknown type "(.+?)"\./.exec(m))) {
    const varDef = error.nodes?.find((n): n is VariableDefinitionNode => n.kind === Kind.VARIABLE_DEFINITION);
    if (varDef || (node && node.kind === Kind.NAMED_TYPE && !ctx.path.some((p) => p.startsWith("... on") || p.startsWith("fragment")))) {
      const varName = varDef?.variable.name.value;
      return {
        message: `${r[1]} isn't a defined input type${varName ? ` (on $${varName})` : ""}`,
        extensions: { code: "variableRequiresValidType", typeName: r[1], ...(varName ? { variableName: varName } : {}) },
      };
    }
    return {
      message: `No such type ${r[1]}, so it can't be a fragment condition`,
      extensions: { code: "undefinedType", typeName: r[1] },
    };
  }
  if ((r = /^Unknown fragment "(.+?)"\./.exec(m))) {
    return {
      message: `Fragment ${r[1]} was used, but not defined`,
      extensions: { code: "useAndDefineFragment", fragmentName: r[1] },
    };
  }
  if ((r = /^Fragment "(.+?)" is never used\./.exec(m))) {
    return {
      message: `Fragment ${r[1]} was defined, but not used`,
      extensions: { code: "useAndDefineFragment", fragmentName: r[1] },
    };
  }
  if ((r = /^Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"\./.exec(m))) {
    const nullabilityOnly = r[2].replace(/!/g, "") === r[3].replace(/!/g, "");
    const argumentName = ctx.argument?.name.value ?? "";
    const kind = nullabilityOnly ? "Nullability mismatch" : "Type mismatch";
    return {
      message: `${kind} on variable $${r[1]} and argument ${argumentName} (${r[2]} / ${r[3]})`,
      extensions: { code: "variableMismatch", variableName: r[1], typeName: r[2], argumentName, errorMessage: kind },
    };
  }
  if ((r = /^Unknown directive "@(.+?)"\./.exec(m))) {
    return { message: `Directive @${r[1]} is not defined`, extensions: { code: "undefinedDirective", directiveName: r[1] } };
  }
  if ((r = /^Fragment (?:"(.+?)" )?cannot be spread here as objects of type "(.+?)" can never be of type "(.+?)"\./.exec(m))) {
    const what = r[1] ? `Fragment ${r[1]} on ${r[3]}` : `Fragment on ${r[3]}`;
    return {
      message: `${what} can't be spread inside ${r[2]}`,
      extensions: { code: "fragmentSpreadTypeMismatch", fragmentName: r[1] ?? "unknown", typeName: r[3], parentName: r[2] },
    };
  }
  if ((r = /^Field "(.+?)\.(.+?)" of required type "(.+?)" was not provided\./.exec(m))) {
    return {
      message: `Argument '${r[2]}' on InputObject '${r[1]}' is required. Expected type ${r[3]}`,
      extensions: { code: "missingRequiredInputObjectAttribute", argumentName: r[2], argumentType: r[3], inputObjectType: r[1] },
    };
  }
  if ((r = /^Field "(.+?)" is not defined by type "(.+?)"\./.exec(m))) {
    return {
      message: `InputObject '${r[2]}' doesn't accept argument '${r[1]}'`,
      extensions: { code: "argumentNotAccepted", name: r[2], typeName: "InputObject", argumentName: r[1] },
    };
  }
  if ((r = /^Expected value of type "(.+?)", found (.+?)(?:;|\.$)/.exec(m)) || /cannot represent/.test(m)) {
    return invalidArgumentValue(ctx, node, r?.[1] ?? ctx.inputType);
  }
  if ((r = /^There can be only one operation named "(.+?)"\./.exec(m))) {
    return { message: `Operation name "${r[1]}" must be unique`, extensions: { code: "operationNotUnique", operationName: r[1] } };
  }
  if (/^This anonymous operation must be the only defined operation\./.test(m)) {
    return { message: "Operation name is required when multiple operations are present", extensions: { code: "anonymousOperationNotAlone" } };
  }
  if ((r = /^Fields "(.+?)" conflict because/.exec(m))) {
    return { message: `Field '${r[1]}' has a field conflict: ${m}`, extensions: { code: "fieldConflict", fieldName: r[1] } };
  }
  return null;
}

function invalidArgumentValue(ctx: NodeContext, node: ASTNode | undefined, expected: string | undefined): Rewrite {
  const value = node ? print(node) : "";
  const typeName = expected ? expected.replace(/!$/, "") : "";
  if (ctx.objectField) {
    const { name, inputObject } = ctx.objectField;
    return {
      message: `Argument '${name}' on InputObject '${inputObject}' has an invalid value (${value}). Expected type '${typeName}'.`,
      extensions: { code: "argumentLiteralsIncompatible", typeName: "InputObject", argumentName: name },
    };
  }
  const argumentName = ctx.argument?.name.value ?? "";
  const fieldName = ctx.field?.name.value ?? "";
  return {
    message: `Argument '${argumentName}' on Field '${fieldName}' has an invalid value (${value}). Expected type '${typeName}'.`,
    extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName },
  };
}

function selectionName(selection: { kind: string; name?: { value: string } }): string {
  return selection.name?.value ?? "...";
}

// ---------------------------------------------------------------------------
// Variable coercion errors

/**
 * graphql-ruby's shape for a bad variable: `Variable $id of type ID! was
 * provided invalid value`, with the value and the problems.
 */
export function shopifyVariableError(error: GraphQLError, definitions: readonly VariableDefinitionNode[], inputs: Record<string, unknown>): GraphQLError {
  const name = /Variable "\$(.+?)"/.exec(error.message)?.[1] ?? "";
  const def = definitions.find((d) => d.variable.name.value === name);
  const type = def ? print(def.type) : "";
  let explanation = error.message.replace(/^Variable "\$.+?" (?:got invalid value .+?; |of (?:required|non-null) type ".+?" )?/, "");
  let path: (string | number)[] = [];
  const at = /at "(.+?)"; (.*)$/.exec(error.message);
  if (at) {
    path = at[1]
      .split(".")
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    explanation = at[2];
  }
  if (/was not provided|must not be null/.test(error.message)) explanation = "Expected value to not be null";
  return new GraphQLError(`Variable $${name} of type ${type} was provided invalid value`, {
    nodes: def ? [def] : undefined,
    extensions: { code: "INVALID_VARIABLE", value: inputs[name] ?? null, problems: [{ path, explanation }] },
  });
}
