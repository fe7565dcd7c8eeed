/**
 * Condition operators and the evaluation of a Condition block, as IAM documents them:
 * - every operator of a block must hold, and within an operator every key (AND);
 * - the values listed for one key are alternatives (OR); for a negated operator (StringNotEquals,
 *   NotIpAddress, ArnNotLike, …) the request's value must match none of them (NOR);
 * - a key absent from the request fails a positive operator and satisfies a negated one;
 *   `…IfExists` makes an absent key satisfy the operator; `Null` tests presence itself;
 * - `ForAllValues:` holds when every request value passes, and when the key is absent or empty;
 *   `ForAnyValue:` holds when at least one passes, never when the key is absent;
 * - a multivalued request key under an operator without a set qualifier passes when any of its
 *   values passes (for a negated operator: when none of them matches). IAM does not document this
 *   case (it tells policy authors to use a qualifier); Sluice reads it as ForAnyValue.
 */
import { asList, type ConditionBlock, type ConditionValue } from './policy.ts';
import {
  matchesTokens, resolvePattern, splitTokens, tokensText, type ContextIndex,
} from './patterns.ts';
import { cidrContains, parseCidr, parseIamDate, parseIp, parseNumber } from './values.ts';

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

/** Tests one request value against one policy value. */
type Matcher = (contextValue: string) => boolean;

export interface OperatorSpec {
  readonly family: OperatorFamily;
  /** Negated operators pass when the request value matches none of the policy values. */
  readonly negated: boolean;
  /**
   * Builds the test for one policy value (the positive test, before any negation); undefined when
   * the policy value can match nothing (unreadable, or an unresolved policy variable).
   */
  readonly matcher: (policyValue: string, context: ContextIndex, variables: boolean) => Matcher | undefined;
}

const stringEquals = (ignoreCase: boolean) => (policy: string, context: ContextIndex, variables: boolean) => {
  const tokens = resolvePattern(policy, { variables, wildcards: false }, context);
  if (!tokens) return undefined;
  const text = ignoreCase ? tokensText(tokens).toLowerCase() : tokensText(tokens);
  return (v: string) => (ignoreCase ? v.toLowerCase() : v) === text;
};

const stringLike = (policy: string, context: ContextIndex, variables: boolean): Matcher | undefined => {
  const tokens = resolvePattern(policy, { variables, wildcards: true }, context);
  return tokens && ((v) => matchesTokens(tokens, v, false));
};

type Compare = (request: number, policy: number) => boolean;
const eq: Compare = (a, b) => a === b;
const lt: Compare = (a, b) => a < b;
const le: Compare = (a, b) => a <= b;
const gt: Compare = (a, b) => a > b;
const ge: Compare = (a, b) => a >= b;

/** Numbers and dates: no policy variables, no wildcards. */
const ordered = (read: (text: string) => number | undefined, compare: Compare) => (policy: string): Matcher | undefined => {
  const bound = read(policy);
  if (bound === undefined) return undefined;
  return (v) => {
    const value = read(v);
    return value !== undefined && compare(value, bound);
  };
};

const bool = (policy: string, context: ContextIndex, variables: boolean): Matcher | undefined => {
  const tokens = resolvePattern(policy, { variables, wildcards: false }, context);
  const text = tokens && tokensText(tokens).toLowerCase();
  return text === 'true' || text === 'false' ? (v) => v.toLowerCase() === text : undefined;
};

const ipAddress = (policy: string): Matcher | undefined => {
  const block = parseCidr(policy);
  return block && ((v) => {
    const ip = parseIp(v);
    return ip !== undefined && cidrContains(block, ip);
  });
};

/**
 * ArnEquals and ArnLike are the same test: each of the six colon-separated parts of the ARN is
 * matched on its own (case-sensitive, `*` and `?` allowed), so a `*` never crosses a colon except
 * inside the last part, which keeps its own colons. An ARN of fewer than six parts matches nothing.
 */
const arn = (policy: string, context: ContextIndex, variables: boolean): Matcher | undefined => {
  const tokens = resolvePattern(policy, { variables, wildcards: true }, context);
  const segments = tokens && splitTokens(tokens, ':', 6);
  if (!segments || segments.length !== 6) return undefined;
  return (v) => {
    const parts = v.split(':');
    if (parts.length < 6) return false;
    const arnParts = [...parts.slice(0, 5), parts.slice(5).join(':')];
    return segments.every((segment, i) => matchesTokens(segment, arnParts[i] ?? '', false));
  };
};

const op = (family: OperatorFamily, negated: boolean, matcher: OperatorSpec['matcher']): OperatorSpec =>
  ({ family, negated, matcher });

