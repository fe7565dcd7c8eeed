/**
 * Features only pipelineType V2 offers (spec §1.1): pipeline variables, triggers, QUEUED/PARALLEL
 * execution modes and stage conditions. On a V1 pipeline each is a ValidationException naming the
 * feature [guess: the real service may upgrade silently]. The Commands action type is checked
 * with the catalog in action-rules.ts. Also the rollback limits of spec §2.7.
 */
import { ErrorCode } from '../errors.ts';
import type { StageDeclaration } from '../pipeline.ts';
import type { Issues } from './fields.ts';
import { CONDITION_KINDS } from './parse-conditions.ts';
import { PIPELINE_PATH, type CheckedPipeline } from './parse-pipeline.ts';

export function checkV2Features(issues: Issues, pipeline: CheckedPipeline): void {
  checkRollback(issues, pipeline);
  const decl = pipeline.decl;
  // An invalid pipelineType is already reported and leaves the type unknown: judge nothing by it.
  if (decl.pipelineType !== 'V1') return;
  const needV2 = (path: string, feature: string): void => issues.error(ErrorCode.ValidationException, path,
    `${feature} requires pipelineType V2; set pipelineType to V2`);
  if (decl.variables?.length) needV2(`${PIPELINE_PATH}.variables`, 'Pipeline variables (pipeline.variables)');
  if (decl.triggers?.length) needV2(`${PIPELINE_PATH}.triggers`, 'Triggers (pipeline.triggers)');
  if (decl.executionMode === 'QUEUED' || decl.executionMode === 'PARALLEL') {
    needV2(`${PIPELINE_PATH}.executionMode`, `Execution mode ${decl.executionMode}`);
  }
  for (const stage of pipeline.stages) {
    for (const kind of CONDITION_KINDS) {
      if (stage.decl[kind]) needV2(`${stage.path}.${kind}`, `Stage condition ${kind} of stage '${stage.decl.name}'`);
    }
  }
}

/** Rollback re-runs a stage with an earlier execution's artifacts: not for sources, not in PARALLEL. [guess] */
function checkRollback(issues: Issues, pipeline: CheckedPipeline): void {
  const parallel = pipeline.decl.executionMode === 'PARALLEL';
  pipeline.stages.forEach((stage, index) => {
    if (!rollsBack(stage.decl)) return;
    if (index === 0) {
      issues.error(ErrorCode.ValidationException, stage.path,
        `Stage '${stage.decl.name}' is the source stage and cannot be rolled back; remove its ROLLBACK result`);
    }
    if (parallel) {
      issues.error(ErrorCode.ValidationException, stage.path, `Stage '${stage.decl.name}' declares a ROLLBACK `
        + 'result, but stage rollback is not available in PARALLEL execution mode; use SUPERSEDED or QUEUED');
    }
  });
}

function rollsBack(stage: StageDeclaration): boolean {
  return stage.onFailure?.result === 'ROLLBACK'
    || [stage.onSuccess?.conditions, stage.onFailure?.conditions]
      .some((conditions) => conditions?.some((c) => c.result === 'ROLLBACK'));
}
