/**
 * Reads buildspec YAML into a small tree that keeps, for every scalar, both its YAML 1.1 value
 * (so `yes`/`no` are booleans where a boolean is wanted) and the exact text the user wrote (so a
 * command `on`, a key `N` or a variable `VERSION: 1.10` stay what was written, not `true`, `false`
 * or `1.1`). Each node carries its line for error messages.
 *
 * Aliases are shared (converted once), so an alias bomb costs no more than its source text;
 * YAML 1.1 merge keys (`<<: *base`) are applied, keys written next to them win.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export interface YamlScalar {
  kind: 'scalar';
  /** The YAML 1.1 value: string, number, boolean, null, Date… */
  value: unknown;
  /** Plain scalars: the source text; quoted and block scalars: their string value. */
  text: string;
  line: number;
}
export interface YamlMap { kind: 'map'; entries: Map<string, YamlNode>; line: number }
export interface YamlSeq { kind: 'seq'; items: YamlNode[]; line: number }
export type YamlNode = YamlScalar | YamlMap | YamlSeq;

/** Invalid YAML; the message names the line and column. */
export class YamlSyntaxError extends Error {
  override name = 'YamlSyntaxError';
}

/** Parses one YAML 1.1 document. Returns undefined for an empty document. */
export function readYamlTree(text: string): YamlNode | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', lineCounter, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const at = lineCounter.linePos(first.pos[0]);
    const where = at.line > 0 ? ` at line ${at.line}, column ${at.col}` : '';
    throw new YamlSyntaxError(`invalid YAML${where}: ${first.message.split('\n')[0]}`);
  }
  if (doc.contents === null) return undefined;
  const lineOf = (node: Node): number => (node.range ? lineCounter.linePos(node.range[0]).line : 0);
  return convert(doc, doc.contents, lineOf, new Map());
}

function convert(doc: Document, node: unknown, lineOf: (n: Node) => number, seen: Map<unknown, YamlNode>): YamlNode {
  if (isAlias(node)) return convert(doc, node.resolve(doc), lineOf, seen);
  const known = seen.get(node);
  if (known) return known;
  if (isScalar(node)) {
    const value = node.value;
    const text = typeof value === 'string' ? value : node.source ?? String(value);
    const scalar: YamlScalar = { kind: 'scalar', value, text, line: lineOf(node) };
    seen.set(node, scalar);
    return scalar;
  }
  if (isSeq(node)) {
    const seq: YamlSeq = { kind: 'seq', items: [], line: lineOf(node) };
    seen.set(node, seq); // before the children, so a self-referencing alias ends here
    for (const item of node.items) seq.items.push(convert(doc, item, lineOf, seen));
    return seq;
  }
  if (isMap(node)) {
    const map: YamlMap = { kind: 'map', entries: new Map(), line: lineOf(node) };
    seen.set(node, map);
    const merged: YamlMap[] = [];
    for (const pair of node.items) {
      const value = convert(doc, pair.value ?? null, lineOf, seen);
      if (isMergeKey(pair.key)) merged.push(...mergeSources(value));
      else map.entries.set(keyText(doc, pair.key, lineOf, seen), value);
    }
    // Explicit keys win over merged ones; among merged maps the first listed wins (YAML 1.1).
    for (const source of merged) {
      for (const [key, value] of source.entries) if (!map.entries.has(key)) map.entries.set(key, value);
    }
    return map;
  }
  // An empty value (`key:` with nothing after it) arrives as null.
  return { kind: 'scalar', value: null, text: '', line: 0 };
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

function mergeSources(value: YamlNode): YamlMap[] {
  if (value.kind === 'map') return [value];
  if (value.kind === 'seq') return value.items.filter((i): i is YamlMap => i.kind === 'map');
  return [];
}

function keyText(doc: Document, key: unknown, lineOf: (n: Node) => number, seen: Map<unknown, YamlNode>): string {
  const node = convert(doc, key, lineOf, seen);
  // A collection used as a key is never a buildspec key; this names it in the unknown-key error.
  if (node.kind === 'scalar') return node.text;
  return node.kind === 'map' ? '{…}' : '[…]';
}
