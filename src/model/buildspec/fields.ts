/**
 * Typed readers over the buildspec YAML tree. Each reader returns the value it could read, or
 * undefined after recording a problem that names the key path (`phases.build.commands[2]`), the
 * line, and what was expected. Readers never throw, so one pass reports every problem.
 */
import type { YamlMap, YamlNode } from './yaml-tree.ts';

/** Every problem found, one line each. */
export class Problems {
  readonly list: string[] = [];

  add(path: string, node: YamlNode | undefined, message: string): void {
    const line = node && node.line > 0 ? ` (line ${node.line})` : '';
    this.list.push(`${path}${line}: ${message}`);
  }
}

/** Joins a key path: `phases` + `build` → `phases.build`. */
export const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** `yes`/`no`, `true`/`false` and their YAML 1.1 spellings, or the same text quoted [guess]. */
const BOOLEAN_TEXT: Record<string, boolean> = { yes: true, true: true, on: true, y: true, no: false, false: false, off: false, n: false };

export function describeNode(node: YamlNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return node.value === null ? 'nothing' : `${JSON.stringify(node.text)}`;
}

export function isNull(node: YamlNode): boolean {
  return node.kind === 'scalar' && node.value === null;
}

/** A mapping; `null` (a key with nothing after it) reads as an empty one when `emptyOk`. */
export function readMap(p: Problems, node: YamlNode, path: string, emptyOk = false): YamlMap | undefined {
  if (node.kind === 'map') return node;
  if (emptyOk && isNull(node)) return { kind: 'map', entries: new Map(), line: node.line };
  p.add(path, node, `expected a mapping, got ${describeNode(node)}`);
  return undefined;
}

/** Records every key of `map` that is not in `allowed`, listing what is. */
export function checkKeys(p: Problems, map: YamlMap, path: string, allowed: readonly string[],
  unsupported: Record<string, string> = {}): void {
  for (const [key, value] of map.entries) {
    if (allowed.includes(key)) continue;
    const why = unsupported[key];
    if (why) p.add(at(path, key), value, why);
    else p.add(at(path, key), value, `unknown key; expected one of ${allowed.join(', ')}`);
  }
}

/** A scalar's text exactly as written (`8080`, `1.10`, `on` stay text), never a collection or nothing. */
export function readString(p: Problems, node: YamlNode, path: string, what = 'a string'): string | undefined {
  if (node.kind === 'scalar' && node.value !== null) return node.text;
  const hint = node.kind === 'map' ? ' (quote text that contains ": ")' : '';
  p.add(path, node, `expected ${what}, got ${describeNode(node)}${hint}`);
  return undefined;
}

/** Like readString, but an empty value reads as `''`. */
export function readStringOrEmpty(p: Problems, node: YamlNode, path: string): string | undefined {
  return isNull(node) ? '' : readString(p, node, path);
}

export function readBoolean(p: Problems, node: YamlNode, path: string): boolean | undefined {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'boolean') return node.value;
    const known = BOOLEAN_TEXT[node.text.toLowerCase()];
    if (known !== undefined) return known;
  }
  p.add(path, node, `expected yes or no, got ${describeNode(node)}`);
  return undefined;
}

/** A list of strings; a single string is refused (AWS wants a YAML list). `null` reads as empty. */
export function readStringList(p: Problems, node: YamlNode, path: string, what = 'a string'): string[] {
  if (isNull(node)) return [];
  if (node.kind !== 'seq') {
    const hint = node.kind === 'scalar' ? ` (write each entry on its own line as "- …")` : '';
    p.add(path, node, `expected a list of ${what}s, got ${describeNode(node)}${hint}`);
    return [];
  }
  const out: string[] = [];
  node.items.forEach((item, i) => {
    const value = readString(p, item, `${path}[${i}]`, `a ${what}`);
    if (value !== undefined) out.push(value);
  });
  return out;
}

/**
 * A mapping of name → string (values written as numbers keep their text); names checked by
 * `checkName`; an empty value reads as `''` only when `emptyValues`.
 */
export function readStringMap(p: Problems, node: YamlNode, path: string,
  checkName: (name: string) => string | undefined = () => undefined, emptyValues = false): Record<string, string> {
  const map = readMap(p, node, path, true);
  const out: Record<string, string> = {};
  if (!map) return out;
  for (const [name, value] of map.entries) {
    const nameProblem = checkName(name);
    if (nameProblem) p.add(at(path, name), value, nameProblem);
    const text = emptyValues ? readStringOrEmpty(p, value, at(path, name)) : readString(p, value, at(path, name));
    if (text !== undefined && !nameProblem) out[name] = text;
  }
  return out;
}
