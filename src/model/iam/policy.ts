/**
 * IAM identity policies, typed exactly as AWS writes them, for authorizing requests to Sluice.
 *
 * Terminology:
 * - policy document: `{ Version, Id?, Statement }`, the JSON attached to a user, group or role
 *   (inline) or stored on its own and attached to many (managed);
 * - statement: one Effect over Action|NotAction × Resource|NotResource, narrowed by a Condition;
 * - request context: the condition keys of one request (`aws:username`, `aws:SourceIp`, …);
 * - explicit deny: a Deny statement applies; implicit deny: no statement applies at all.
 *
 * Only identity policies are modelled. A Principal is refused, as IAM refuses it in user, group and
 * role policies ("Policy document should not specify a principal.").
 *
 * Parsing lives in `parse-policy.ts`, evaluation in `evaluate.ts`.
 */
import type { ErrorCode } from '../errors.ts';

/** The two policy language versions IAM knows; policy variables need `2012-10-17`. */
export const PolicyVersion = {
  Current: '2012-10-17',
  /** What IAM assumes when an inline policy has no Version; variables are plain text in it. */
  Legacy: '2008-10-17',
} as const;
export type PolicyVersion = (typeof PolicyVersion)[keyof typeof PolicyVersion];

export const Effect = { Allow: 'Allow', Deny: 'Deny' } as const;
export type Effect = (typeof Effect)[keyof typeof Effect];

/** IAM accepts a single value or a list wherever a list is meant. */
export type OneOrMany<T> = T | readonly T[];

/** Condition values may be written as JSON strings, numbers or booleans (`"Bool": {"k": true}`). */
export type ConditionValue = string | number | boolean;

/** `{ "StringEquals": { "aws:username": ["alice", "bob"] } }`: operator → condition key → values. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, OneOrMany<ConditionValue>>>>>;

/** One statement; exactly one of Action/NotAction and one of Resource/NotResource is present. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: Effect;
  readonly Action?: OneOrMany<string>;
  readonly NotAction?: OneOrMany<string>;
  readonly Resource?: OneOrMany<string>;
  readonly NotResource?: OneOrMany<string>;
  readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
  readonly Version: PolicyVersion;
  readonly Id?: string;
  readonly Statement: OneOrMany<Statement>;
}

/** The statements of a document as a list, whichever form it was written in. */
export function statementsOf(policy: PolicyDocument): readonly Statement[] {
  return asList(policy.Statement);
}

export function asList<T>(value: OneOrMany<T> | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value as T];
}

/**
 * Error codes of IAM's policy errors that are not yet in `ErrorCode`. IAM's query protocol spells the
 * wire code `MalformedPolicyDocument`; the SDKs raise `MalformedPolicyDocumentException`.
 */
export const IamErrorCode = {
  MalformedPolicyDocument: 'MalformedPolicyDocumentException',
} as const;
export type IamErrorCode = (typeof IamErrorCode)[keyof typeof IamErrorCode];

/** The error code of a malformed policy document. */
export const MALFORMED_POLICY_DOCUMENT: ErrorCode = IamErrorCode.MalformedPolicyDocument;

/**
 * IAM's size quotas, in characters not counting whitespace (IAM and STS quotas, "IAM object
 * quotas"): a managed policy holds at most 6,144; the inline policies of one entity together hold at
 * most 2,048 for a user, 5,120 for a group and 10,240 for a role.
 */
export const PolicySizeQuota = {
  managed: 6144,
  user: 2048,
  group: 5120,
  role: 10240,
} as const;

/** Which entity a document is stored for; decides the size quota and the Versions IAM accepts. */
export type PolicyHolder =
  | { readonly kind: 'managed' }
  | {
    readonly kind: 'inline';
    readonly entity: 'user' | 'group' | 'role';
    /** The user, group or role name, as it appears in IAM's LimitExceeded message. */
    readonly name: string;
    /**
     * Size (see `policySize`) of the entity's other inline policies, which share its quota.
     * @default 0
     */
    readonly otherInlineSize?: number;
  };

/** A document's size as IAM counts it against quotas: characters other than whitespace. */
export function policySize(json: string): number {
  return json.replace(/\s/g, '').length;
}
