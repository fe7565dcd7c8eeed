/**
 * Shape checks for the pipeline and its stages, artifact stores and variables. Builds the
 * normalized declaration (known members only, defaults filled in, `version` dropped because the
 * server assigns it) that the structural checks then walk.
 */
import { ErrorCode } from '../errors.ts';
import type {
  ArtifactStore, PipelineDeclaration, PipelineVariableDeclaration, StageDeclaration,
} from '../pipeline.ts';
import { PIPELINE_DEFAULTS } from '../pipeline.ts';
import { ArtifactStoreType, EncryptionKeyType, ExecutionMode, PipelineType } from '../vocabulary.ts';
import {
  assignDefined, checkString, isObject, memberPath, readEnum, readList, readObject, readString, violation,
  type Issues, type JsonObject,
} from './fields.ts';
import * as L from './limits.ts';
import { parseAction, type CheckedAction } from './parse-action.ts';
import { parseStageConditions } from './parse-conditions.ts';
import { parseTriggers } from './parse-triggers.ts';

export interface CheckedStage {
  decl: StageDeclaration;
  /** `pipeline.stages.N.member` */
  path: string;
  actions: CheckedAction[];
}

export interface CheckedPipeline {
  decl: PipelineDeclaration;
  stages: CheckedStage[];
  /** False when `stages` is missing or not a list; cross-reference checks are then skipped. */
  stagesValid: boolean;
}

export const PIPELINE_PATH = 'pipeline';

/** Returns undefined only when the input is not a JSON object at all. */
export function parsePipeline(issues: Issues, input: unknown): CheckedPipeline | undefined {
  const path = PIPELINE_PATH;
  if (!isObject(input)) {
    violation(issues, path, input, 'be a structure');
    return undefined;
  }
  const decl: PipelineDeclaration = {
    name: readString(issues, input, 'name', path, L.PIPELINE_NAME, true) ?? '',
    roleArn: readString(issues, input, 'roleArn', path, L.ROLE_ARN, true) ?? '',
    ...parseArtifactStores(issues, input, path),
    stages: [],
  };
  const rawStages = readList(issues, input, 'stages', path,
    { required: true, size: L.STAGES, sizeCode: ErrorCode.InvalidStructureException });
  const stages = rawStages?.flatMap((raw, i) => parseStage(issues, raw, memberPath(path, 'stages', i)) ?? []) ?? [];
  decl.stages = stages.map((s) => s.decl);
  assignDefined(decl, {
    // Defaults apply only when the member is absent; an invalid value stays unset so that checks
    // depending on it (V2-only features) do not pile onto the enum error.
    executionMode: readEnum(issues, input, 'executionMode', path, ExecutionMode)
      ?? (input.executionMode == null ? PIPELINE_DEFAULTS.executionMode : undefined),
    pipelineType: readEnum(issues, input, 'pipelineType', path, PipelineType)
      ?? (input.pipelineType == null ? PIPELINE_DEFAULTS.pipelineType : undefined),
    variables: parseVariables(issues, input, path),
    triggers: parseTriggers(issues, input, path),
  });
  return { decl, stages, stagesValid: rawStages !== undefined };
}

function parseStage(issues: Issues, raw: unknown, path: string): CheckedStage | undefined {
  if (!isObject(raw)) {
    violation(issues, path, raw, 'be a structure');
    return undefined;
  }
  const name = readString(issues, raw, 'name', path, L.STAGE_NAME, true) ?? '';
  checkBlockers(issues, raw, path, name);
  const actions = readList(issues, raw, 'actions', path,
    { required: true, size: L.ACTIONS_PER_STAGE, sizeCode: ErrorCode.InvalidStageDeclarationException })
    ?.flatMap((a, j) => parseAction(issues, a, memberPath(path, 'actions', j)) ?? []) ?? [];
  const decl: StageDeclaration = { name, actions: actions.map((a) => a.decl), ...parseStageConditions(issues, raw, path) };
  return { decl, path, actions };
}

