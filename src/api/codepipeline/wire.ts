/**
 * Engine records in CodePipeline's wire shapes: timestamps as epoch seconds (JSON numbers with
 * milliseconds as the fraction), absent members omitted, AWS member names.
 */
import type { ActionExecutionState, ArtifactRef, ExecutionState, TransitionState } from '../../engine/state.ts';

export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** Drops undefined members so JSON never carries them (and `null` never appears). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function sourceRevisionsOf(execution: ExecutionState): object[] {
  return execution.artifactRevisions.map((r) => compact({
    actionName: r.actionName ?? r.name, revisionId: r.revisionId, revisionSummary: r.revisionSummary, revisionUrl: r.revisionUrl,
  }));
}

export function pipelineExecution(execution: ExecutionState): object {
  return compact({
    pipelineName: execution.pipelineName,
    pipelineVersion: execution.pipelineVersion,
    pipelineExecutionId: execution.pipelineExecutionId,
    status: execution.status,
    statusSummary: execution.statusSummary,
    artifactRevisions: execution.artifactRevisions.map(({ actionName: _, ...r }) => compact({
      ...r, created: r.created === undefined ? undefined : epochSeconds(r.created),
    })),
    variables: execution.variables,
    trigger: execution.trigger,
    executionMode: execution.executionMode,
    executionType: execution.executionType,
    rollbackMetadata: execution.rollbackMetadata,
  });
}

export function executionSummary(execution: ExecutionState): object {
  return compact({
    pipelineExecutionId: execution.pipelineExecutionId,
    status: execution.status,
    statusSummary: execution.statusSummary,
    startTime: epochSeconds(execution.startTime),
    lastUpdateTime: epochSeconds(execution.lastUpdateTime),
    sourceRevisions: sourceRevisionsOf(execution),
    trigger: execution.trigger,
    stopTrigger: execution.stopTrigger,
    executionMode: execution.executionMode,
    executionType: execution.executionType,
    rollbackMetadata: execution.rollbackMetadata,
  });
}

function artifactDetails(refs: ArtifactRef[]): object[] {
  return refs.map((r) => ({ name: r.name, s3location: { bucket: r.bucket, key: r.key } }));
}

export function actionExecutionDetail(action: ActionExecutionState): object {
  const errorDetails = action.errorDetails;
  return compact({
    pipelineExecutionId: action.pipelineExecutionId,
    actionExecutionId: action.actionExecutionId,
    pipelineVersion: action.pipelineVersion,
    stageName: action.stageName,
    actionName: action.actionName,
    startTime: epochSeconds(action.startTime),
    lastUpdateTime: epochSeconds(action.lastUpdateTime),
    updatedBy: action.updatedBy,
    status: action.status,
    input: compact({
      actionTypeId: action.actionTypeId,
      configuration: action.configuration,
      resolvedConfiguration: action.resolvedConfiguration,
      roleArn: action.roleArn,
      region: action.region,
      inputArtifacts: artifactDetails(action.inputArtifacts),
      namespace: action.namespace,
    }),
    output: compact({
      outputArtifacts: action.status === 'Succeeded' ? artifactDetails(action.outputArtifacts) : [],
      executionResult: compact({
        externalExecutionId: action.externalExecutionId,
        externalExecutionSummary: action.summary,
        externalExecutionUrl: action.externalExecutionUrl,
        errorDetails,
      }),
      outputVariables: action.outputVariables,
    }),
  });
}

/** `latestExecution` of GetPipelineState's ActionState. Tokens are hidden in PARALLEL mode. */
export function actionStateExecution(action: ActionExecutionState, showToken: boolean): object {
  return compact({
    actionExecutionId: action.actionExecutionId,
    status: action.status,
    summary: action.summary,
    lastStatusChange: epochSeconds(action.lastUpdateTime),
    token: showToken && action.status === 'InProgress' ? action.token : undefined,
    lastUpdatedBy: action.updatedBy,
    externalExecutionId: action.externalExecutionId ?? (action.token !== undefined ? action.token : undefined),
    externalExecutionUrl: action.externalExecutionUrl,
    percentComplete: action.percentComplete,
    errorDetails: action.errorDetails,
  });
}

export function transitionState(state: TransitionState | undefined): object {
  if (!state) return { enabled: true };
  return compact({
    enabled: state.enabled,
    disabledReason: state.disabledReason,
    lastChangedBy: state.lastChangedBy,
    lastChangedAt: state.lastChangedAt === undefined ? undefined : epochSeconds(state.lastChangedAt),
  });
}
