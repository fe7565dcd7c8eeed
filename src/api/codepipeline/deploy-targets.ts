/**
 * ListDeployActionExecutionTargets: the targets (instances, tasks) a deploy action execution
 * deployed to. No Sluice deploy provider reports targets yet, so once the pipeline and the action
 * execution are found the list is empty, and no page token can be valid.
 */
import { SluiceError } from '../../model/errors.ts';
import type { Operation } from '../aws-json/operation.ts';
import { requirePipeline, type CodePipelineApi } from './context.ts';

type Input = Record<string, unknown>;

export function deployTargetOperations(api: CodePipelineApi): Record<string, Operation<never, object>> {
  const operations: Record<string, Operation<Input, object>> = {
    ListDeployActionExecutionTargets: {
      async handle(input) {
        const pipelineName = input.pipelineName;
        const actionExecutionId = input.actionExecutionId as string;
        // Optional in the model; Sluice finds action executions through their pipeline.
        if (typeof pipelineName !== 'string') {
          throw new SluiceError('ValidationException', 'pipelineName is required: Sluice looks action executions up by pipeline');
        }
        await requirePipeline(api, pipelineName);
        if (!await api.runtime.store.executions.getActionExecution(pipelineName, actionExecutionId)) {
          throw new SluiceError('ActionExecutionNotFoundException', `Action execution ${actionExecutionId} not found in pipeline ${pipelineName}`);
        }
        if (input.nextToken !== undefined) throw new SluiceError('InvalidNextTokenException', 'The next token is invalid or expired');
        return { targets: [] };
      },
    },
  };
  return operations;
}
