/**
 * Action types in CodePipeline's two wire shapes: `ActionType` (CreateCustomActionType,
 * ListActionTypes) and `ActionTypeDeclaration` (GetActionType, UpdateActionType), for built-in
 * types (from the catalog) and custom ones (from the store); plus the checks every custom
 * definition must pass, whichever operation brings it.
 */
import type { ActionTypeSpec } from '../../model/action-types.ts';
import { SluiceError } from '../../model/errors.ts';
import type { ActionTypeId } from '../../model/pipeline.ts';
import type {
  ActionConfigurationProperty, ActionTypeExecutor, ArtifactCountDetails, CustomActionTypeRecord,
} from '../../store/action-type-ports.ts';
import { compact } from './wire.ts';

/** An `ActionTypeProperty` of an ActionTypeDeclaration. */
export interface ActionTypeProperty {
  name: string; optional: boolean; key: boolean; noEcho: boolean; queryable?: boolean; description?: string;
}

/** UpdateActionType's `actionType`, as the model validated it. */
export interface ActionTypeDeclarationInput {
  description?: string;
  executor: ActionTypeExecutor;
  id: ActionTypeId;
  inputArtifactDetails: ArtifactCountDetails;
  outputArtifactDetails: ArtifactCountDetails;
  permissions?: { allowedAccounts: string[] };
  properties?: ActionTypeProperty[];
  urls?: { configurationUrl?: string; entityUrlTemplate?: string; executionUrlTemplate?: string; revisionUrlTemplate?: string };
}

function counts(bounds: { min: number; max: number }): ArtifactCountDetails {
  return { minimumCount: bounds.min, maximumCount: bounds.max };
}

/** Built-in properties as AWS lists them: required ones are the action's key properties. */
function builtInProperties(spec: ActionTypeSpec): ActionConfigurationProperty[] {
  return spec.configuration.map((p) => ({ name: p.name, required: p.required, key: p.required, secret: p.secret === true, queryable: false }));
}

export function builtInActionType(spec: ActionTypeSpec): object {
  return {
    id: spec.id,
    actionConfigurationProperties: builtInProperties(spec),
    inputArtifactDetails: counts(spec.inputArtifacts),
    outputArtifactDetails: counts(spec.outputArtifacts),
  };
}

export function customActionType(record: CustomActionTypeRecord): object {
  return compact({
    id: record.id,
    settings: Object.keys(record.settings).length > 0 ? record.settings : undefined,
    actionConfigurationProperties: record.configurationProperties,
    inputArtifactDetails: record.inputArtifactDetails,
    outputArtifactDetails: record.outputArtifactDetails,
  });
}

function declarationProperties(properties: ActionConfigurationProperty[]): ActionTypeProperty[] {
  return properties.map((p) => compact({
    name: p.name, optional: !p.required, key: p.key, noEcho: p.secret, queryable: p.queryable, description: p.description,
  }));
}

export function builtInDeclaration(spec: ActionTypeSpec): object {
  return {
    executor: { type: 'JobWorker', configuration: {} },
    id: spec.id,
    inputArtifactDetails: counts(spec.inputArtifacts),
    outputArtifactDetails: counts(spec.outputArtifacts),
    properties: declarationProperties(builtInProperties(spec)),
  };
}

/** A custom type's declaration; its executor defaults to job workers polling from this account. */
export function customDeclaration(record: CustomActionTypeRecord, accountId: string): object {
  const { settings } = record;
  const urls = compact({
    configurationUrl: settings.thirdPartyConfigurationUrl, entityUrlTemplate: settings.entityUrlTemplate,
    executionUrlTemplate: settings.executionUrlTemplate, revisionUrlTemplate: settings.revisionUrlTemplate,
  });
  return compact({
    description: record.description,
    executor: record.executor ?? { type: 'JobWorker', configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: [accountId] } } },
    id: record.id,
    inputArtifactDetails: record.inputArtifactDetails,
    outputArtifactDetails: record.outputArtifactDetails,
    permissions: record.allowedAccounts ? { allowedAccounts: record.allowedAccounts } : undefined,
    properties: declarationProperties(record.configurationProperties),
    urls: Object.keys(urls).length > 0 ? urls : undefined,
  });
}

/** The stored type after UpdateActionType; a property keeps its `type`, which declarations do not carry. */
export function applyDeclaration(record: CustomActionTypeRecord, update: ActionTypeDeclarationInput, now: number): CustomActionTypeRecord {
  const typeOf = new Map(record.configurationProperties.map((p) => [p.name, p.type]));
  const configurationProperties = (update.properties ?? []).map((p): ActionConfigurationProperty => {
    const type = typeOf.get(p.name);
    return {
      name: p.name, required: !p.optional, key: p.key, secret: p.noEcho,
      ...(p.queryable !== undefined && { queryable: p.queryable }),
      ...(p.description !== undefined && { description: p.description }),
      ...(type !== undefined && { type }),
    };
  });
  const urls = update.urls ?? {};
  const { description: _description, executor: _executor, allowedAccounts: _accounts, deletedAt: _deleted, ...kept } = record;
  return {
    ...kept,
    settings: compact({
      entityUrlTemplate: urls.entityUrlTemplate, executionUrlTemplate: urls.executionUrlTemplate,
      revisionUrlTemplate: urls.revisionUrlTemplate, thirdPartyConfigurationUrl: urls.configurationUrl,
    }),
    configurationProperties,
    inputArtifactDetails: update.inputArtifactDetails,
    outputArtifactDetails: update.outputArtifactDetails,
    executor: update.executor,
    ...(update.description !== undefined && { description: update.description }),
    ...(update.permissions && { allowedAccounts: update.permissions.allowedAccounts }),
    updated: now,
  };
}

/**
 * What the model cannot check about a custom definition: unique property names, at most one
 * queryable property (required and not secret, since job workers filter on its value), and
 * artifact bounds with the minimum not above the maximum.
 */
export function checkCustomDefinition(properties: readonly ActionConfigurationProperty[],
  inputs: ArtifactCountDetails, outputs: ArtifactCountDetails): void {
  const problems: string[] = [];
  const names = properties.map((p) => p.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) problems.push(`configuration property names must be unique; repeated: ${[...new Set(repeated)].join(', ')}`);
  const queryable = properties.filter((p) => p.queryable === true);
  if (queryable.length > 1) problems.push(`at most one configuration property may be queryable; found ${queryable.map((p) => p.name).join(', ')}`);
  for (const p of queryable) {
    if (!p.required || p.secret) problems.push(`queryable configuration property ${p.name} must be required and not secret`);
  }
  for (const [label, bounds] of [['inputArtifactDetails', inputs], ['outputArtifactDetails', outputs]] as const) {
    if (bounds.minimumCount > bounds.maximumCount) {
      problems.push(`${label}.minimumCount (${bounds.minimumCount}) is greater than maximumCount (${bounds.maximumCount})`);
    }
  }
  if (problems.length > 0) throw new SluiceError('ValidationException', `Invalid action type definition: ${problems.join('; ')}`);
}
