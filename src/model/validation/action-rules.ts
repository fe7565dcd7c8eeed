/**
 * Per-action rules that need the action type catalog (spec §1.2 rule 4): the type exists, artifact
 * counts fit, configuration keys are present and known, `region` is allowed, V2-only types sit in
 * V2 pipelines, and the Commands-only members appear only on Commands actions.
 */
import { isCommandsAction, type ActionTypeCatalog, type ActionTypeSpec, type CountBounds } from '../action-types.ts';
import { ErrorCode } from '../errors.ts';
import { actionTypeKey } from '../pipeline.ts';
import type { Issues } from './fields.ts';
import type { CheckedAction } from './parse-action.ts';
import type { CheckedPipeline } from './parse-pipeline.ts';
import { allActions, capitalize, describeAction, type ActionPosition } from './positions.ts';

const INVALID = ErrorCode.InvalidActionDeclarationException;

export function checkActionTypes(issues: Issues, pipeline: CheckedPipeline, catalog: ActionTypeCatalog): void {
  for (const { action, position } of allActions(pipeline)) {
    if (!action.typeValid) continue;
    checkCommandsMembers(issues, action, position);
    const spec = catalog.get(action.decl.actionTypeId);
    if (!spec) {
      issues.error(INVALID, `${action.path}.actionTypeId`, `Action type '${actionTypeKey(action.decl.actionTypeId)}' `
        + `(category/owner/provider/version) of ${describeAction(position)} is not a known action type; `
        + 'use a built-in provider or register a custom action type');
      continue;
    }
    checkArtifactCount(issues, action, position, spec, 'inputArtifacts');
    checkArtifactCount(issues, action, position, spec, 'outputArtifacts');
    checkConfiguration(issues, action, position, spec);
    if (action.decl.region !== undefined && !spec.regionAllowed) {
      issues.error(INVALID, `${action.path}.region`, `${capitalize(describeAction(position))} may not set region: `
        + 'Source actions and actions owned by Custom or ThirdParty run in the pipeline\'s region');
    }
    if (spec.v2Only && pipeline.decl.pipelineType === 'V1') {
      issues.error(ErrorCode.ValidationException, `${action.path}.actionTypeId`, `The ${spec.id.provider} action `
        + `(${describeAction(position)}) requires pipelineType V2; set pipelineType to V2`);
    }
    if (action.decl.timeoutInMinutes !== undefined && spec.id.provider !== 'Manual') {
      issues.warning(INVALID, `${action.path}.timeoutInMinutes`,
        `timeoutInMinutes of ${describeAction(position)} is ignored; only Manual approval actions honour it`);
    }
  }
}

/** `commands`, `outputVariables`, `environmentVariables` and output `files` belong to Commands actions. */
function checkCommandsMembers(issues: Issues, action: CheckedAction, position: ActionPosition): void {
  const decl = action.decl;
  if (isCommandsAction(decl.actionTypeId)) {
    if (!decl.commands) {
      issues.error(INVALID, `${action.path}.commands`,
        `Commands ${describeAction(position)} needs 'commands': 1 to 50 shell command lines`);
    }
    return;
  }
  const misplaced = [
    decl.commands && 'commands',
    decl.outputVariables && 'outputVariables',
    decl.environmentVariables && 'environmentVariables',
    decl.outputArtifacts?.some((o) => o.files) && 'outputArtifacts.files',
  ].filter((m): m is string => typeof m === 'string');
  for (const member of misplaced) {
    issues.error(INVALID, `${action.path}.${member}`, `'${member}' of ${describeAction(position)} is allowed only `
      + 'on Commands actions (category Compute, owner AWS, provider Commands)');
  }
}

function checkArtifactCount(issues: Issues, action: CheckedAction, position: ActionPosition, spec: ActionTypeSpec,
  member: 'inputArtifacts' | 'outputArtifacts'): void {
  const count = action.decl[member]?.length ?? 0;
  const bounds = spec[member];
  if (count >= bounds.min && count <= bounds.max) return;
  const noun = member === 'inputArtifacts' ? 'input' : 'output';
  issues.error(INVALID, `${action.path}.${member}`, `${capitalize(describeAction(position))} has ${count} ${noun} artifacts; `
    + `${actionTypeKey(spec.id)} actions take ${describeBounds(bounds)}`);
}

function describeBounds({ min, max }: CountBounds): string {
  if (max === 0) return 'none';
  if (min === max) return `exactly ${min}`;
  return `${min} to ${max}`;
}

function checkConfiguration(issues: Issues, action: CheckedAction, position: ActionPosition,
  spec: ActionTypeSpec): void {
  const config = action.decl.configuration ?? {};
  const path = `${action.path}.configuration`;
  const prefix = `Action configuration for ${describeAction(position)}`;
  for (const p of spec.configuration) {
    if (p.required && config[p.name] === undefined) {
      issues.error(INVALID, path, `${prefix} is missing required configuration '${p.name}'`);
    }
  }
  for (const rule of spec.requiredWhen ?? []) {
    if (config[rule.name] !== undefined) continue;
    const { when } = rule;
    const inputs = action.decl.inputArtifacts?.length ?? 0;
    if ('key' in when ? when.oneOf.includes(config[when.key] ?? '') : inputs >= when.inputsAtLeast) {
      const reason = 'key' in when ? `${when.key} is '${config[when.key]}'` : `the action has ${inputs} input artifacts`;
      issues.error(INVALID, path, `${prefix} is missing configuration '${rule.name}', required when ${reason}`);
    }
  }
  const known = new Map(spec.configuration.map((p) => [p.name, p]));
  for (const [key, value] of Object.entries(config)) {
    const property = known.get(key);
    if (!property) {
      reportUnknownKey(issues, `${path}.${key}`, `${prefix} contains unknown configuration '${key}'`, spec);
    } else if (property.allowedValues && !value.includes('#{') && !property.allowedValues.includes(value)) {
      issues.error(INVALID, `${path}.${key}`, `Value '${value}' of configuration '${key}' for `
        + `${describeAction(position)} is not valid; use one of ${property.allowedValues.join(', ')}`);
    }
  }
}

/**
 * A custom type declares its properties exactly, so an unknown key is an error. For built-in types
 * our table may trail AWS, so an unknown key is only a warning. [guess]
 */
function reportUnknownKey(issues: Issues, path: string, message: string, spec: ActionTypeSpec): void {
  const accepted = spec.configuration.map((p) => p.name);
  const hint = accepted.length > 0 ? `; known keys: ${accepted.join(', ')}` : '; this type takes no configuration';
  if (spec.id.owner === 'Custom') issues.error(INVALID, path, `${message}${hint}`);
  else issues.warning(INVALID, path, `${message}${hint}`);
}
