// The `query:` argument of list fields: Shopify's search syntax.
// https://shopify.dev/docs/api/usage/search-syntax
//
// Supported: `field:value`, comparators `:>` `:>=` `:<` `:<=`, quoted values
// ('...' or "..."), prefix wildcards (`title:mug*`), comma lists
// (`status:active,draft`), implicit AND, `AND`, `OR`, `NOT`/`-`, parentheses,
// and free text (matched against each resource's default fields).
// A term on a field the resource does not know matches everything and is
// reported back as a warning, as Shopify does in `extensions.search`.

export type FieldValue = string | number | boolean | null | readonly string[];

export interface SearchField<T> {
  kind: "text" | "number" | "date" | "enum" | "boolean";
  get: (item: T) => FieldValue;
}

export interface SearchSpec<T> {
  fields: Record<string, SearchField<T>>;
  /** What free text (a term without `field:`) is matched against. */
  text: (item: T) => string;
}

type Comparator = ":" | ":>" | ":>=" | ":<" | ":<=";

type Node =
  | { kind: "term"; field: string | null; op: Comparator; value: string; quoted: boolean }
  | { kind: "and" | "or"; children: Node[] }
  | { kind: "not"; child: Node };

export interface SearchWarning {
  field: string;
  message: string;
}

export interface CompiledSearch<T> {
  matches: (item: T) => boolean;
  warnings: SearchWarning[];
}

export function compileSearch<T>(query: string | null | undefined, spec: SearchSpec<T>): CompiledSearch<T> {
  const text = (query ?? "").trim();
  if (!text) return { matches: () => true, warnings: [] };
  const ast = new Parser(tokenize(text)).parse();
  const warnings: SearchWarning[] = [];
  const matches = compile(ast, spec, warnings);
  return { matches, warnings };
}

// ---------------------------------------------------------------------------

type Token = { type: "word"; text: string; quoted: boolean } | { type: "(" | ")" };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "(" || c === ")") {
      tokens.push({ type: c });
      i++;
      continue;
    }
    // A word runs to whitespace or a parenthesis, but quoted parts may contain
    // both. `quoted` marks a word that is a quoted phrase as a whole (free
    // text), not one with a quoted value (title:'red mug').
    let text = "";
    const quoted = c === "'" || c === '"';
    while (i < input.length && !/\s/.test(input[i]) && input[i] !== "(" && input[i] !== ")") {
      const ch = input[i];
      if (ch === "'" || ch === '"') {
        const close = input.indexOf(ch, i + 1);
        const end = close < 0 ? input.length : close;
        text += input.slice(i + 1, end);
        i = end + 1;
      } else if (ch === "\\" && i + 1 < input.length) {
        text += input[i + 1];
        i += 2;
      } else {
        text += ch;
        i++;
      }
    }
    tokens.push({ type: "word", text, quoted });
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isWord(t: Token | undefined, word: string): boolean {
    return t?.type === "word" && !t.quoted && t.text === word;
  }

  private or(): Node {
    const children = [this.and()];
    while (this.isWord(this.peek(), "OR")) {
      this.i++;
      children.push(this.and());
    }
    return children.length === 1 ? children[0] : { kind: "or", children };
  }

  private and(): Node {
    const children: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.type === ")" || this.isWord(t, "OR")) break;
      if (this.isWord(t, "AND")) {
        this.i++;
        continue;
      }
      children.push(this.unary());
    }
    if (children.length === 0) return { kind: "and", children: [] };
    return children.length === 1 ? children[0] : { kind: "and", children };
  }

  private unary(): Node {
    const t = this.peek();
    if (this.isWord(t, "NOT")) {
      this.i++;
      return { kind: "not", child: this.unary() };
    }
    if (t?.type === "(") {
      this.i++;
      const inner = this.or();
      if (this.peek()?.type === ")") this.i++;
      return inner;
    }
    this.i++;
    if (!t || t.type !== "word") return { kind: "and", children: [] };
    if (!t.quoted && t.text.startsWith("-") && t.text.length > 1) {
      return { kind: "not", child: term(t.text.slice(1), false) };
    }
    return term(t.text, t.quoted);
  }
}

