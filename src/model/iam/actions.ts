/**
 * The CodePipeline API as IAM sees it: each of the 44 operations is the IAM action
 * `codepipeline:<Operation>`, authorized against the resources the Service Authorization Reference
 * ("Actions, resources, and condition keys for AWS CodePipeline") lists for it:
 *
 * | resource type | ARN |
 * |---|---|
 * | pipeline   | `arn:aws:codepipeline:<region>:<account>:<pipeline>` |
 * | stage      | `arn:aws:codepipeline:<region>:<account>:<pipeline>/<stage>` |
 * | action     | `arn:aws:codepipeline:<region>:<account>:<pipeline>/<stage>/<action>` |
 * | actiontype | `arn:aws:codepipeline:<region>:<account>:actiontype:<owner>/<category>/<provider>/<version>` |
 * | webhook    | `arn:aws:codepipeline:<region>:<account>:webhook:<webhook>` |
 *
 * Operations with no resource type in the reference (ListPipelines, the job-worker calls, …) are
 * authorized against `*`, so only a statement with `Resource: "*"` (or a NotResource) grants them.
 *
 * Where the reference names a resource type but the request names no single resource, Sluice
 * authorizes against that type's ARN with `*` in place of the name: ListWebhooks against
 * `…:webhook:*`, Register/DeregisterWebhookWithThirdParty without `webhookName` against
 * `…:webhook:*`, ListDeployActionExecutionTargets without `pipelineName` against `…:*`. A `*` there
 * is literal text, so only a policy pattern that matches `*` (such as `…:webhook:*`) grants it.
 *
 * PutWebhook needs both the webhook and its target pipeline (`resourceArnsFor` returns both, and
 * the caller must get an Allow for each); `resourceArnFor` returns the webhook.
 */
import { ErrorCode, fail } from '../errors.ts';

export const AccessLevel = {
  List: 'List',
  Read: 'Read',
  Write: 'Write',
  Tagging: 'Tagging',
} as const;
export type AccessLevel = (typeof AccessLevel)[keyof typeof AccessLevel];

export type ResourceType = 'pipeline' | 'stage' | 'action' | 'actiontype' | 'webhook';

/** Where the resources live; Sluice has one region and one account per server. */
export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
}

interface PipelineRef { readonly pipelineName: string }
interface StageRef extends PipelineRef { readonly stageName: string }
interface ActionRef extends StageRef { readonly actionName: string }
interface ActionTypeRef { readonly category: string; readonly owner: string; readonly provider: string; readonly version: string }
/** Custom action types are always owned by `Custom`, so their requests do not name an owner. */
type CustomActionTypeRef = Omit<ActionTypeRef, 'owner'>;
interface Named { readonly name: string }
interface Tagged { readonly resourceArn: string }
interface WebhookRef { readonly webhookName?: string }
/** The operation names no resource; any input will do. */
type NoResource = object;

/** The members of each operation's (parsed) request input that its resource ARN is built from. */
export interface OperationInputs {
  AcknowledgeJob: NoResource;
  AcknowledgeThirdPartyJob: NoResource;
  CreateCustomActionType: CustomActionTypeRef;
  CreatePipeline: { readonly pipeline: Named };
  DeleteCustomActionType: CustomActionTypeRef;
  DeletePipeline: Named;
  DeleteWebhook: Named;
  DeregisterWebhookWithThirdParty: WebhookRef;
  DisableStageTransition: StageRef;
  EnableStageTransition: StageRef;
  GetActionType: NoResource;
  GetJobDetails: NoResource;
  GetPipeline: Named;
  GetPipelineExecution: PipelineRef;
  GetPipelineState: Named;
  GetThirdPartyJobDetails: NoResource;
  ListActionExecutions: PipelineRef;
  ListActionTypes: NoResource;
  ListDeployActionExecutionTargets: { readonly pipelineName?: string };
  ListPipelineExecutions: PipelineRef;
  ListPipelines: NoResource;
  ListRuleExecutions: PipelineRef;
  ListRuleTypes: NoResource;
  ListTagsForResource: Tagged;
  ListWebhooks: NoResource;
  OverrideStageCondition: StageRef;
  PollForJobs: { readonly actionTypeId: ActionTypeRef };
  PollForThirdPartyJobs: NoResource;
  PutActionRevision: ActionRef;
  PutApprovalResult: ActionRef;
  PutJobFailureResult: NoResource;
  PutJobSuccessResult: NoResource;
  PutThirdPartyJobFailureResult: NoResource;
  PutThirdPartyJobSuccessResult: NoResource;
  PutWebhook: { readonly webhook: { readonly name: string; readonly targetPipeline: string } };
  RegisterWebhookWithThirdParty: WebhookRef;
  RetryStageExecution: StageRef;
  RollbackStage: StageRef;
  StartPipelineExecution: Named;
  StopPipelineExecution: PipelineRef;
  TagResource: Tagged;
  UntagResource: Tagged;
  UpdateActionType: { readonly actionType: { readonly id: ActionTypeRef } };
  UpdatePipeline: { readonly pipeline: Named };
}
export type CodePipelineOperation = keyof OperationInputs;