/** Blockers are reserved by AWS; any declared blocker is rejected. */
function checkBlockers(issues: Issues, stage: JsonObject, path: string, stageName: string): void {
  const blockers = readList(issues, stage, 'blockers', path);
  if (blockers && blockers.length > 0) {
    issues.error(ErrorCode.InvalidBlockerDeclarationException, `${path}.blockers`,
      `Stage '${stageName}' declares blockers; blockers are reserved and not supported, remove 'blockers'`);
  }
}

type StoreFields = Pick<PipelineDeclaration, 'artifactStore' | 'artifactStores'>;

/** Exactly one of `artifactStore` (single region) and `artifactStores` (region → store). */
function parseArtifactStores(issues: Issues, pipeline: JsonObject, path: string): StoreFields {
  const out: StoreFields = {};
  const hasSingle = pipeline.artifactStore != null;
  const hasMap = pipeline.artifactStores != null;
  if (hasSingle === hasMap) {
    issues.error(ErrorCode.ValidationException, path, hasSingle
      ? 'Pipeline declares both artifactStore and artifactStores; keep artifactStore for a single-region pipeline '
        + 'or artifactStores for cross-region actions'
      : `Value null at '${path}.artifactStore' failed to satisfy constraint: Member must not be null `
        + '(declare artifactStore, or artifactStores for cross-region actions)');
  }
  if (hasSingle) {
    const store = parseArtifactStore(issues, pipeline.artifactStore, `${path}.artifactStore`);
    if (store) out.artifactStore = store;
  }
  const map = readObject(issues, pipeline, 'artifactStores', path);
  if (map) {
    out.artifactStores = {};
    for (const [region, raw] of Object.entries(map)) {
      checkString(issues, region, `${path}.artifactStores.key`, L.REGION);
      const store = parseArtifactStore(issues, raw, `${path}.artifactStores.${region}`);
      if (store) out.artifactStores[region] = store;
    }
  }
  return out;
}

function parseArtifactStore(issues: Issues, raw: unknown, path: string): ArtifactStore | undefined {
  if (!isObject(raw)) {
    violation(issues, path, raw, 'be a structure');
    return undefined;
  }
  const type = readEnum(issues, raw, 'type', path, ArtifactStoreType, true);
  const location = readString(issues, raw, 'location', path, L.STORE_LOCATION, true);
  const key = readObject(issues, raw, 'encryptionKey', path);
  if (!type || location === undefined) return undefined;
  const store: ArtifactStore = { type, location };
  if (key) {
    const keyPath = `${path}.encryptionKey`;
    const id = readString(issues, key, 'id', keyPath, L.KMS_KEY_ID, true);
    const keyType = readEnum(issues, key, 'type', keyPath, EncryptionKeyType, true);
    if (id !== undefined && keyType) store.encryptionKey = { id, type: keyType };
  }
  return store;
}

function parseVariables(issues: Issues, pipeline: JsonObject, path: string): PipelineVariableDeclaration[] | undefined {
  const items = readList(issues, pipeline, 'variables', path, { size: L.VARIABLES });
  if (!items) return undefined;
  const seen = new Set<string>();
  return items.flatMap((item, i) => {
    const itemPath = memberPath(path, 'variables', i);
    if (!isObject(item)) {
      violation(issues, itemPath, item, 'be a structure');
      return [];
    }
    const name = readString(issues, item, 'name', itemPath, L.VARIABLE_NAME, true);
    if (name === undefined) return [];
    if (seen.has(name)) {
      issues.error(ErrorCode.ValidationException, `${itemPath}.name`,
        `Pipeline variable '${name}' is declared more than once; variable names must be unique`);
    }
    seen.add(name);
    return [assignDefined<PipelineVariableDeclaration>({ name }, {
      defaultValue: readString(issues, item, 'defaultValue', itemPath, L.VARIABLE_VALUE),
      description: readString(issues, item, 'description', itemPath, L.VARIABLE_DESCRIPTION),
    })];
  });
}
