/**
 * EventBridge event patterns: which events a rule selects. A pattern is a JSON object shaped like
 * the event whose leaves are arrays of allowed values and matchers (spec/events.md §2):
 *
 *   { "source": ["aws.codepipeline"],
 *     "detail": { "state": ["FAILED"], "pipeline": [{ "anything-but": { "prefix": "sandbox-" } }] } }
 *
 * Every field in the pattern must match (AND); a leaf matches when any of its matchers does (OR);
 * `$or` at any level takes a list of sub-patterns of which one must match. When the event holds
 * an array where the pattern expects a value or an object, any element may match; a nested
 * pattern is matched against one element at a time, so fields of one sub-pattern never mix
 * elements.
 *
 * `compileEventPattern` validates once and compiles the pattern into closures, so matching an
 * event walks only the fields the pattern names. Errors are EventPatternErrors in the words of
 * AWS's InvalidEventPatternException ("Event pattern is not valid. Reason: …") naming the path.
 */
import { compileLeaf, type CompiledLeaf, type Scalar } from './pattern-leaf.ts';
import { PatternIssue, type PatternPath } from './pattern-issue.ts';

/** EventBridge's limit on an EventPattern (PutRule): 4096 characters of JSON. */
export const MAX_PATTERN_LENGTH = 4096;

export class EventPatternError extends Error {
  /** Where in the pattern the problem is (`detail.state[0]`), or `(root)`. */
  readonly path: PatternPath;
  constructor(reason: string, path: PatternPath = []) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.name = 'EventPatternError';
    this.path = path;
  }
}

export interface CompiledPattern {
  /** Whether `event` (an object, or its JSON text) is selected by the pattern. */
  matches(event: unknown): boolean;
}

/** Tests one value of the event (an object at the pattern's level, or anything else there). */
type NodeTest = (value: unknown) => boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldOf(value: unknown, key: string): unknown {
  // Own properties only: an event field named "constructor" must not find Object's.
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** Adds the event value's scalars to `out`, flattening arrays; objects are not leaves. */
function collectScalars(value: unknown, out: Scalar[]): void {
  if (Array.isArray(value)) for (const v of value) collectScalars(v, out);
  else if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push(value);
}

function leafTest(leaf: CompiledLeaf): NodeTest {
  const { anyValue, absent, test } = leaf;
  return (value) => {
    // The common case first: one scalar, no array to flatten.
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
      return anyValue || test(value);
    }
    const scalars: Scalar[] = [];
    collectScalars(value, scalars);
    if (scalars.length === 0) return absent;
    return anyValue || scalars.some(test);
  };
}

function nestedTest(inner: NodeTest): NodeTest {
  return (value) => (Array.isArray(value) && value.length > 0 ? value.some(inner) : inner(value));
}

function compileOr(operand: unknown, path: PatternPath): NodeTest {
  if (!Array.isArray(operand) || operand.length < 2) {
    throw new PatternIssue('"$or" takes a list of at least two patterns', path);
  }
  const branches = operand.map((branch, i) => {
    if (!isRecord(branch)) throw new PatternIssue('each "$or" branch must be a pattern object', [...path, i]);
    return compileObject(branch, [...path, i]);
  });
  return (value) => branches.some((b) => b(value));
}

function compileField(key: string, spec: unknown, path: PatternPath): NodeTest {
  let test: NodeTest;
  if (Array.isArray(spec)) test = leafTest(compileLeaf(spec, path));
  else if (isRecord(spec)) test = nestedTest(compileObject(spec, path));
  else throw new PatternIssue(`must be an array of values and matchers or a nested pattern object, not ${spec === null ? 'null' : typeof spec}`, path);
  return (value) => test(fieldOf(value, key));
}

function compileObject(pattern: Record<string, unknown>, path: PatternPath): NodeTest {
  const keys = Object.keys(pattern);
  if (keys.length === 0) throw new PatternIssue('an empty object matches nothing: name at least one field', path);
  const tests = keys.map((key) => (key === '$or' ? compileOr(pattern[key], [...path, key]) : compileField(key, pattern[key], [...path, key])));
  if (tests.length === 1) return tests[0] as NodeTest;
  return (value) => {
    for (const t of tests) if (!t(value)) return false;
    return true;
  };
}

/** The pattern as a parsed object, refusing non-JSON text and patterns over the size limit. */
function readPattern(pattern: unknown): Record<string, unknown> {
  let text: string;
  let parsed: unknown;
  if (typeof pattern === 'string') {
    text = pattern;
    try {
      parsed = JSON.parse(pattern);
    } catch (e) {
      throw new EventPatternError(`the pattern is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    parsed = pattern;
    text = JSON.stringify(pattern) ?? '';
  }
  if (!isRecord(parsed)) throw new EventPatternError('the pattern must be a JSON object');
  if (text.length > MAX_PATTERN_LENGTH) {
    throw new EventPatternError(`the pattern is ${text.length} characters long; the limit is ${MAX_PATTERN_LENGTH}`);
  }
  return parsed;
}

/** Parses and validates a pattern (JSON text or object) once; throws EventPatternError. */
export function compileEventPattern(pattern: unknown): CompiledPattern {
  const parsed = readPattern(pattern);
  let root: NodeTest;
  try {
    root = compileObject(parsed, []);
  } catch (e) {
    if (e instanceof PatternIssue) throw new EventPatternError(e.message, e.path);
    throw e;
  }
  return {
    matches(event: unknown): boolean {
      return root(typeof event === 'string' ? JSON.parse(event) : event);
    },
  };
}
