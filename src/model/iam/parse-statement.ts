/**
 * Checks of one statement: its fields, Sid, Effect, Action|NotAction and Resource|NotResource.
 * The rules and their order of precedence within one string follow IAM's validator: a Resource that
 * breaks the ARN rules is reported for that, and only a well-formed one is then legacy-parsed.
 */
import { isObject, type Issues, type JsonObject } from '../validation/fields.ts';
import { malformed, PolicyMessage, quote, syntaxError, inert } from './messages.ts';
import { checkConditionBlock } from './parse-condition.ts';
import { PolicyVersion } from './policy.ts';

const STATEMENT_FIELDS = ['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_FIELDS = ['Principal', 'NotPrincipal'];

/** Partitions IAM knows; a Resource in any other is refused. */
const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** Resource paths IAM accepts in `arn:aws:iam::<account>:<path>`. */
const IAM_PATHS = ['user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/',
  'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/'];

/** Checks one statement at `path`; `sids` collects Sids across statements for the uniqueness rule. */
export function checkStatement(issues: Issues, value: unknown, path: string, version: string,
  sids: Set<string>): void {
  if (!isObject(value)) {
    syntaxError(issues, path, `A statement must be a JSON object at ${path}.`);
    return;
  }
  for (const field of Object.keys(value)) {
    if (PRINCIPAL_FIELDS.includes(field)) malformed(issues, `${path}.${field}`, PolicyMessage.Principal);
    else if (!STATEMENT_FIELDS.includes(field)) syntaxError(issues, `${path}.${field}`, `Unknown field ${field} at ${path}.`);
  }
  checkSid(issues, value, path, sids);
  checkEffect(issues, value, path);
  checkPair(issues, value, path, ['Action', 'NotAction'], PolicyMessage.NoActions, checkAction);
  const variables = version === PolicyVersion.Current;
  checkPair(issues, value, path, ['Resource', 'NotResource'], PolicyMessage.NoResources,
    (i, resource, at) => checkResource(i, resource, at, variables));
  if ('Condition' in value) checkConditionBlock(issues, value.Condition, `${path}.Condition`, variables);
}

function checkSid(issues: Issues, statement: JsonObject, path: string, sids: Set<string>): void {
  if (!('Sid' in statement)) return;
  const sid = statement.Sid;
  if (typeof sid !== 'string') {
    syntaxError(issues, `${path}.Sid`, `Sid must be a string at ${path}.`);
  } else if (!/^[0-9A-Za-z]*$/.test(sid)) {
    malformed(issues, `${path}.Sid`, PolicyMessage.SidAlphanumeric, `Found ${quote(sid)}.`);
  } else if (sid !== '' && sids.has(sid)) {
    malformed(issues, `${path}.Sid`, PolicyMessage.SidUnique, `${quote(sid)} is used more than once.`);
  } else {
    sids.add(sid);
  }
}

function checkEffect(issues: Issues, statement: JsonObject, path: string): void {
  const effect = statement.Effect;
  if (effect === undefined) {
    syntaxError(issues, path, `Missing required field Effect at ${path}.`);
  } else if (typeof effect !== 'string' || !['allow', 'deny'].includes(effect.toLowerCase())) {
    syntaxError(issues, `${path}.Effect`, `Effect must be Allow or Deny at ${path}.`);
  } else if (effect !== 'Allow' && effect !== 'Deny') {
    // IAM's syntax check ignores case but its legacy parser does not.
    malformed(issues, `${path}.Effect`, PolicyMessage.LegacyParsing, `Effect ${quote(effect)} must be spelled Allow or Deny.`);
  }
}

type CheckOne = (issues: Issues, value: string, path: string) => void;

/** Action|NotAction or Resource|NotResource: exactly one present, a string or a non-empty list. */
function checkPair(issues: Issues, statement: JsonObject, path: string, names: [string, string],
  missing: string, checkOne: CheckOne): void {
  const present = names.filter((n) => n in statement);
  if (present.length === 2) syntaxError(issues, path, `A statement holds ${names[0]} or ${names[1]}, not both, at ${path}.`);
  const name = present[0];
  if (name === undefined) {
    malformed(issues, path, missing);
    return;
  }
  const value = statement[name];
  const at = `${path}.${name}`;
  if (!Array.isArray(value) && typeof value !== 'string') {
    syntaxError(issues, at, `${name} must be a string or a list of strings at ${path}.`);
    return;
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) malformed(issues, path, missing);
  list.forEach((item, i) => {
    const itemPath = Array.isArray(value) ? `${at}[${i}]` : at;
    if (typeof item === 'string') checkOne(issues, item, itemPath);
    else syntaxError(issues, itemPath, `${name} must hold strings only at ${path}.`);
  });
}

/** `*` or `vendor:Name`, where Name may hold `*` and `?`. */
function checkAction(issues: Issues, action: string, path: string): void {
  if (action === '*') return;
  const parts = action.split(':');
  const vendor = parts[0] ?? '';
  if (parts.length === 1 || vendor === '') {
    malformed(issues, path, PolicyMessage.VendorPrefix, `Found ${quote(action)} at ${path}.`);
  } else if (parts.length > 2) {
    malformed(issues, path, PolicyMessage.OneColon, `Found ${quote(action)} at ${path}.`);
  } else if (vendor !== '*' && /[^a-zA-Z0-9.-]/.test(vendor)) {
    malformed(issues, path, `Vendor ${vendor} is not valid`);
  }
}

function checkResource(issues: Issues, resource: string, path: string, variables: boolean): void {
  const formatError = resourceFormatError(resource);
  if (formatError !== undefined) {
    malformed(issues, path, formatError);
  } else if (failsLegacyParsing(resource)) {
    malformed(issues, path, PolicyMessage.LegacyParsing, `Resource ${quote(resource)} has too few parts.`);
  } else if (!variables && resource.includes('${')) {
    inert(issues, path, `Policy variables are substituted only in Version 2012-10-17; in ${quote(resource)} they are plain text.`);
  }
}

/** IAM's ARN rules for Resource, in IAM's order and wording; undefined when the ARN passes. */
function resourceFormatError(resource: string): string | undefined {
  if (resource === '*') return undefined;
  const [, partition, ...rest] = resource.split(':');
  if (partition === undefined) return `Resource ${resource} must be in ARN format or "*".`;
  if (!PARTITIONS.includes(partition)) return partitionError(partition, rest);
  const [service, ...afterService] = rest;
  if (service === undefined) return PolicyMessage.ResourceVendor;
  const region = afterService[0];
  if (service === 'iam' && region !== '') return `IAM resource ${resource} cannot contain region information.`;
  if (service === 's3' && region !== '') return `Resource ${resource} can not contain region information.`;
  const path = afterService.slice(2).join(':');
  if (service === 'iam' && path !== '*' && !IAM_PATHS.some((p) => path.startsWith(p))) {
    return `IAM resource path must either be "*" or start with ${IAM_PATHS.join(', ')}.`;
  }
  return undefined;
}

/** IAM shows the resource re-read as an ARN, with `*` for the parts it lacks. */
function partitionError(partition: string, rest: readonly string[]): string {
  const part = (i: number): string => rest[i] ?? '*';
  const first = rest.length === 0 || (rest.length === 1 && rest[0] === '') ? '*' : part(0);
  const last = rest.length > 3 ? rest.slice(3).join(':') : '*';
  return `Partition "${partition}" is not valid for resource "arn:${partition}:${first}:${part(1)}:${part(2)}:${last}".`;
}

/** IAM's legacy parser refuses an ARN that has `::` but fewer than six parts, or no service. */
function failsLegacyParsing(resource: string): boolean {
  if (resource === '*') return false;
  const parts = resource.split(':');
  return (parts.length < 6 && resource.includes('::')) || parts[2] === '';
}
