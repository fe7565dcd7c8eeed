/**
 * Checks of a statement's Condition block: its shape, the operator names, the condition keys and
 * the values each operator family can read.
 *
 * IAM refuses an unknown operator that names keys ("Syntax errors in policy.") but accepts one with
 * an empty block, which then has no effect; Sluice reports the latter as a warning. IAM refuses
 * dates it cannot read ("The policy failed legacy parsing"). Numbers, booleans, addresses and ARNs
 * it cannot read are accepted and match nothing; Sluice warns about those.
 */
import { isObject, type Issues } from '../validation/fields.ts';
import { conditionText, parseConditionOperator, type ConditionOperator } from './conditions.ts';
import { inert, malformed, PolicyMessage, quote, syntaxError } from './messages.ts';
import { parseCidr, parseIamDate, parseNumber } from './values.ts';

export function checkConditionBlock(issues: Issues, block: unknown, path: string, variables: boolean): void {
  if (!isObject(block)) {
    syntaxError(issues, path, `Condition must map operators to condition keys at ${path}.`);
    return;
  }
  for (const [name, keys] of Object.entries(block)) {
    const at = `${path}.${name}`;
    if (!isObject(keys)) {
      syntaxError(issues, at, `Condition operator ${name} must map condition keys to values at ${path}.`);
      continue;
    }
    const operator = parseConditionOperator(name);
    if (!operator && Object.keys(keys).length === 0) {
      inert(issues, at, `Unknown condition operator ${name} names no condition keys; it has no effect.`);
      continue;
    }
    if (!operator) {
      syntaxError(issues, at, `Unknown condition operator ${name} at ${path}.`);
      continue;
    }
    for (const [key, value] of Object.entries(keys)) checkConditionKey(issues, operator, key, value, `${at}.${key}`, variables);
  }
}

function checkConditionKey(issues: Issues, operator: ConditionOperator, key: string, value: unknown,
  path: string, variables: boolean): void {
  if (!/^[^:]+:./.test(key)) malformed(issues, path, PolicyMessage.VendorPrefix, `Found condition key ${quote(key)}.`);
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const readable = list.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
  if (!readable) {
    syntaxError(issues, path, `Condition values must be strings, numbers or booleans, or a list of them, at ${path}.`);
    return;
  }
  for (const text of list.map(conditionText)) {
    checkConditionValue(issues, operator, text, path, variables);
  }
}

/** Values an operator family cannot read: refused for dates (as IAM does), a warning otherwise. */
function checkConditionValue(issues: Issues, operator: ConditionOperator, text: string, path: string,
  variables: boolean): void {
  const matchesNothing = (what: string): void =>
    inert(issues, path, `Value ${quote(text)} is not ${what}, so it matches no request value.`);
  const hasVariable = variables && text.includes('${');
  switch (operator.spec.family) {
    case 'Date':
      if (parseIamDate(text) === undefined) {
        malformed(issues, path, PolicyMessage.LegacyParsing, `Value ${quote(text)} is not an ISO 8601 date or epoch seconds.`);
      }
      return;
    case 'Numeric':
      if (parseNumber(text) === undefined) matchesNothing('a number');
      return;
    case 'Bool':
    case 'Null':
      if (!hasVariable && !['true', 'false'].includes(text.toLowerCase())) matchesNothing('true or false');
      return;
    case 'IpAddress':
      if (parseCidr(text) === undefined) matchesNothing('an IPv4 or IPv6 address or CIDR block');
      return;
    case 'Arn':
      if (!hasVariable && text.split(':').length < 6) matchesNothing('an ARN of six colon-separated parts');
      return;
    default:
      if (!variables && text.includes('${')) {
        inert(issues, path, `Policy variables are substituted only in Version 2012-10-17; in ${quote(text)} they are plain text.`);
      }
  }
}
