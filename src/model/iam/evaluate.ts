/**
 * Decides one request against the identity policies of the caller, with IAM's logic for identity
 * policies in one account (no resource policies, boundaries or SCPs):
 * 1. a Deny statement that applies decides `ExplicitDeny`, whatever allows it elsewhere;
 * 2. otherwise an Allow statement that applies decides `Allow`;
 * 3. otherwise the request is `ImplicitDeny`.
 * A statement applies when its Action (or NotAction) matches the action, its Resource (or
 * NotResource) matches the resource and its Condition holds. `NotAction: X` applies to every action
 * except X, and likewise NotResource.
 *
 * Matching: actions ignore case (`CodePipeline:get*` matches `codepipeline:GetPipeline`); resources
 * are case-sensitive, and a `*` in a Resource may span `:` and `/`.
 *
 * Documents are expected to come from parsePolicyDocument. For one that did not and names a
 * condition operator Sluice does not know, the statement fails closed: a Deny applies, an Allow
 * does not.
 */
import { evaluateConditions } from './conditions.ts';
import { indexContext, matchesTokens, matchesWildcard, resolvePattern, type ContextIndex } from './patterns.ts';
import {
  asList, Effect, PolicyVersion, statementsOf, type OneOrMany, type PolicyDocument, type Statement,
} from './policy.ts';

export const Decision = {
  Allow: 'Allow',
  ExplicitDeny: 'ExplicitDeny',
  ImplicitDeny: 'ImplicitDeny',
} as const;
export type Decision = (typeof Decision)[keyof typeof Decision];

export interface AuthorizationRequest {
  /** The IAM action, e.g. `codepipeline:StartPipelineExecution`. */
  readonly action: string;
  /** The ARN IAM authorizes the action against (see `resourceArnFor`), or `*`. */
  readonly resource: string;
  /**
   * Condition keys of the request, e.g. `aws:username`, `aws:SourceIp`, `aws:CurrentTime`,
   * `aws:SecureTransport`; a list for multivalued keys such as `aws:TagKeys`. Names ignore case.
   * @default {}
   */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface MatchedStatement {
  /** Index of the deciding policy in the list given to `evaluate`. */
  readonly policyIndex: number;
  /** Index of the statement within that policy. */
  readonly statementIndex: number;
  readonly sid?: string;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /** The first statement that decided; absent for an implicit deny. */
  readonly matchedStatement?: MatchedStatement;
}

export function evaluate(request: AuthorizationRequest, policies: readonly PolicyDocument[]): EvaluationResult {
  const context = indexContext(request.context);
  let allow: MatchedStatement | undefined;
  for (const [policyIndex, policy] of policies.entries()) {
    const variables = policy.Version === PolicyVersion.Current;
    for (const [statementIndex, statement] of statementsOf(policy).entries()) {
      if (statement.Effect !== Effect.Allow && statement.Effect !== Effect.Deny) continue;
      if (!appliesTo(statement, request, context, variables)) continue;
      const matched = statement.Sid === undefined
        ? { policyIndex, statementIndex }
        : { policyIndex, statementIndex, sid: statement.Sid };
      if (statement.Effect === Effect.Deny) return { decision: Decision.ExplicitDeny, matchedStatement: matched };
      allow ??= matched;
    }
  }
  return allow ? { decision: Decision.Allow, matchedStatement: allow } : { decision: Decision.ImplicitDeny };
}

function appliesTo(statement: Statement, request: AuthorizationRequest, context: ContextIndex,
  variables: boolean): boolean {
  const actionMatches = (patterns: OneOrMany<string>): boolean =>
    asList(patterns).some((p) => matchesWildcard(p, request.action, true));
  const resourceMatches = (patterns: OneOrMany<string>): boolean =>
    asList(patterns).some((p) => {
      const tokens = resolvePattern(p, { variables, wildcards: true }, context);
      return tokens !== undefined && matchesTokens(tokens, request.resource, false);
    });
  const action = statement.Action !== undefined ? actionMatches(statement.Action)
    : statement.NotAction !== undefined && !actionMatches(statement.NotAction);
  const resource = statement.Resource !== undefined ? resourceMatches(statement.Resource)
    : statement.NotResource !== undefined && !resourceMatches(statement.NotResource);
  if (!action || !resource) return false;
  const holds = evaluateConditions(statement.Condition, context, variables);
  return holds === 'unknown-operator' ? statement.Effect === Effect.Deny : holds;
}