function term(text: string, quoted: boolean): Node {
  const m = quoted ? null : /^([A-Za-z_][A-Za-z0-9_.]*)(:>=|:<=|:>|:<|:)(.*)$/.exec(text);
  if (!m) return { kind: "term", field: null, op: ":", value: text, quoted };
  return { kind: "term", field: m[1].toLowerCase(), op: m[2] as Comparator, value: m[3], quoted };
}

function compile<T>(node: Node, spec: SearchSpec<T>, warnings: SearchWarning[]): (item: T) => boolean {
  switch (node.kind) {
    case "and": {
      const parts = node.children.map((c) => compile(c, spec, warnings));
      return (item) => parts.every((p) => p(item));
    }
    case "or": {
      const parts = node.children.map((c) => compile(c, spec, warnings));
      return (item) => parts.some((p) => p(item));
    }
    case "not": {
      const inner = compile(node.child, spec, warnings);
      return (item) => !inner(item);
    }
    case "term":
      return compileTerm(node, spec, warnings);
  }
}

function compileTerm<T>(node: Extract<Node, { kind: "term" }>, spec: SearchSpec<T>, warnings: SearchWarning[]): (item: T) => boolean {
  if (node.field === null) {
    const needle = node.value.toLowerCase().replace(/\*$/, "");
    return (item) => spec.text(item).toLowerCase().includes(needle);
  }
  const field = spec.fields[node.field];
  if (!field) {
    warnings.push({ field: node.field, message: "Invalid search field for this query." });
    return () => true;
  }
  const op = node.op;
  switch (field.kind) {
    case "number": {
      const want = Number(node.value);
      if (!Number.isFinite(want)) return () => false;
      return (item) => {
        const v = field.get(item);
        return typeof v === "number" && compareOp(v, want, op);
      };
    }
    case "date": {
      const want = parseSearchDate(node.value);
      if (want === null) {
        warnings.push({ field: node.field, message: `Invalid date: ${node.value}` });
        return () => false;
      }
      return (item) => {
        const v = field.get(item);
        if (typeof v !== "string") return false;
        return compareOp(Date.parse(v), want, op);
      };
    }
    case "boolean": {
      const want = node.value.toLowerCase() === "true";
      return (item) => field.get(item) === want;
    }
    case "enum":
    case "text": {
      const alternatives = (field.kind === "enum" ? node.value.split(",") : [node.value]).map((v) => v.toLowerCase());
      const tests = alternatives.map((alt) =>
        alt === "*" ? (s: string) => s.length > 0 : alt.endsWith("*") ? (s: string) => s.startsWith(alt.slice(0, -1)) : (s: string) => s === alt,
      );
      return (item) => {
        const v = field.get(item);
        const values = Array.isArray(v) ? v : v === null || v === undefined ? [] : [String(v)];
        if (op !== ":") return values.some((s) => compareOp(s.toLowerCase(), alternatives[0], op));
        return values.some((s) => tests.some((t) => t(s.toLowerCase())));
      };
    }
  }
}

function compareOp<V extends string | number>(a: V, b: V, op: Comparator): boolean {
  switch (op) {
    case ":":
      return a === b;
    case ":>":
      return a > b;
    case ":>=":
      return a >= b;
    case ":<":
      return a < b;
    case ":<=":
      return a <= b;
  }
}

/** ISO dates and date-times; a date without a zone is read as UTC. */
function parseSearchDate(value: string): number | null {
  const v = value.trim();
  if (v.toLowerCase() === "now") return Date.now();
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /T[\d:.]+$/.test(v) ? `${v}Z` : v;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? null : t;
}
