/**
 * Execution operations: start, get, list, stop, retry, rollback, action execution history,
 * approvals, stage transitions, PutActionRevision, and the condition operations (conditions are
 * validated but not evaluated yet, so nothing can be overridden and no rule has run).
 */
import type { SourceRevisionOverride } from '../../engine/state.ts';
import { SluiceError } from '../../model/errors.ts';
import type { StageRetryMode, StageTransitionType } from '../../model/vocabulary.ts';
import type { Operation } from '../aws-json/operation.ts';
import { requirePipeline, type CodePipelineApi } from './context.ts';
import { actionExecutionDetail, compact, epochSeconds, executionSummary, pipelineExecution } from './wire.ts';

type Input = Record<string, unknown>;

function page(input: Input): { maxResults?: number; nextToken?: string } {
  return compact({ maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined });
}

async function requireExecution(api: CodePipelineApi, pipelineName: string, executionId: string) {
  await requirePipeline(api, pipelineName);
  const execution = await api.runtime.store.executions.get(pipelineName, executionId);
  if (!execution) {
    throw new SluiceError('PipelineExecutionNotFoundException', `Pipeline execution ${executionId} of pipeline ${pipelineName} not found`);
  }
  return execution;
}

export function executionOperations(api: CodePipelineApi): Record<string, Operation<never, object>> {
  const { runtime } = api;
  const service = runtime.pipelines;
  const operations: Record<string, Operation<Input, object>> = {
    StartPipelineExecution: {
      async handle(input, context) {
        const id = await service.startExecution(input.name as string, compact({
          trigger: { triggerType: 'StartPipelineExecution', triggerDetail: context.caller.arn },
          variables: input.variables as { name: string; value: string }[] | undefined,
          sourceRevisions: input.sourceRevisions as SourceRevisionOverride[] | undefined,
          clientRequestToken: input.clientRequestToken as string | undefined,
        }) as Parameters<typeof service.startExecution>[1]);
        return { pipelineExecutionId: id };
      },
    },
    GetPipelineExecution: {
      async handle(input) {
        const execution = await requireExecution(api, input.pipelineName as string, input.pipelineExecutionId as string);
        return { pipelineExecution: pipelineExecution(execution) };
      },
    },
    ListPipelineExecutions: {
      async handle(input) {
        const name = input.pipelineName as string;
        await requirePipeline(api, name);
        const filter = input.filter as { succeededInStage?: { stageName?: string } } | undefined;
        const result = await runtime.store.executions.list(name, compact({ succeededInStage: filter?.succeededInStage?.stageName }), page(input));
        return compact({ pipelineExecutionSummaries: result.items.map(executionSummary), nextToken: result.nextToken });
      },
    },
    StopPipelineExecution: {
      async handle(input, context) {
        const name = input.pipelineName as string;
        await requireExecution(api, name, input.pipelineExecutionId as string);
        const id = await service.stopExecution(name, input.pipelineExecutionId as string, compact({
          abandon: input.abandon as boolean | undefined, reason: input.reason as string | undefined, by: context.caller.arn,
        }));
        return { pipelineExecutionId: id };
      },
    },
    RetryStageExecution: {
      async handle(input, context) {
        const name = input.pipelineName as string;
        await requireExecution(api, name, input.pipelineExecutionId as string);
        const id = await service.retryStage(name, input.stageName as string, input.pipelineExecutionId as string,
          input.retryMode as StageRetryMode, context.caller.arn);
        return { pipelineExecutionId: id };
      },
    },
    RollbackStage: {
      async handle(input) {
        const name = input.pipelineName as string;
        await requireExecution(api, name, input.targetPipelineExecutionId as string);
        return { pipelineExecutionId: await service.rollbackStage(name, input.stageName as string, input.targetPipelineExecutionId as string) };
      },
    },
    ListActionExecutions: {
      async handle(input) {
        const name = input.pipelineName as string;
        const filter = input.filter as { pipelineExecutionId?: string; latestInPipelineExecution?: { pipelineExecutionId?: string } } | undefined;
        const executionId = filter?.pipelineExecutionId ?? filter?.latestInPipelineExecution?.pipelineExecutionId;
        if (executionId !== undefined) await requireExecution(api, name, executionId);
        else await requirePipeline(api, name);
        const result = await runtime.store.executions.listActionExecutions(name, compact({ executionId }), page(input));
        let items = result.items;
        if (filter?.latestInPipelineExecution) {
          // Only each action's latest attempt (the list is newest first).
          const seen = new Set<string>();
          items = items.filter((a) => !seen.has(`${a.stageName}/${a.actionName}`) && seen.add(`${a.stageName}/${a.actionName}`));
        }
        return compact({ actionExecutionDetails: items.map(actionExecutionDetail), nextToken: result.nextToken });
      },
    },
    PutApprovalResult: {
      async handle(input, context) {
        const name = input.pipelineName as string;
        await requirePipeline(api, name);
        const result = input.result as { summary: string; status: 'Approved' | 'Rejected' };
        const approvedAt = await service.putApprovalResult(name, {
          stageName: input.stageName as string, actionName: input.actionName as string, token: input.token as string,
          status: result.status, summary: result.summary, by: context.caller.arn,
        });
        return { approvedAt: epochSeconds(approvedAt) };
      },
    },
    EnableStageTransition: transition(api, true),
    DisableStageTransition: transition(api, false),
    PutActionRevision: {
      async handle(input, context) {
        const name = input.pipelineName as string;
        const { declaration } = await requirePipeline(api, name);
        const stageName = input.stageName as string;
        const actionName = input.actionName as string;
        const stage = declaration.stages.find((s) => s.name === stageName);
        if (!stage) throw new SluiceError('StageNotFoundException', `Stage ${stageName} not found in pipeline ${name}`);
        if (!stage.actions.some((a) => a.name === actionName)) {
          throw new SluiceError('ActionNotFoundException', `Action ${actionName} not found in stage ${stageName} of pipeline ${name}`);
        }
        const revision = input.actionRevision as { revisionId: string };
        const latest = (await runtime.store.executions.list(name, {}, { maxResults: 1 })).items[0];
        const known = latest?.artifactRevisions.some((r) => r.revisionId === revision.revisionId);
        if (known && latest) return { newRevision: false, pipelineExecutionId: latest.pipelineExecutionId };
        const id = await service.startExecution(name, {
          trigger: { triggerType: 'PutActionRevision', triggerDetail: context.caller.arn },
          sourceRevisions: [{ actionName, revisionType: 'COMMIT_ID', revisionValue: revision.revisionId }],
        });
        return { newRevision: true, pipelineExecutionId: id };
      },
    },
    OverrideStageCondition: {
      async handle(input) {
        await requireExecution(api, input.pipelineName as string, input.pipelineExecutionId as string);
        throw new SluiceError('ConditionNotOverridableException',
          `Stage ${String(input.stageName)} has no pending ${String(input.conditionType)} condition to override`);
      },
    },
    ListRuleExecutions: {
      async handle(input) {
        const name = input.pipelineName as string;
        const filter = input.filter as { pipelineExecutionId?: string } | undefined;
        if (filter?.pipelineExecutionId !== undefined) await requireExecution(api, name, filter.pipelineExecutionId);
        else await requirePipeline(api, name);
        return { ruleExecutionDetails: [] };
      },
    },
  };
  return operations;
}

function transition(api: CodePipelineApi, enabled: boolean): Operation<Input, object> {
  return {
    async handle(input, context) {
      const name = input.pipelineName as string;
      await requirePipeline(api, name);
      await api.runtime.pipelines.setStageTransition(name, input.stageName as string, input.transitionType as StageTransitionType,
        enabled, input.reason as string | undefined, context.caller.arn);
      return {};
    },
  };
}
