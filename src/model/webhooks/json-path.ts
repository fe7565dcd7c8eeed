/**
 * The JSONPath subset of webhook filters. AWS evaluates filters with Jayway JsonPath; Sluice
 * supports the part of that syntax that selects values, which is what webhook filters use:
 *
 *   $                 the root (every path starts with it)
 *   .name  ['name']   a member (`["name"]` too; `['a','b']` selects several)
 *   [0]  [-1]  [0,2]  array elements by index (negative counts from the end)
 *   [1:3]  [::2]      array slices (`start:end:step`, positive step)
 *   .*  [*]           every member or element
 *   ..name  ..*       deep scan: the selector applied at every depth
 *
 * Filter expressions (`[?(@.x)]`), script expressions and functions (`.length()`) are refused
 * with a JsonPathSyntaxError rather than silently read another way. A path selects a list of
 * values, in document order; a missing member selects nothing (never an error).
 */

export type JsonPathSelector =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'slice'; start?: number; end?: number; step: number }
  | { kind: 'wildcard' };

export interface JsonPathSegment {
  /** True for `..`: the selectors apply to the node and to every node below it. */
  descendant: boolean;
  selectors: JsonPathSelector[];
}

export type JsonPath = JsonPathSegment[];

export class JsonPathSyntaxError extends Error {
  /** Zero-based offset in the path text. */
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`);
    this.name = 'JsonPathSyntaxError';
    this.position = position;
  }
}

/** Characters that end a dot-notation member name. */
const NAME_END = /[.[\]()'"*,?!=<>&|@$\s]/;

class Parser {
  private i = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  parse(): JsonPath {
    if (this.text[0] !== '$') throw this.error('A path starts with $');
    this.i = 1;
    const segments: JsonPath = [];
    while (this.i < this.text.length) segments.push(this.segment());
    return segments;
  }

  private segment(): JsonPathSegment {
    if (this.text.startsWith('..', this.i)) {
      this.i += 2;
      if (this.peek() === '[') return { descendant: true, selectors: this.bracket() };
      return { descendant: true, selectors: [this.dotSelector()] };
    }
    if (this.peek() === '.') {
      this.i++;
      return { descendant: false, selectors: [this.dotSelector()] };
    }
    if (this.peek() === '[') return { descendant: false, selectors: this.bracket() };
    throw this.error(`Unexpected '${this.peek()}'`);
  }

  private dotSelector(): JsonPathSelector {
    if (this.peek() === '*') {
      this.i++;
      return { kind: 'wildcard' };
    }
    const start = this.i;
    while (this.i < this.text.length && !NAME_END.test(this.text[this.i] ?? '')) this.i++;
    if (this.i === start) throw this.error('Expected a member name');
    if (this.peek() === '(') throw this.error('Functions are not supported');
    return { kind: 'name', name: this.text.slice(start, this.i) };
  }

  private bracket(): JsonPathSelector[] {
    this.i++; // [
    this.spaces();
    const c = this.peek();
    let selectors: JsonPathSelector[];
    if (c === '?') throw this.error('Filter expressions are not supported');
    if (c === '(') throw this.error('Script expressions are not supported');
    if (c === '*') {
      this.i++;
      selectors = [{ kind: 'wildcard' }];
    } else if (c === "'" || c === '"') {
      selectors = this.list(() => ({ kind: 'name', name: this.quoted() }));
    } else {
      selectors = this.indexesOrSlice();
    }
    this.spaces();
    if (this.peek() !== ']') throw this.error("Expected ']'");
    this.i++;
    return selectors;
  }

  private list(item: () => JsonPathSelector): JsonPathSelector[] {
    const items = [item()];
    for (this.spaces(); this.peek() === ','; this.spaces()) {
      this.i++;
      this.spaces();
      items.push(item());
    }
    return items;
  }

  private indexesOrSlice(): JsonPathSelector[] {
    const start = this.integer();
    if (this.peek() !== ':') {
      if (start === undefined) throw this.error('Expected an index, a slice, a quoted name or *');
      const first: JsonPathSelector = { kind: 'index', index: start };
      if (this.peek() !== ',') return [first];
      this.i++;
      this.spaces();
      return [first, ...this.list(() => ({ kind: 'index', index: this.required(this.integer()) }))];
    }
    this.i++; // :
    const end = this.integer();
    let step = 1;
    if (this.peek() === ':') {
      this.i++;
      step = this.integer() ?? 1;
      if (step <= 0) throw this.error('A slice step must be positive');
    }
    return [{ kind: 'slice', step, ...(start !== undefined && { start }), ...(end !== undefined && { end }) }];
  }

  private integer(): number | undefined {
    this.spaces();
    const match = /^-?\d+/.exec(this.text.slice(this.i));
    if (!match) return undefined;
    this.i += match[0].length;
    this.spaces();
    return Number(match[0]);
  }

  private required(value: number | undefined): number {
    if (value === undefined) throw this.error('Expected an index');
    return value;
  }

  private quoted(): string {
    const quote = this.peek();
    this.i++;
    let out = '';
    while (this.i < this.text.length) {
      const c = this.text[this.i++] ?? '';
      if (c === quote) return out;
      if (c === '\\') {
        if (this.i >= this.text.length) break;
        out += this.text[this.i++] ?? '';
      } else {
        out += c;
      }
    }
    throw this.error('Unterminated quoted name');
  }

  private spaces(): void {
    while (this.peek() === ' ') this.i++;
  }

  private peek(): string {
    return this.text[this.i] ?? '';
  }

  private error(message: string): JsonPathSyntaxError {
    return new JsonPathSyntaxError(message, this.i);
  }
}

/** Parses `text`; throws JsonPathSyntaxError naming the problem and where it is. */
export function parseJsonPath(text: string): JsonPath {
  return new Parser(text).parse();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function children(node: unknown): unknown[] {
  if (Array.isArray(node)) return node;
  return isObject(node) ? Object.values(node) : [];
}

/** The node and every node below it, in document order (iterative: payloads may nest deeply). */
function descendantsOf(node: unknown): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const next = stack.pop();
    out.push(next);
    const below = children(next);
    for (let k = below.length - 1; k >= 0; k--) stack.push(below[k]);
  }
  return out;
}

function sliceBound(value: number | undefined, length: number, fallback: number): number {
  if (value === undefined) return fallback;
  return Math.min(length, Math.max(0, value < 0 ? length + value : value));
}

function select(selector: JsonPathSelector, node: unknown, out: unknown[]): void {
  switch (selector.kind) {
    case 'name':
      if (isObject(node) && Object.hasOwn(node, selector.name)) out.push(node[selector.name]);
      return;
    case 'index': {
      if (!Array.isArray(node)) return;
      const at = selector.index < 0 ? node.length + selector.index : selector.index;
      if (at >= 0 && at < node.length) out.push(node[at]);
      return;
    }
    case 'wildcard':
      out.push(...children(node));
      return;
    case 'slice': {
      if (!Array.isArray(node)) return;
      const end = sliceBound(selector.end, node.length, node.length);
      for (let k = sliceBound(selector.start, node.length, 0); k < end; k += selector.step) out.push(node[k]);
    }
  }
}

/** The values `path` selects in `document`, in document order. */
export function queryJsonPath(path: JsonPath, document: unknown): unknown[] {
  let current: unknown[] = [document];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const node of current) {
      for (const target of segment.descendant ? descendantsOf(node) : [node]) {
        for (const selector of segment.selectors) select(selector, target, next);
      }
    }
    current = next;
  }
  return current;
}
