/**
 * The CodePipeline service on the AWS JSON dispatcher: its API model, its operations table and
 * the resource each operation is authorized against.
 */
import { readFileSync } from 'node:fs';
import type { AwsJsonService, Operation } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { isCodePipelineOperation, resourceArnsFor } from '../../model/iam/actions.ts';
import type { CodePipelineApi } from './context.ts';
import { executionOperations } from './executions.ts';
import { pipelineOperations } from './pipelines.ts';
import { taggingOperations } from './tagging.ts';
import { webhookOperations } from './webhooks.ts';
import { deployTargetOperations } from './deploy-targets.ts';
import { actionTypeOperations } from './action-types.ts';
import { jobOperations } from './jobs.ts';

/** CodePipeline's API model (shapes and constraints, documentation stripped), API version 2015-07-09. */
export const CODEPIPELINE_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

export function codePipelineService(api: CodePipelineApi, extra: Record<string, Operation<never, object>> = {}): AwsJsonService {
  return {
    targetPrefix: CODEPIPELINE_MODEL.metadata.targetPrefix,
    iamPrefix: 'codepipeline',
    signingName: 'codepipeline',
    model: CODEPIPELINE_MODEL,
    operations: { ...pipelineOperations(api), ...executionOperations(api),
      ...taggingOperations(api), ...webhookOperations(api), ...deployTargetOperations(api),
      ...actionTypeOperations(api, CODEPIPELINE_MODEL), ...jobOperations(api), ...extra },
    resourceArns(operation, input, scope) {
      if (!isCodePipelineOperation(operation)) return ['*'];
      return resourceArnsFor(operation, input as never, scope);
    },
  };
}
