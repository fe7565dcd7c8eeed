/**
 * Builders of store test records: each returns a complete, valid record, overridable field by
 * field (`makeX(over)`). IDs are random so tests sharing one database never collide; times are
 * fixed (T0 onwards), never the real clock.
 */
import { randomUUID } from 'node:crypto';
import type { NewJob, NewTimer } from '../../src/engine/commands.ts';
import type { PipelineEvent } from '../../src/engine/pipeline-events.ts';
import type {
  ActionExecutionState, ExecutionState, PipelineRecord, StageExecutionState,
} from '../../src/engine/state.ts';
import type { PipelineDeclaration } from '../../src/model/pipeline.ts';

/** The fixed epoch of every test: 2023-11-14T22:13:20Z. */
export const T0 = 1_700_000_000_000;

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

export function makeDeclaration(over: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return {
    name: 'pipeline',
    roleArn: 'arn:aws:iam::123456789012:role/sluice',
    artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      {
        name: 'Source',
        actions: [{
          name: 'Checkout',
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: 'app', BranchName: 'main' },
          outputArtifacts: [{ name: 'src' }],
        }],
      },
      {
        name: 'Build',
        actions: [{
          name: 'Compile',
          actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          configuration: { ProjectName: 'app' },
          inputArtifacts: [{ name: 'src' }],
        }],
      },
    ],
    ...over,
  };
}

/** A pipeline record at `over.version` (default 1) whose only declaration is that version's. */
export function makePipelineRecord(name: string, over: Partial<PipelineRecord> = {}): PipelineRecord {
  const version = over.version ?? 1;
  return {
    name,
    version,
    declarations: { [version]: makeDeclaration({ name, version }) },
    created: T0,
    updated: T0,
    tags: [{ key: 'team', value: 'platform' }],
    runtime: { stages: {} },
    ...over,
  };
}

export function makeExecution(over: Partial<ExecutionState> & { pipelineName: string }): ExecutionState {
  return {
    pipelineExecutionId: randomUUID(),
    pipelineVersion: 1,
    status: 'InProgress',
    executionMode: 'SUPERSEDED',
    executionType: 'STANDARD',
    trigger: { triggerType: 'StartPipelineExecution', triggerDetail: 'user/alice' },
    startTime: T0,
    lastUpdateTime: T0,
    variables: [],
    sourceRevisions: [],
    artifactRevisions: [],
    stages: {},
    artifacts: {},
    namespaces: {},
    ...over,
  };
}

export function makeStage(over: Partial<StageExecutionState> = {}): StageExecutionState {
  return {
    stageName: 'Build',
    status: 'InProgress',
    startTime: T0,
    lastUpdateTime: T0,
    groupIndex: 0,
    actions: {},
    manualRetryAttempt: 0,
    autoRetryAttempt: 0,
    ...over,
  };
}

export function makeAction(over: Partial<ActionExecutionState> & { pipelineExecutionId: string }): ActionExecutionState {
  return {
    actionExecutionId: randomUUID(),
    pipelineVersion: 1,
    stageName: 'Build',
    actionName: 'Compile',
    status: 'InProgress',
    startTime: T0,
    lastUpdateTime: T0,
    actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    runOrder: 1,
    configuration: { ProjectName: 'app' },
    resolvedConfiguration: { ProjectName: 'app' },
    inputArtifacts: [{ name: 'src', bucket: 'artifacts', key: 'p/src/abc.zip' }],
    outputArtifacts: [],
    jobAttempt: 1,
    leaseLosses: 0,
    ...over,
  };
}

/** An execution with one stage holding `actions` (each placed under its `actionName`). */
export function makeExecutionWithActions(
  over: Partial<ExecutionState> & { pipelineName: string },
  actions: (executionId: string) => ActionExecutionState[],
): ExecutionState {
  const execution = makeExecution(over);
  for (const action of actions(execution.pipelineExecutionId)) {
    const stage = (execution.stages[action.stageName] ??= makeStage({ stageName: action.stageName }));
    stage.actions[action.actionName] = action;
  }
  return execution;
}

export function makeJob(over: Partial<NewJob> & { pipelineName: string; actionTypeKey: string }): NewJob {
  const jobId = over.jobId ?? randomUUID();
  const executionId = over.executionId ?? randomUUID();
  const actionExecutionId = over.actionExecutionId ?? randomUUID();
  return {
    jobId,
    executionId,
    actionExecutionId,
    stageName: 'Build',
    actionName: 'Compile',
    attempt: 1,
    nonce: randomUUID(),
    data: {
      actionTypeId: { category: 'Build', owner: 'Custom', provider: 'Make', version: '1' },
      actionConfiguration: { configuration: { Target: 'all' } },
      pipelineContext: {
        pipelineName: over.pipelineName,
        stage: { name: 'Build' },
        action: { name: 'Compile', actionExecutionId },
        pipelineArn: `arn:aws:codepipeline:us-east-1:123456789012:${over.pipelineName}`,
        pipelineExecutionId: executionId,
      },
      inputArtifacts: [],
      outputArtifacts: [],
    },
    ...over,
  };
}

export function makeTimer(over: Partial<NewTimer> & { pipelineName: string }): NewTimer {
  return {
    timerId: randomUUID(),
    dueAt: T0,
    executionId: randomUUID(),
    actionExecutionId: randomUUID(),
    ...over,
  };
}

export function makeEvent(over: Partial<PipelineEvent> & { pipelineName: string }): PipelineEvent {
  const { pipelineName, ...rest } = over;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'CodePipeline Pipeline Execution State Change',
    source: 'aws.codepipeline',
    account: '123456789012',
    time: '2023-11-14T22:13:20Z',
    region: 'us-east-1',
    resources: [`arn:aws:codepipeline:us-east-1:123456789012:${pipelineName}`],
    detail: { pipeline: pipelineName, 'execution-id': randomUUID(), state: 'STARTED', version: 1 },
    ...rest,
  };
}
