/**
 * Artifact and namespace cross-references (spec §1.2 rules 2 and 3): every input artifact comes
 * from an action that runs strictly earlier, output artifact names and namespaces are unique
 * pipeline-wide, and a namespace may not reuse an artifact name.
 */
import { ErrorCode } from '../errors.ts';
import { hasGapsUnder, memberPath, type Issues } from './fields.ts';
import { forEachRule } from './parse-conditions.ts';
import type { CheckedPipeline } from './parse-pipeline.ts';
import { allActions, describeAction, runsBefore, type ActionPosition } from './positions.ts';

/** Namespaces with a fixed meaning in `#{…}` references; actions may not claim them. [guess] */
export const RESERVED_NAMESPACES = ['codepipeline', 'variables'];
const PIPELINE_STAGES = 'pipeline.stages';

export function checkArtifacts(issues: Issues, pipeline: CheckedPipeline): void {
  const producers = collectProducers(issues, pipeline);
  // With a dropped stage, action or artifact the producer may be the dropped member: stay quiet.
  const complete = !hasGapsUnder(issues, PIPELINE_STAGES);
  for (const { action, position } of allActions(pipeline)) {
    const seen = new Set<string>();
    action.decl.inputArtifacts?.forEach((input, k) => {
      const path = `${memberPath(action.path, 'inputArtifacts', k)}.name`;
      if (seen.has(input.name)) {
        issues.error(ErrorCode.InvalidActionDeclarationException, path,
          `Input artifact '${input.name}' is listed twice for ${describeAction(position)}`);
      }
      seen.add(input.name);
      const producer = producers.get(input.name);
      if (producer ? runsBefore(producer, position) : !complete) return;
      issues.error(ErrorCode.InvalidStructureException, path,
        `Input artifact '${input.name}' of ${describeAction(position)} is not produced by an earlier action`
        + (producer ? `: ${describeAction(producer)} produces it but does not run before it` : ''));
    });
  }
  if (complete) checkRuleArtifacts(issues, pipeline, producers);
}

/** Output artifact name → its producer; a repeated name is an error and keeps the first producer. */
function collectProducers(issues: Issues, pipeline: CheckedPipeline): Map<string, ActionPosition> {
  const producers = new Map<string, ActionPosition>();
  for (const { action, position } of allActions(pipeline)) {
    action.decl.outputArtifacts?.forEach((output, k) => {
      const first = producers.get(output.name);
      if (!first) {
        producers.set(output.name, position);
        return;
      }
      issues.error(ErrorCode.InvalidStructureException, `${memberPath(action.path, 'outputArtifacts', k)}.name`,
        `Output artifact name '${output.name}' of ${describeAction(position)} is already used by `
        + `${describeAction(first)}; output artifact names must be unique in the pipeline`);
    });
  }
  return producers;
}

/**
 * Rules read artifacts of earlier stages; onSuccess/onFailure rules run after the stage's own
 * actions, so they may also read what the stage produced.
 */
function checkRuleArtifacts(issues: Issues, pipeline: CheckedPipeline, producers: Map<string, ActionPosition>): void {
  pipeline.stages.forEach((stage, stageIndex) => {
    forEachRule(stage.decl, stage.path, (rule, path, kind) => {
      rule.inputArtifacts?.forEach((input, k) => {
        const producer = producers.get(input.name);
        const visible = producer !== undefined && (producer.stageIndex < stageIndex
          || (producer.stageIndex === stageIndex && kind !== 'beforeEntry'));
        if (visible) return;
        issues.error(ErrorCode.InvalidStructureException, `${memberPath(path, 'inputArtifacts', k)}.name`,
          `Input artifact '${input.name}' of rule '${rule.name}' in the ${kind} condition of stage `
          + `'${stage.decl.name}' is not produced by an earlier action`);
      });
    });
  });
}

export function checkNamespaces(issues: Issues, pipeline: CheckedPipeline): void {
  const artifactNames = new Set(pipeline.stages.flatMap((s) => s.decl.actions)
    .flatMap((a) => a.outputArtifacts ?? []).map((o) => o.name));
  const owners = new Map<string, ActionPosition>();
  for (const { action, position } of allActions(pipeline)) {
    const ns = action.decl.namespace;
    if (ns === undefined) continue;
    const path = `${action.path}.namespace`;
    const owner = owners.get(ns);
    if (owner) {
      issues.error(ErrorCode.InvalidStructureException, path, `Namespace '${ns}' of ${describeAction(position)} is `
        + `already used by ${describeAction(owner)}; namespaces must be unique in the pipeline`);
    } else {
      owners.set(ns, position);
    }
    if (artifactNames.has(ns)) {
      issues.error(ErrorCode.InvalidStructureException, path,
        `Namespace '${ns}' of ${describeAction(position)} equals an artifact name; choose a different namespace`);
    }
    if (RESERVED_NAMESPACES.includes(ns)) {
      issues.error(ErrorCode.InvalidStructureException, path,
        `Namespace '${ns}' of ${describeAction(position)} is reserved; choose a different namespace`);
    }
  }
}
