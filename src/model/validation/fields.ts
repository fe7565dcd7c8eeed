/**
 * Field readers for untyped JSON. Each reader checks one member (type, presence, length, pattern,
 * enum, range), records a ValidationException issue in AWS's wording when it fails, and returns
 * the typed value or undefined. Readers never throw, so one pass collects every problem.
 *
 * Error conventions: a string that breaks a length or pattern rule is still returned, so later
 * cross-reference checks see the name the user wrote; a value of the wrong type or outside an
 * enum is dropped, so later checks skip it instead of piling up follow-on errors.
 * Paths use AWS's member style with 1-based indexes: `pipeline.stages.1.member.actions.2.member.name`.
 */
import { ErrorCode } from '../errors.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import type { RangeRule, StringRule } from './limits.ts';

export type JsonObject = Record<string, unknown>;

/** Append-only issue list shared by every check of one validation run. */
export interface Issues {
  readonly list: ValidationIssue[];
  /**
   * Paths of members dropped for a wrong type, absence or an unknown enum value. A check that
   * reports a missing referent ("no action produces X") consults this first: the referent may be
   * the dropped member, and the user has already been told about it.
   */
  readonly dropped: string[];
  error(code: ErrorCode, path: string, message: string): void;
  warning(code: ErrorCode, path: string, message: string): void;
}

export function makeIssues(): Issues {
  const list: ValidationIssue[] = [];
  return {
    list,
    dropped: [],
    error: (code, path, message) => { list.push({ severity: 'error', code, path, message }); },
    warning: (code, path, message) => { list.push({ severity: 'warning', code, path, message }); },
  };
}

/** True when some member under `prefix` was dropped, so referents there may be missing. */
export function hasGapsUnder(issues: Issues, prefix: string): boolean {
  return issues.dropped.some((p) => p === prefix || p.startsWith(`${prefix}.`));
}

// Constraints whose failure drops the member instead of keeping the value the user wrote.
const DROPPING = ['be a ', 'not be null', 'satisfy enum'];

/** `parent.field.N.member` with N 1-based, as in AWS ValidationException messages. */
export function memberPath(parent: string, field: string, index: number): string {
  return `${parent}.${field}.${index + 1}.member`;
}

// Long values are cut so one bad 1000-character value does not drown the other messages.
const SHOW_MAX = 100;

/** How a value appears in a message: `'text'`, `'5'`, `null`, `'[3 members]'`. */
export function show(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `'[${value.length} members]'`;
  if (typeof value === 'object') return `'{…}'`;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.length > SHOW_MAX ? `${text.slice(0, SHOW_MAX)}…` : text}'`;
}

/** Records `Value 'x' at 'path' failed to satisfy constraint: Member must …`. */
export function violation(issues: Issues, path: string, value: unknown, constraint: string,
  code: ErrorCode = ErrorCode.ValidationException): void {
  if (DROPPING.some((c) => constraint.startsWith(c))) issues.dropped.push(path);
  issues.error(code, path, `Value ${show(value)} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON null counts as absent, as in AWS's deserializer. */
function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

const compiled = new Map<string, RegExp>();
function fullMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`);
    compiled.set(pattern, re);
  }
  return re.test(value);
}

/** Checks an already-extracted value against a string rule; returns it when it is a string. */
export function checkString(issues: Issues, value: unknown, path: string, rule: StringRule): string | undefined {
  if (typeof value !== 'string') {
    violation(issues, path, value, 'be a string');
    return undefined;
  }
  if (value.length < rule.min) violation(issues, path, value, `have length greater than or equal to ${rule.min}`);
  if (value.length > rule.max) violation(issues, path, value, `have length less than or equal to ${rule.max}`);
  if (rule.pattern !== undefined && value.length > 0 && !fullMatch(rule.pattern, value)) {
    violation(issues, path, value, `satisfy regular expression pattern: ${rule.pattern}`);
  }
  return value;
}

export function readString(issues: Issues, obj: JsonObject, key: string, parent: string, rule: StringRule,
  required = false): string | undefined {
  const path = `${parent}.${key}`;
  const value = obj[key];
  if (absent(value)) {
    if (required) violation(issues, path, value, 'not be null');
    return undefined;
  }
  return checkString(issues, value, path, rule);
}

