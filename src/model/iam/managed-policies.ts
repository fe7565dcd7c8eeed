/**
 * AWS managed policies Sluice offers under their AWS names and ARNs, so that users, groups and roles
 * can attach `arn:aws:iam::aws:policy/AWSCodePipeline_ReadOnlyAccess` as they would on AWS.
 *
 * The CodePipeline policies keep only their `codepipeline:` statements, copied as AWS publishes
 * them (AWSCodePipeline_FullAccess v3, AWSCodePipeline_ReadOnlyAccess v1); their grants on S3,
 * CloudFormation, CodeStar Notifications, IAM PassRole and the rest concern services Sluice does not
 * authorize through these policies.
 *
 * Note that AWS's read-only policy does not grant every Get and List action: GetActionType,
 * GetJobDetails, GetThirdPartyJobDetails, ListDeployActionExecutionTargets, ListRuleExecutions,
 * ListRuleTypes and ListWebhooks are absent from it, and so they are here.
 */
import type { PolicyDocument } from './policy.ts';

export const AdministratorAccess = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
} as const satisfies PolicyDocument;

export const AWSCodePipeline_FullAccess = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'CodePipelineAuthoringAccess', Effect: 'Allow', Action: ['codepipeline:*'], Resource: '*' }],
} as const satisfies PolicyDocument;

export const AWSCodePipeline_ReadOnlyAccess = {
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Action: [
      'codepipeline:GetPipeline',
      'codepipeline:GetPipelineState',
      'codepipeline:GetPipelineExecution',
      'codepipeline:ListPipelineExecutions',
      'codepipeline:ListActionExecutions',
      'codepipeline:ListActionTypes',
      'codepipeline:ListPipelines',
      'codepipeline:ListTagsForResource',
    ],
    Resource: '*',
  }],
} as const satisfies PolicyDocument;

export interface ManagedPolicy {
  readonly name: string;
  readonly arn: string;
  readonly document: PolicyDocument;
}

const managed = (name: string, document: PolicyDocument): ManagedPolicy =>
  ({ name, arn: `arn:aws:iam::aws:policy/${name}`, document });

/** The AWS managed policies Sluice knows, by ARN. */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, ManagedPolicy> = new Map([
  managed('AdministratorAccess', AdministratorAccess),
  managed('AWSCodePipeline_FullAccess', AWSCodePipeline_FullAccess),
  managed('AWSCodePipeline_ReadOnlyAccess', AWSCodePipeline_ReadOnlyAccess),
].map((p) => [p.arn, p]));
