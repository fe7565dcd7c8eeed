/**
 * `#{namespace.variable}` references (spec §1.2 rule 5, §1.3). A reference in an action's
 * configuration values, `commands` or environment variable values must name:
 * - `codepipeline.PipelineExecutionId`, or
 * - `variables.<name>` for a declared pipeline variable, or
 * - the namespace of an action that runs strictly before the consumer.
 * Rules of stage conditions see namespaces of earlier stages, and onSuccess/onFailure rules also
 * those of their own stage, whose actions have finished by then.
 */
import { ErrorCode } from '../errors.ts';
import { splitReference, VARIABLE_REFERENCE } from '../variable-references.ts';
import { hasGapsUnder, memberPath, type Issues } from './fields.ts';
import { forEachRule } from './parse-conditions.ts';
import type { CheckedPipeline } from './parse-pipeline.ts';
import { allActions, describeAction, runsBefore, type ActionPosition } from './positions.ts';

const EXECUTION_VARIABLES = ['PipelineExecutionId'];

interface Scope {
  /** Namespace → the action that declares it (the first one, when duplicated). */
  namespaces: Map<string, ActionPosition>;
  variables: Set<string>;
  /** False when a stage, action or variable was dropped: a missing referent may be that member. */
  namespacesComplete: boolean;
  variablesComplete: boolean;
}

/** Who holds a reference and which namespaces it can see. */
interface Consumer {
  label: string;
  canSee(owner: ActionPosition): boolean;
}

export function checkVariableReferences(issues: Issues, pipeline: CheckedPipeline): void {
  const scope: Scope = {
    namespaces: new Map(),
    variables: new Set(pipeline.decl.variables?.map((v) => v.name)),
    namespacesComplete: !hasGapsUnder(issues, 'pipeline.stages'),
    variablesComplete: !hasGapsUnder(issues, 'pipeline.variables'),
  };
  const visits = allActions(pipeline);
  for (const { action, position } of visits) {
    const ns = action.decl.namespace;
    if (ns !== undefined && !scope.namespaces.has(ns)) scope.namespaces.set(ns, position);
  }
  for (const { action, position } of visits) {
    const consumer: Consumer = { label: describeAction(position), canSee: (owner) => runsBefore(owner, position) };
    const { configuration, commands, environmentVariables } = action.decl;
    const texts: [string, string][] = [
      ...Object.entries(configuration ?? {}).map(([k, v]): [string, string] => [`${action.path}.configuration.${k}`, v]),
      ...(commands ?? []).map((c, i): [string, string] => [memberPath(action.path, 'commands', i), c]),
      ...(environmentVariables ?? []).map((e, i): [string, string] =>
        [`${memberPath(action.path, 'environmentVariables', i)}.value`, e.value]),
    ];
    for (const [path, text] of texts) checkText(issues, scope, consumer, path, text);
  }
  pipeline.stages.forEach((stage, stageIndex) => {
    forEachRule(stage.decl, stage.path, (rule, rulePath, kind) => {
      const consumer: Consumer = {
        label: `rule '${rule.name}' of stage '${stage.decl.name}'`,
        canSee: (owner) => owner.stageIndex < stageIndex || (owner.stageIndex === stageIndex && kind !== 'beforeEntry'),
      };
      for (const [k, v] of Object.entries(rule.configuration ?? {})) {
        checkText(issues, scope, consumer, `${rulePath}.configuration.${k}`, v);
      }
      rule.commands?.forEach((c, i) => checkText(issues, scope, consumer, memberPath(rulePath, 'commands', i), c));
    });
  });
}

function checkText(issues: Issues, scope: Scope, consumer: Consumer, path: string, text: string): void {
  for (const match of text.matchAll(VARIABLE_REFERENCE)) {
    const problem = referenceProblem(scope, consumer, match[1] ?? '');
    if (!problem) continue;
    const [code, why] = problem;
    issues.error(code, path, `Variable reference '${match[0]}' in ${consumer.label} ${why}`);
  }
}

/** Returns the exception type and the end of the message, or undefined when the reference is fine. */
function referenceProblem(scope: Scope, consumer: Consumer, inner: string): [ErrorCode, string] | undefined {
  const parts = splitReference(inner);
  if (!parts) return [ErrorCode.ValidationException, 'is malformed; write #{namespace.variable}'];
  const { namespace: ns, key: name } = parts;
  if (ns === 'codepipeline') {
    return EXECUTION_VARIABLES.includes(name) ? undefined : [ErrorCode.InvalidStructureException,
      `names an unknown codepipeline variable; the codepipeline namespace provides ${EXECUTION_VARIABLES.join(', ')}`];
  }
  if (ns === 'variables') {
    return scope.variables.has(name) || !scope.variablesComplete ? undefined : [ErrorCode.InvalidStructureException,
      `names pipeline variable '${name}', which is not declared in pipeline.variables`];
  }
  const owner = scope.namespaces.get(ns);
  if (!owner) {
    if (!scope.namespacesComplete) return undefined;
    return [ErrorCode.InvalidStructureException, `names namespace '${ns}', which no action declares`];
  }
  if (!consumer.canSee(owner)) {
    return [ErrorCode.InvalidStructureException,
      `uses namespace '${ns}' of ${describeAction(owner)}, which does not run before it`];
  }
  return undefined;
}
