/**
 * Table runners and builders for IAM policy tests. Every policy a row evaluates must also parse
 * cleanly, so the evaluation tables never lean on documents IAM would refuse.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type AuthorizationRequest, type Decision, type MatchedStatement } from '../../../src/model/iam/evaluate.ts';
import { parsePolicyDocument } from '../../../src/model/iam/parse-policy.ts';
import type { ConditionBlock, PolicyDocument, PolicyHolder, Statement } from '../../../src/model/iam/policy.ts';
import type { ValidationIssue } from '../../../src/model/validation-issue.ts';

export interface EvaluationRow {
  name: string;
  policies: PolicyDocument[];
  request: AuthorizationRequest;
  want: Decision;
  /** The deciding statement, when the row cares. */
  matched?: MatchedStatement;
}

/** Inline role policies accept Version 2008-10-17 and have the largest quota. */
const LENIENT: PolicyHolder = { kind: 'inline', entity: 'role', name: 'test-role' };

export function describeEvaluations(title: string, rows: EvaluationRow[]): void {
  describe(title, () => {
    for (const row of rows) {
      it(row.name, () => {
        for (const policy of row.policies) {
          const errors = parsePolicyDocument(JSON.stringify(policy), LENIENT).issues.filter((i) => i.severity === 'error');
          assert.deepEqual(errors, [], 'the row uses a policy IAM accepts');
        }
        const result = evaluate(row.request, row.policies);
        assert.equal(result.decision, row.want);
        if (row.matched) assert.deepEqual(result.matchedStatement, row.matched);
        if (row.want === 'ImplicitDeny') assert.equal(result.matchedStatement, undefined);
      });
    }
  });
}

export function policy(...statements: Statement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

type Extra = Partial<Omit<Statement, 'Effect'>>;

export function allow(action: string | string[], resource: string | string[], extra: Extra = {}): Statement {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra };
}

export function deny(action: string | string[], resource: string | string[], extra: Extra = {}): Statement {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra };
}

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const pipelineArn = (name: string): string => `arn:aws:codepipeline:${REGION}:${ACCOUNT}:${name}`;

export function request(action: string, resource: string, context?: AuthorizationRequest['context']): AuthorizationRequest {
  return context === undefined ? { action, resource } : { action, resource, context };
}

/**
 * A row testing one Condition block on an Allow of everything: `holds` says whether the block holds
 * for the context, i.e. whether the request is allowed.
 */
export function conditionRow(name: string, condition: ConditionBlock, context: AuthorizationRequest['context'],
  holds: boolean): EvaluationRow {
  return {
    name: `${name} → ${holds ? 'holds' : 'fails'}`,
    policies: [policy(allow('*', '*', { Condition: condition }))],
    request: request('codepipeline:GetPipeline', pipelineArn('app'), context),
    want: holds ? 'Allow' : 'ImplicitDeny',
  };
}

export interface IssueWant {
  code: string;
  messageIncludes: string;
  path?: string;
  /** @default 'error' */
  severity?: 'error' | 'warning';
}

export interface ParseRow {
  name: string;
  /** A document to serialize, or the raw JSON text when it is a string. */
  input: unknown;
  holder?: PolicyHolder;
  want: IssueWant[];
}

function issueMatches(issue: ValidationIssue, want: IssueWant): boolean {
  return issue.severity === (want.severity ?? 'error') && issue.code === want.code
    && (want.path === undefined || issue.path === want.path) && issue.message.includes(want.messageIncludes);
}

/** Each wanted issue matches one distinct issue, and no other issue is left over. */
export function describeParses(title: string, rows: ParseRow[]): void {
  describe(title, () => {
    for (const row of rows) {
      it(row.name, () => {
        const json = typeof row.input === 'string' ? row.input : JSON.stringify(row.input);
        const result = parsePolicyDocument(json, row.holder);
        const left = [...result.issues];
        const dump = JSON.stringify(result.issues, null, 2);
        for (const want of row.want) {
          const index = left.findIndex((issue) => issueMatches(issue, want));
          assert.ok(index >= 0, `no issue matches ${JSON.stringify(want)}; got ${dump}`);
          left.splice(index, 1);
        }
        assert.deepEqual(left, [], `unexpected issues; got ${dump}`);
        const hasErrors = result.issues.some((i) => i.severity === 'error');
        assert.equal(result.policy === undefined, hasErrors, 'a document is returned exactly when valid');
      });
    }
  });
}
