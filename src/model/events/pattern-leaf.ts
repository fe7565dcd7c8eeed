/**
 * Leaves of an event pattern: the array of matchers under a field (`"state": ["FAILED",
 * {"prefix": "STOP"}]`), compiled once into a closure. The event field matches when any of its
 * values (every element, if it is an array) satisfies any matcher. `exists` is about the field,
 * not a value: `exists: false` matches only when the field has no value at all.
 *
 * Undocumented choices [guess], kept in one place:
 * - `anything-but` needs a value: a missing field never matches it; null, booleans and numbers
 *   do match string forms (`{"anything-but": {"prefix": "x"}}` matches 5), being "anything but".
 * - `numeric`, `prefix`, `suffix`, `equals-ignore-case`, `wildcard` and `cidr` test strings or
 *   numbers only as their operand type says; other value types never match them.
 */
import { parseCidr } from './cidr.ts';
import { PatternIssue, describePath, type PatternPath } from './pattern-issue.ts';
import { compileWildcard } from './wildcard.ts';
import { compileNumeric } from './pattern-numeric.ts';

/** A scalar value of the event, as JSON gives it. */
export type Scalar = string | number | boolean | null;

type ValueTest = (value: Scalar) => boolean;

export interface CompiledLeaf {
  /** True for `exists: true`: any value satisfies the leaf. */
  readonly anyValue: boolean;
  /** True for `exists: false`: an absent field satisfies the leaf. */
  readonly absent: boolean;
  /** Whether one present value satisfies a value matcher. */
  readonly test: ValueTest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: PatternPath, reason: string): never {
  throw new PatternIssue(reason, path);
}

function stringOperand(operand: unknown, path: PatternPath, name: string): string {
  if (typeof operand !== 'string') fail(path, `"${name}" takes a string`);
  return operand;
}

/** `prefix`/`suffix` take a string or `{"equals-ignore-case": "..."}`. */
function affixTest(name: 'prefix' | 'suffix', operand: unknown, path: PatternPath): (s: string) => boolean {
  if (isRecord(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      fail(path, `"${name}" takes a string or {"equals-ignore-case": string}`);
    }
    const lower = stringOperand(operand['equals-ignore-case'], [...path, 'equals-ignore-case'], 'equals-ignore-case').toLowerCase();
    return name === 'prefix' ? (s) => s.toLowerCase().startsWith(lower) : (s) => s.toLowerCase().endsWith(lower);
  }
  const text = stringOperand(operand, path, name);
  return name === 'prefix' ? (s) => s.startsWith(text) : (s) => s.endsWith(text);
}

function stringsOf(operand: unknown, path: PatternPath, name: string): string[] {
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0) fail(path, `"${name}" inside "anything-but" takes a non-empty list`);
  return list.map((item, i) => stringOperand(item, Array.isArray(operand) ? [...path, i] : path, name));
}

/** The string forms of `anything-but`: the value must match none of them. */
function anythingButObject(operand: Record<string, unknown>, path: PatternPath): ValueTest {
  const keys = Object.keys(operand);
  if (keys.length !== 1) fail(path, '"anything-but" takes one matcher object with exactly one key');
  const key = keys[0] as string;
  const inner = [...path, key];
  let tests: ((s: string) => boolean)[];
  switch (key) {
    case 'prefix': tests = stringsOf(operand[key], inner, key).map((p) => (s: string) => s.startsWith(p)); break;
    case 'suffix': tests = stringsOf(operand[key], inner, key).map((p) => (s: string) => s.endsWith(p)); break;
    case 'equals-ignore-case': {
      const lowered = new Set(stringsOf(operand[key], inner, key).map((s) => s.toLowerCase()));
      tests = [(s) => lowered.has(s.toLowerCase())];
      break;
    }
    case 'wildcard': tests = stringsOf(operand[key], inner, key).map((w, i) => {
      const compiled = compileWildcard(w);
      if (!compiled.ok) fail(Array.isArray(operand[key]) ? [...inner, i] : inner, compiled.reason);
      return compiled.test;
    }); break;
    default: fail(inner, `unrecognized match type "${key}" inside "anything-but"`);
  }
  return (value) => typeof value !== 'string' || !tests.some((t) => t(value));
}