interface ArnBuilder {
  pipeline(name: unknown, path: string): string;
  stage(input: StageRef): string;
  action(input: ActionRef): string;
  actionType(id: Partial<ActionTypeRef>, path: string): string;
  webhook(name: unknown, path: string): string;
}

export interface OperationAuthorization<I> {
  readonly accessLevel: AccessLevel;
  /** Resource types of the reference; empty when the operation is authorized against `*`. */
  readonly resourceTypes: readonly ResourceType[];
  readonly arns: (input: I, arn: ArnBuilder) => string[];
}

const ANY = '*';
const none = (): string[] => [ANY];
const spec = <I>(accessLevel: AccessLevel, resourceTypes: readonly ResourceType[],
  arns: (input: I, arn: ArnBuilder) => string[] = none): OperationAuthorization<I> => ({ accessLevel, resourceTypes, arns });
const { List, Read, Write, Tagging } = AccessLevel;
const TAGGABLE: readonly ResourceType[] = ['actiontype', 'pipeline', 'webhook'];

/** Access level and resources of every operation, per the Service Authorization Reference. */
export const OPERATION_AUTHORIZATION: { readonly [Op in CodePipelineOperation]: OperationAuthorization<OperationInputs[Op]> } = {
  AcknowledgeJob: spec(Write, []),
  AcknowledgeThirdPartyJob: spec(Write, []),
  CreateCustomActionType: spec(Write, ['actiontype'], (i, arn) => [arn.actionType({ ...i, owner: 'Custom' }, '')]),
  CreatePipeline: spec(Write, ['pipeline'], (i, arn) => [arn.pipeline(i.pipeline?.name, 'pipeline.name')]),
  DeleteCustomActionType: spec(Write, ['actiontype'], (i, arn) => [arn.actionType({ ...i, owner: 'Custom' }, '')]),
  DeletePipeline: spec(Write, ['pipeline'], (i, arn) => [arn.pipeline(i.name, 'name')]),
  DeleteWebhook: spec(Write, ['webhook'], (i, arn) => [arn.webhook(i.name, 'name')]),
  DeregisterWebhookWithThirdParty: spec(Write, ['webhook'], (i, arn) => [arn.webhook(i.webhookName ?? ANY, 'webhookName')]),
  DisableStageTransition: spec(Write, ['stage'], (i, arn) => [arn.stage(i)]),
  EnableStageTransition: spec(Write, ['stage'], (i, arn) => [arn.stage(i)]),
  GetActionType: spec(Read, []),
  GetJobDetails: spec(Read, []),
  GetPipeline: spec(Read, ['pipeline'], (i, arn) => [arn.pipeline(i.name, 'name')]),
  GetPipelineExecution: spec(Read, ['pipeline'], (i, arn) => [arn.pipeline(i.pipelineName, 'pipelineName')]),
  GetPipelineState: spec(Read, ['pipeline'], (i, arn) => [arn.pipeline(i.name, 'name')]),
  GetThirdPartyJobDetails: spec(Read, []),
  ListActionExecutions: spec(Read, ['pipeline'], (i, arn) => [arn.pipeline(i.pipelineName, 'pipelineName')]),
  ListActionTypes: spec(Read, []),
  ListDeployActionExecutionTargets: spec(Read, ['pipeline'], (i, arn) => [arn.pipeline(i.pipelineName ?? ANY, 'pipelineName')]),
  ListPipelineExecutions: spec(List, ['pipeline'], (i, arn) => [arn.pipeline(i.pipelineName, 'pipelineName')]),
  ListPipelines: spec(List, []),
  ListRuleExecutions: spec(Read, ['pipeline'], (i, arn) => [arn.pipeline(i.pipelineName, 'pipelineName')]),
  ListRuleTypes: spec(Read, []),
  ListTagsForResource: spec(Read, TAGGABLE, (i) => [required(i.resourceArn, 'resourceArn')]),
  ListWebhooks: spec(List, ['webhook'], (_, arn) => [arn.webhook(ANY, '')]),
  OverrideStageCondition: spec(Write, ['stage'], (i, arn) => [arn.stage(i)]),
  PollForJobs: spec(Write, ['actiontype'], (i, arn) => [arn.actionType(i.actionTypeId ?? {}, 'actionTypeId.')]),
  PollForThirdPartyJobs: spec(Write, []),
  PutActionRevision: spec(Write, ['action'], (i, arn) => [arn.action(i)]),
  PutApprovalResult: spec(Write, ['action'], (i, arn) => [arn.action(i)]),
  PutJobFailureResult: spec(Write, []),
  PutJobSuccessResult: spec(Write, []),
  PutThirdPartyJobFailureResult: spec(Write, []),
  PutThirdPartyJobSuccessResult: spec(Write, []),
  PutWebhook: spec(Write, ['pipeline', 'webhook'], (i, arn) => [
    arn.webhook(i.webhook?.name, 'webhook.name'), arn.pipeline(i.webhook?.targetPipeline, 'webhook.targetPipeline')]),
  RegisterWebhookWithThirdParty: spec(Write, ['webhook'], (i, arn) => [arn.webhook(i.webhookName ?? ANY, 'webhookName')]),
  RetryStageExecution: spec(Write, ['stage'], (i, arn) => [arn.stage(i)]),
  RollbackStage: spec(Write, ['stage'], (i, arn) => [arn.stage(i)]),
  StartPipelineExecution: spec(Write, ['pipeline'], (i, arn) => [arn.pipeline(i.name, 'name')]),
  StopPipelineExecution: spec(Write, ['pipeline'], (i, arn) => [arn.pipeline(i.pipelineName, 'pipelineName')]),
  TagResource: spec(Tagging, TAGGABLE, (i) => [required(i.resourceArn, 'resourceArn')]),
  UntagResource: spec(Tagging, TAGGABLE, (i) => [required(i.resourceArn, 'resourceArn')]),
  UpdateActionType: spec(Write, ['actiontype'], (i, arn) => [arn.actionType(i.actionType?.id ?? {}, 'actionType.id.')]),
  UpdatePipeline: spec(Write, ['pipeline'], (i, arn) => [arn.pipeline(i.pipeline?.name, 'pipeline.name')]),
};

