/**
 * Reads a policy document from the JSON text a client sent (CreatePolicy, PutUserPolicy, …) and
 * collects every problem IAM would refuse it for, in IAM's wording (see messages.ts).
 *
 * Error conventions:
 * - MalformedPolicyDocumentException for the document's content;
 * - LimitExceededException when it is over its size quota (IAM: `LimitExceeded`);
 * - ValidationException for characters the PolicyDocument parameter does not allow.
 * Warnings mark parts IAM accepts but that can never match (they do not block the document).
 *
 * Version: a managed policy must say `2012-10-17`, as IAM's CreatePolicy requires ("Policy document
 * must be version 2012-10-17 or greater."). An inline policy may say `2008-10-17` or nothing, which
 * IAM reads as `2008-10-17`; the returned document then carries that Version explicitly.
 */
import { coerceError, ErrorCode } from '../errors.ts';
import type { ValidationIssue } from '../validation-issue.ts';
import { isObject, makeIssues, violation, type Issues, type JsonObject } from '../validation/fields.ts';
import { malformed, PolicyMessage, syntaxError } from './messages.ts';
import { checkStatement } from './parse-statement.ts';
import { policySize, PolicySizeQuota, PolicyVersion, type PolicyDocument, type PolicyHolder } from './policy.ts';

export interface ParsedPolicy {
  /** The document, present exactly when there are no error issues. */
  readonly policy?: PolicyDocument;
  readonly issues: ValidationIssue[];
}

const TOP_LEVEL_FIELDS = ['Version', 'Id', 'Statement'];

/** IAM's pattern for the PolicyDocument parameter: printable Latin-1 plus tab, LF and CR. */
const DOCUMENT_PATTERN = '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+';

/**
 * Parses and validates an identity policy document.
 * @param holder where the document will be stored; sets the size quota and accepted Versions.
 * @default holder `{ kind: 'managed' }`
 */
export function parsePolicyDocument(json: string, holder: PolicyHolder = { kind: 'managed' }): ParsedPolicy {
  const issues = makeIssues();
  checkText(issues, json, holder);
  const document = readJson(issues, json);
  if (!document) return { issues: issues.list };
  for (const field of Object.keys(document)) {
    if (!TOP_LEVEL_FIELDS.includes(field)) syntaxError(issues, field, `Unknown field ${field} at the top level.`);
  }
  const version = readVersion(issues, document.Version, holder);
  if ('Id' in document && typeof document.Id !== 'string') syntaxError(issues, 'Id', 'Id must be a string.');
  const sids = new Set<string>();
  for (const [path, statement] of statementEntries(issues, document.Statement)) {
    checkStatement(issues, statement, path, version, sids);
  }
  if (issues.list.some((i) => i.severity === 'error')) return { issues: issues.list };
  return { policy: { ...document, Version: version } as unknown as PolicyDocument, issues: issues.list };
}

function checkText(issues: Issues, json: string, holder: PolicyHolder): void {
  if (json.length === 0) violation(issues, 'policyDocument', json, 'have length greater than or equal to 1');
  else if (!new RegExp(`^${DOCUMENT_PATTERN}$`).test(json)) {
    violation(issues, 'policyDocument', json, `satisfy regular expression pattern: ${DOCUMENT_PATTERN}`);
  }
  const size = policySize(json);
  if (holder.kind === 'managed') {
    if (size > PolicySizeQuota.managed) {
      issues.error(ErrorCode.LimitExceededException, '', `Cannot exceed quota for PolicySize: ${PolicySizeQuota.managed}`);
    }
    return;
  }
  const quota = PolicySizeQuota[holder.entity];
  if (size + (holder.otherInlineSize ?? 0) > quota) {
    issues.error(ErrorCode.LimitExceededException, '',
      `Maximum policy size of ${quota} bytes exceeded for ${holder.entity} ${holder.name}`);
  }
}

function readJson(issues: Issues, json: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    const err = coerceError(e);
    // The parser's message points at the offending character of the client's own text.
    syntaxError(issues, '', `The document is not valid JSON: ${err.message}.`);
    return undefined;
  }
  if (isObject(value)) return value;
  syntaxError(issues, '', 'The document must be a JSON object.');
  return undefined;
}

function readVersion(issues: Issues, value: unknown, holder: PolicyHolder): PolicyVersion {
  if (value === undefined) {
    if (holder.kind === 'managed') malformed(issues, 'Version', PolicyMessage.Version);
    return PolicyVersion.Legacy;
  }
  if (value !== PolicyVersion.Current && value !== PolicyVersion.Legacy) {
    syntaxError(issues, 'Version', `Version must be ${PolicyVersion.Current} or ${PolicyVersion.Legacy}.`);
    return PolicyVersion.Current;
  }
  if (value === PolicyVersion.Legacy && holder.kind === 'managed') malformed(issues, 'Version', PolicyMessage.Version);
  return value;
}

/** The statements with their paths: `Statement` for a single object, `Statement[i]` in a list. */
function statementEntries(issues: Issues, value: unknown): [string, unknown][] {
  if (value === undefined) {
    syntaxError(issues, 'Statement', 'Missing required field Statement.');
    return [];
  }
  if (isObject(value)) return [['Statement', value]];
  if (!Array.isArray(value)) {
    syntaxError(issues, 'Statement', 'Statement must be an object or a list of objects.');
    return [];
  }
  if (value.length === 0) syntaxError(issues, 'Statement', 'Statement must hold at least one statement.');
  return value.map((statement: unknown, i) => [`Statement[${i}]`, statement]);
}