/** Every operator IAM accepts, by name without qualifier or IfExists suffix. */
export const CONDITION_OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  StringEquals: op('String', false, stringEquals(false)),
  StringNotEquals: op('String', true, stringEquals(false)),
  StringEqualsIgnoreCase: op('String', false, stringEquals(true)),
  StringNotEqualsIgnoreCase: op('String', true, stringEquals(true)),
  StringLike: op('String', false, stringLike),
  StringNotLike: op('String', true, stringLike),
  NumericEquals: op('Numeric', false, ordered(parseNumber, eq)),
  NumericNotEquals: op('Numeric', true, ordered(parseNumber, eq)),
  NumericLessThan: op('Numeric', false, ordered(parseNumber, lt)),
  NumericLessThanEquals: op('Numeric', false, ordered(parseNumber, le)),
  NumericGreaterThan: op('Numeric', false, ordered(parseNumber, gt)),
  NumericGreaterThanEquals: op('Numeric', false, ordered(parseNumber, ge)),
  DateEquals: op('Date', false, ordered(parseIamDate, eq)),
  DateNotEquals: op('Date', true, ordered(parseIamDate, eq)),
  DateLessThan: op('Date', false, ordered(parseIamDate, lt)),
  DateLessThanEquals: op('Date', false, ordered(parseIamDate, le)),
  DateGreaterThan: op('Date', false, ordered(parseIamDate, gt)),
  DateGreaterThanEquals: op('Date', false, ordered(parseIamDate, ge)),
  Bool: op('Bool', false, bool),
  // Base64 text compared as written; no variables.
  BinaryEquals: op('Binary', false, (policy) => (v) => v === policy),
  IpAddress: op('IpAddress', false, ipAddress),
  NotIpAddress: op('IpAddress', true, ipAddress),
  ArnEquals: op('Arn', false, arn),
  ArnLike: op('Arn', false, arn),
  ArnNotEquals: op('Arn', true, arn),
  ArnNotLike: op('Arn', true, arn),
  // Presence test, evaluated on its own in keyHolds.
  Null: op('Null', false, () => undefined),
};

/** Operator families whose values may hold policy variables (IAM's condition operator reference). */
const VARIABLE_FAMILIES: readonly OperatorFamily[] = ['String', 'Bool', 'Arn'];

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ConditionOperator {
  readonly spec: OperatorSpec;
  readonly qualifier?: SetQualifier;
  readonly ifExists: boolean;
}

/** Reads `ForAnyValue:StringLikeIfExists`-style names; undefined for an unknown operator. */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  let base = name;
  let qualifier: SetQualifier | undefined;
  for (const q of ['ForAllValues', 'ForAnyValue'] as const) {
    if (base.startsWith(`${q}:`)) {
      qualifier = q;
      base = base.slice(q.length + 1);
    }
  }
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const spec = Object.hasOwn(CONDITION_OPERATORS, base) ? CONDITION_OPERATORS[base] : undefined;
  if (!spec) return undefined;
  return qualifier ? { spec, qualifier, ifExists } : { spec, ifExists };
}

/** A condition value as text: `true`, `10` and `"10"` are the same to IAM. */
export function conditionText(value: ConditionValue): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * True when the block holds for the request; 'unknown-operator' when it names an operator Sluice
 * does not know, which a parsed document never does.
 */
export function evaluateConditions(block: ConditionBlock | undefined, context: ContextIndex,
  variables: boolean): boolean | 'unknown-operator' {
  let holds = true;
  for (const [name, keys] of Object.entries(block ?? {})) {
    const operator = parseConditionOperator(name);
    if (!operator) return 'unknown-operator';
    for (const [key, values] of Object.entries(keys)) {
      if (!keyHolds(operator, key, asList(values).map(conditionText), context, variables)) holds = false;
    }
  }
  return holds;
}

function keyHolds(operator: ConditionOperator, key: string, policyValues: readonly string[],
  context: ContextIndex, variables: boolean): boolean {
  const { spec, qualifier, ifExists } = operator;
  const raw = context.get(key.toLowerCase());
  const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
  // An empty list is no value at all, as for a request without the key.
  const present = values.length > 0;
  if (spec.family === 'Null') return policyValues.some((p) => p.toLowerCase() === String(!present));
  if (!present) {
    if (qualifier === 'ForAllValues' || ifExists) return true;
    return qualifier === 'ForAnyValue' ? false : spec.negated;
  }
  const substitute = variables && VARIABLE_FAMILIES.includes(spec.family);
  const matchers = policyValues.flatMap((p) => spec.matcher(p, context, substitute) ?? []);
  const passes = (v: string): boolean => matchers.some((m) => m(v)) !== spec.negated;
  if (qualifier === 'ForAllValues') return values.every(passes);
  if (qualifier === 'ForAnyValue') return values.some(passes);
  return spec.negated ? values.every(passes) : values.some(passes);
}