/** The 44 operations, in the API reference's (alphabetical) order. */
export const CODEPIPELINE_OPERATIONS = Object.keys(OPERATION_AUTHORIZATION) as readonly CodePipelineOperation[];

export function isCodePipelineOperation(name: string): name is CodePipelineOperation {
  return Object.hasOwn(OPERATION_AUTHORIZATION, name);
}

/** The IAM action of an operation: `codepipeline:GetPipeline`. */
export function iamActionFor(operation: CodePipelineOperation): string {
  return `codepipeline:${operation}`;
}

/**
 * Every ARN IAM authorizes the operation against; the request is allowed only when each is.
 * Throws ValidationException when the input lacks a member the ARN is built from.
 */
export function resourceArnsFor<Op extends CodePipelineOperation>(operation: Op, input: OperationInputs[Op],
  scope: ArnScope): string[] {
  const authorization: OperationAuthorization<OperationInputs[Op]> = OPERATION_AUTHORIZATION[operation];
  return authorization.arns(input, makeArnBuilder(scope));
}

/** The ARN IAM authorizes the operation against (for PutWebhook, the webhook's). */
export function resourceArnFor<Op extends CodePipelineOperation>(operation: Op, input: OperationInputs[Op],
  scope: ArnScope): string {
  return resourceArnsFor(operation, input, scope)[0] ?? ANY;
}

function makeArnBuilder(scope: ArnScope): ArnBuilder {
  const base = `arn:${scope.partition ?? 'aws'}:codepipeline:${scope.region}:${scope.accountId}`;
  return {
    pipeline: (name, path) => `${base}:${required(name, path)}`,
    stage: (i) => `${base}:${required(i.pipelineName, 'pipelineName')}/${required(i.stageName, 'stageName')}`,
    action: (i) => `${base}:${required(i.pipelineName, 'pipelineName')}/${required(i.stageName, 'stageName')}/`
      + required(i.actionName, 'actionName'),
    actionType: (id, path) => `${base}:actiontype:${required(id.owner, `${path}owner`)}/${required(id.category, `${path}category`)}/`
      + `${required(id.provider, `${path}provider`)}/${required(id.version, `${path}version`)}`,
    webhook: (name, path) => `${base}:webhook:${required(name, path)}`,
  };
}

/** A member the ARN needs; its absence is the error AWS gives for a missing required member. */
function required(value: unknown, path: string): string {
  if (typeof value === 'string' && value !== '') return value;
  return fail(ErrorCode.ValidationException,
    `1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
}
