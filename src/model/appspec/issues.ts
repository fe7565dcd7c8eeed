/**
 * Collects appspec problems as ValidationIssues (every one, never only the first), each with the
 * path of the offending field (`hooks.AfterInstall[0].timeout`) and its line in the file.
 */
import type { ValidationIssue } from '../validation-issue.ts';
import type { YamlNode } from '../buildspec/yaml-tree.ts';

export class AppspecIssues {
  readonly list: ValidationIssue[] = [];

  error(path: string, node: YamlNode | undefined, message: string): void {
    this.add('error', path, node, message);
  }

  warning(path: string, node: YamlNode | undefined, message: string): void {
    this.add('warning', path, node, message);
  }

  private add(severity: ValidationIssue['severity'], path: string, node: YamlNode | undefined, message: string): void {
    const line = node && node.line > 0 ? ` (line ${node.line})` : '';
    this.list.push({ severity, code: 'ValidationException', path, message: `${path || 'appspec'}${line}: ${message}` });
  }
}

/** Joins a key path: `hooks` + `AfterInstall` → `hooks.AfterInstall`. */
export const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);
export const item = (path: string, index: number): string => `${path}[${index}]`;

export function describe(node: YamlNode): string {
  if (node.kind === 'map') return 'a mapping';
  if (node.kind === 'seq') return 'a list';
  return node.value === null ? 'nothing' : JSON.stringify(node.text);
}

export const isNull = (node: YamlNode): boolean => node.kind === 'scalar' && node.value === null;

/** A scalar's text as written; records an issue for a collection or an empty value. */
export function readText(issues: AppspecIssues, node: YamlNode, path: string, what: string): string | undefined {
  if (node.kind === 'scalar' && node.value !== null) return node.text;
  issues.error(path, node, `expected ${what}, got ${describe(node)}`);
  return undefined;
}

/** The items of a list; `null` reads as an empty list. */
export function readList(issues: AppspecIssues, node: YamlNode, path: string, what: string): YamlNode[] {
  if (isNull(node)) return [];
  if (node.kind === 'seq') return node.items;
  issues.error(path, node, `expected a list of ${what}, got ${describe(node)} (write each entry on its own line as "- …")`);
  return [];
}

/** A mapping's entries, with every key outside `allowed` recorded as an issue. */
export function readEntries(issues: AppspecIssues, node: YamlNode, path: string, allowed: readonly string[]): Map<string, YamlNode> | undefined {
  if (node.kind !== 'map') {
    issues.error(path, node, `expected a mapping, got ${describe(node)}`);
    return undefined;
  }
  for (const [key, value] of node.entries) {
    if (!allowed.includes(key)) issues.error(at(path, key), value, `unknown key; expected one of ${allowed.join(', ')}`);
  }
  return node.entries;
}

/** A required scalar field of a mapping. */
export function requiredText(issues: AppspecIssues, fields: Map<string, YamlNode>, path: string, key: string, what: string): string | undefined {
  const node = fields.get(key);
  if (!node) {
    issues.error(at(path, key), undefined, `is required; expected ${what}`);
    return undefined;
  }
  return readText(issues, node, at(path, key), what);
}
