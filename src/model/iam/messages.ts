/**
 * IAM's own wording for policy errors (MalformedPolicyDocument), as IAM returns it from
 * CreatePolicy and Put{User,Group,Role}Policy. IAM reports only the first problem; Sluice reports
 * every one, so where IAM's text does not say where the problem is, a short detail follows it
 * (`Syntax errors in policy. Missing required field Effect at Statement[0].`). Clients that compare
 * with AWS see IAM's text first.
 */
import { MALFORMED_POLICY_DOCUMENT } from './policy.ts';
import type { Issues } from '../validation/fields.ts';

export const PolicyMessage = {
  Syntax: 'Syntax errors in policy.',
  Version: 'Policy document must be version 2012-10-17 or greater.',
  Principal: 'Policy document should not specify a principal.',
  LegacyParsing: 'The policy failed legacy parsing',
  SidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  SidAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  NoActions: 'Policy statement must contain actions.',
  NoResources: 'Policy statement must contain resources.',
  VendorPrefix: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  OneColon: 'Actions/Condition can contain only one colon.',
  ResourceVendor: 'Resource vendor must be fully qualified and cannot contain regexes.',
} as const;

/** Records a MalformedPolicyDocument error: IAM's message, then Sluice's detail if any. */
export function malformed(issues: Issues, path: string, message: string, detail?: string): void {
  issues.error(MALFORMED_POLICY_DOCUMENT, path, withDetail(message, detail));
}

/** Records "Syntax errors in policy." with what exactly is wrong. */
export function syntaxError(issues: Issues, path: string, detail: string): void {
  malformed(issues, path, PolicyMessage.Syntax, detail);
}

/** A problem IAM accepts but that makes part of a policy inert; it never blocks the document. */
export function inert(issues: Issues, path: string, detail: string): void {
  issues.warning(MALFORMED_POLICY_DOCUMENT, path, detail);
}

function withDetail(message: string, detail: string | undefined): string {
  if (detail === undefined) return message;
  return message.endsWith('.') ? `${message} ${detail}` : `${message}. ${detail}`;
}

/** `'text'` for messages, cut so one long value does not drown the others. */
export function quote(value: string): string {
  return value.length > 100 ? `'${value.slice(0, 100)}…'` : `'${value}'`;
}
