/**
 * Shape checks for one action declaration: every member's type, length, pattern and range.
 * Produces a normalized copy (known members only, `runOrder` defaulted to 1) for the structural
 * checks that follow. Catalog-dependent rules (artifact counts, configuration keys) live in
 * action-rules.ts.
 */
import type { ActionDeclaration, ActionTypeId, EnvironmentVariable, InputArtifact, OutputArtifact } from '../pipeline.ts';
import { ActionCategory, ActionOwner, EnvironmentVariableType } from '../vocabulary.ts';
import {
  assignDefined, isObject, memberPath, readEnum, readInteger, readList, readObject, readString,
  readStringList, readStringMap, violation, type Issues, type JsonObject,
} from './fields.ts';
import * as L from './limits.ts';

/** An action after shape checks, with where it was declared. */
export interface CheckedAction {
  decl: ActionDeclaration;
  /** `pipeline.stages.N.member.actions.M.member` */
  path: string;
  /** False when `actionTypeId` is malformed; catalog checks then skip the action. */
  typeValid: boolean;
}

/** Stands in for a malformed actionTypeId so the rest of the action can still be checked. */
const UNKNOWN_TYPE: ActionTypeId = { category: 'Build', owner: 'Custom', provider: '', version: '' };

export function parseAction(issues: Issues, raw: unknown, path: string): CheckedAction | undefined {
  if (!isObject(raw)) {
    violation(issues, path, raw, 'be a structure');
    return undefined;
  }
  const type = parseActionTypeId(issues, raw, path);
  const decl: ActionDeclaration = {
    name: readString(issues, raw, 'name', path, L.ACTION_NAME, true) ?? '',
    actionTypeId: type ?? UNKNOWN_TYPE,
    runOrder: readInteger(issues, raw, 'runOrder', path, L.RUN_ORDER) ?? 1,
  };
  assignDefined(decl, {
    configuration: readStringMap(issues, raw, 'configuration', path, { key: L.CONFIG_KEY, value: L.CONFIG_VALUE }),
    commands: readStringList(issues, raw, 'commands', path, L.COMMANDS, L.COMMAND),
    outputArtifacts: parseOutputArtifacts(issues, raw, path),
    inputArtifacts: parseInputArtifacts(issues, raw, 'inputArtifacts', path),
    outputVariables: readStringList(issues, raw, 'outputVariables', path, L.OUTPUT_VARIABLES, L.OUTPUT_VARIABLE),
    roleArn: readString(issues, raw, 'roleArn', path, L.ROLE_ARN),
    region: readString(issues, raw, 'region', path, L.REGION),
    namespace: readString(issues, raw, 'namespace', path, L.NAMESPACE),
    timeoutInMinutes: readInteger(issues, raw, 'timeoutInMinutes', path, L.TIMEOUT_MINUTES),
    environmentVariables: parseEnvironmentVariables(issues, raw, path),
  });
  return { decl, path, typeValid: type !== undefined };
}

function parseActionTypeId(issues: Issues, action: JsonObject, parent: string): ActionTypeId | undefined {
  const raw = readObject(issues, action, 'actionTypeId', parent, true);
  if (!raw) return undefined;
  const path = `${parent}.actionTypeId`;
  const before = issues.list.length;
  const category = readEnum(issues, raw, 'category', path, ActionCategory, true);
  const owner = readEnum(issues, raw, 'owner', path, ActionOwner, true);
  const provider = readString(issues, raw, 'provider', path, L.PROVIDER, true);
  const version = readString(issues, raw, 'version', path, L.VERSION, true);
  // A provider or version breaking its pattern cannot name a catalog entry: treat the type as
  // malformed so the action is not also reported as an unknown type.
  if (issues.list.length > before || !category || !owner || provider === undefined || version === undefined) {
    issues.dropped.push(path);
    return undefined;
  }
  return { category, owner, provider, version };
}

/** `inputArtifacts` of actions and rules: `[{ name }]`. */
export function parseInputArtifacts(issues: Issues, owner: JsonObject, key: string,
  parent: string): InputArtifact[] | undefined {
  const items = readList(issues, owner, key, parent);
  return items?.flatMap((item, i) => {
    const path = memberPath(parent, key, i);
    if (!isObject(item)) {
      violation(issues, path, item, 'be a structure');
      return [];
    }
    const name = readString(issues, item, 'name', path, L.ARTIFACT_NAME, true);
    return name === undefined ? [] : [{ name }];
  });
}

function parseOutputArtifacts(issues: Issues, action: JsonObject, parent: string): OutputArtifact[] | undefined {
  const items = readList(issues, action, 'outputArtifacts', parent);
  return items?.flatMap((item, i) => {
    const path = memberPath(parent, 'outputArtifacts', i);
    if (!isObject(item)) {
      violation(issues, path, item, 'be a structure');
      return [];
    }
    const name = readString(issues, item, 'name', path, L.ARTIFACT_NAME, true);
    if (name === undefined) return [];
    return [assignDefined<OutputArtifact>({ name },
      { files: readStringList(issues, item, 'files', path, L.OUTPUT_FILES, L.FILE_PATH) })];
  });
}

function parseEnvironmentVariables(issues: Issues, action: JsonObject,
  parent: string): EnvironmentVariable[] | undefined {
  const items = readList(issues, action, 'environmentVariables', parent, { size: L.ENV_VARS });
  return items?.flatMap((item, i) => {
    const path = memberPath(parent, 'environmentVariables', i);
    if (!isObject(item)) {
      violation(issues, path, item, 'be a structure');
      return [];
    }
    const name = readString(issues, item, 'name', path, L.ENV_VAR_NAME, true);
    const value = readString(issues, item, 'value', path, L.ENV_VAR_VALUE, true);
    if (name === undefined || value === undefined) return [];
    return [assignDefined<EnvironmentVariable>({ name, value },
      { type: readEnum(issues, item, 'type', path, EnvironmentVariableType) })];
  });
}