function anythingBut(operand: unknown, path: PatternPath): ValueTest {
  if (isRecord(operand)) return anythingButObject(operand, path);
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0) fail(path, '"anything-but" takes a non-empty list');
  const kind = typeof list[0];
  list.forEach((item, i) => {
    const at = Array.isArray(operand) ? [...path, i] : path;
    if (typeof item !== 'string' && typeof item !== 'number') fail(at, '"anything-but" takes strings or numbers');
    if (typeof item !== kind) fail(at, '"anything-but" takes only strings or only numbers, not both');
  });
  const excluded = new Set<Scalar>(list as Scalar[]);
  return (value) => !excluded.has(value);
}

/** One matcher object, `{"<kind>": operand}`, as a value test; `exists` is reported separately. */
function compileMatcherObject(matcher: Record<string, unknown>, path: PatternPath): ValueTest | { exists: boolean } {
  const keys = Object.keys(matcher);
  if (keys.length !== 1) fail(path, `a matcher object must have exactly one key, found ${keys.length}`);
  const key = keys[0] as string;
  const operand = matcher[key];
  const at = [...path, key];
  switch (key) {
    case 'prefix':
    case 'suffix': {
      const t = affixTest(key, operand, at);
      return (value) => typeof value === 'string' && t(value);
    }
    case 'equals-ignore-case': {
      const lower = stringOperand(operand, at, key).toLowerCase();
      return (value) => typeof value === 'string' && value.toLowerCase() === lower;
    }
    case 'wildcard': {
      const compiled = compileWildcard(stringOperand(operand, at, key));
      if (!compiled.ok) fail(at, compiled.reason);
      const t = compiled.test;
      return (value) => typeof value === 'string' && t(value);
    }
    case 'anything-but': return anythingBut(operand, at);
    case 'numeric': {
      const inRange = compileNumeric(operand, at);
      return (value) => typeof value === 'number' && inRange(value);
    }
    case 'cidr': {
      const block = parseCidr(stringOperand(operand, at, key));
      if (block === undefined) fail(at, `"cidr" takes an IPv4 or IPv6 CIDR block such as "10.0.0.0/24", got "${String(operand)}"`);
      return (value) => typeof value === 'string' && block.contains(value);
    }
    case 'exists':
      if (typeof operand !== 'boolean') fail(at, '"exists" takes true or false');
      return { exists: operand };
    default: fail(at, `unrecognized match type "${key}"`);
  }
}

/** Compiles the array under a pattern field. `path` names that field. */
export function compileLeaf(matchers: readonly unknown[], path: PatternPath): CompiledLeaf {
  if (matchers.length === 0) fail(path, 'empty arrays are not allowed: list at least one value or matcher');
  const exact = new Set<Scalar>();
  const tests: ValueTest[] = [];
  let anyValue = false;
  let absent = false;
  matchers.forEach((m, i) => {
    const at = [...path, i];
    if (m === null || typeof m === 'string' || typeof m === 'boolean') exact.add(m);
    // JSON numbers are doubles, so 300 and 300.0 are the same key in the set.
    else if (typeof m === 'number' && Number.isFinite(m)) exact.add(m);
    else if (isRecord(m)) {
      const compiled = compileMatcherObject(m, at);
      if (typeof compiled === 'function') tests.push(compiled);
      else if (compiled.exists) anyValue = true;
      else absent = true;
    } else if (Array.isArray(m)) fail(at, `an array inside an array is not allowed (${describePath(path)} must list values and matchers)`);
    else fail(at, `${typeof m === 'number' ? String(m) : typeof m} is not a JSON value`);
  });
  // One exact value is the commonest leaf (`"source": ["aws.codepipeline"]`): a strict compare
  // is about twice as fast as a set lookup.
  const only = exact.size === 1 ? [...exact][0] : undefined;
  if (exact.size === 1) tests.unshift((value) => value === only);
  else if (exact.size > 1) tests.unshift((value) => exact.has(value));
  const test: ValueTest = tests.length === 1 ? (tests[0] as ValueTest) : (value) => tests.some((t) => t(value));
  return { anyValue, absent, test: tests.length === 0 ? () => false : test };
}