/** Returns any number (even out of range) so ordering checks still work; only non-numbers are dropped. */
export function readInteger(issues: Issues, obj: JsonObject, key: string, parent: string,
  rule: RangeRule): number | undefined {
  const path = `${parent}.${key}`;
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    violation(issues, path, value, 'be an integer');
    return undefined;
  }
  if (!Number.isInteger(value)) violation(issues, path, value, 'be an integer');
  if (value < rule.min) violation(issues, path, value, `have value greater than or equal to ${rule.min}`);
  if (value > rule.max) violation(issues, path, value, `have value less than or equal to ${rule.max}`);
  return value;
}

export function readEnum<T extends string>(issues: Issues, obj: JsonObject, key: string, parent: string,
  vocabulary: Record<string, T>, required = false): T | undefined {
  const path = `${parent}.${key}`;
  const value = obj[key];
  if (absent(value)) {
    if (required) violation(issues, path, value, 'not be null');
    return undefined;
  }
  return checkEnum(issues, value, path, vocabulary);
}

/** Checks an already-extracted value against an AWS vocabulary; invalid values are dropped. */
export function checkEnum<T extends string>(issues: Issues, value: unknown, path: string,
  vocabulary: Record<string, T>): T | undefined {
  const allowed: string[] = Object.values(vocabulary);
  if (typeof value === 'string' && allowed.includes(value)) return value as T;
  violation(issues, path, value, `satisfy enum value set: [${allowed.join(', ')}]`);
  return undefined;
}

export function readObject(issues: Issues, obj: JsonObject, key: string, parent: string,
  required = false): JsonObject | undefined {
  const path = `${parent}.${key}`;
  const value = obj[key];
  if (absent(value)) {
    if (required) violation(issues, path, value, 'not be null');
    return undefined;
  }
  if (isObject(value)) return value;
  violation(issues, path, value, 'be a structure');
  return undefined;
}

export interface ListOptions {
  required?: boolean;
  size?: RangeRule;
  /** Exception type for a size violation (e.g. stage counts are InvalidStructureException). */
  sizeCode?: ErrorCode;
}

/** Returns the raw members of a JSON array; callers check each member with `memberPath`. */
export function readList(issues: Issues, obj: JsonObject, key: string, parent: string,
  options: ListOptions = {}): unknown[] | undefined {
  const path = `${parent}.${key}`;
  const value = obj[key];
  if (absent(value)) {
    if (options.required) violation(issues, path, value, 'not be null');
    return undefined;
  }
  if (!Array.isArray(value)) {
    violation(issues, path, value, 'be a list');
    return undefined;
  }
  const { size, sizeCode } = options;
  if (size && value.length < size.min) {
    violation(issues, path, value, `have length greater than or equal to ${size.min}`, sizeCode);
  }
  if (size && value.length > size.max) {
    violation(issues, path, value, `have length less than or equal to ${size.max}`, sizeCode);
  }
  return value as unknown[];
}

/** A list of plain strings, each checked against `rule`; wrong-typed members are dropped. */
export function readStringList(issues: Issues, obj: JsonObject, key: string, parent: string, size: RangeRule,
  rule: StringRule): string[] | undefined {
  const items = readList(issues, obj, key, parent, { size });
  if (!items) return undefined;
  return items.flatMap((item, i) => checkString(issues, item, memberPath(parent, key, i), rule) ?? []);
}

/** A string-to-string map such as `configuration`; entries with non-string values are dropped. */
export function readStringMap(issues: Issues, obj: JsonObject, key: string, parent: string,
  rules: { key: StringRule; value: StringRule; size?: RangeRule }): Record<string, string> | undefined {
  const map = readObject(issues, obj, key, parent);
  if (!map) return undefined;
  const path = `${parent}.${key}`;
  const entries = Object.entries(map);
  if (rules.size && entries.length > rules.size.max) {
    violation(issues, path, `${entries.length} entries`, `have length less than or equal to ${rules.size.max}`);
  }
  const result: Record<string, string> = {};
  for (const [k, v] of entries) {
    checkString(issues, k, `${path}.key`, rules.key);
    const value = checkString(issues, v, `${path}.${k}`, rules.value);
    if (value !== undefined) result[k] = value;
  }
  return result;
}

/** Copies the defined members of `extra` onto `target`, so normalized output never holds `undefined`. */
export function assignDefined<T extends object>(target: T, extra: Partial<T>): T {
  for (const [k, v] of Object.entries(extra)) {
    if (v !== undefined) (target as Record<string, unknown>)[k] = v;
  }
  return target;
}
