/**
 * Action type operations: CreateCustomActionType, DeleteCustomActionType, ListActionTypes,
 * GetActionType, UpdateActionType, and ListRuleTypes.
 *
 * Custom types live in the store and join the live catalog, so pipelines may use them as soon as
 * they exist; every change refreshes the catalog. Creating a type whose key is taken is idempotent
 * when the definition is identical (and then restores a deleted type, as AWS documents); a
 * different definition under a taken key is a ValidationException (the operation's model lists no
 * "already exists" error). GetActionType and UpdateActionType also take owner `Custom` (AWS's
 * model allows only AWS and ThirdParty there): in Sluice custom types are the ones that can be
 * updated, and built-in ones are readable.
 */
import { BUILT_IN_ACTION_TYPES } from '../../model/action-types.ts';
import { SluiceError } from '../../model/errors.ts';
import { actionTypeKey, type ActionTypeId } from '../../model/pipeline.ts';
import type { ActionCategory } from '../../model/vocabulary.ts';
import type { ActionConfigurationProperty, ArtifactCountDetails, CustomActionTypeRecord } from '../../store/action-type-ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import { validateInput, type ServiceModel } from '../aws-json/shape-validator.ts';
import {
  applyDeclaration, builtInActionType, builtInDeclaration, checkCustomDefinition, customActionType, customDeclaration,
  type ActionTypeDeclarationInput,
} from './action-type-wire.ts';
import type { CodePipelineApi } from './context.ts';
import { listRuleTypes } from './rule-types.ts';
import { checkTags } from './tags.ts';
import { compact } from './wire.ts';
import type { Tag } from '../../engine/state.ts';

type Input = Record<string, unknown>;

/** Custom action types per account (AWS quota: 50 per region). */
export const MAX_CUSTOM_ACTION_TYPES = 50;
/** ListActionTypes page size. */
const PAGE_SIZE = 100;

function describeId(id: ActionTypeId): string {
  return `${id.owner}/${id.category}/${id.provider}/${id.version}`;
}

/** JSON with sorted keys, so two definitions compare equal whatever order their members came in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

function sameDefinition(a: CustomActionTypeRecord, b: CustomActionTypeRecord): boolean {
  const definition = (r: CustomActionTypeRecord) => [r.settings, r.configurationProperties, r.inputArtifactDetails, r.outputArtifactDetails];
  return canonical(definition(a)) === canonical(definition(b));
}

/**
 * Runs the model's checks on an input whose owner is `Custom`, which the model's owner pattern
 * (AWS|ThirdParty) would refuse: the owner is checked here, everything else by the model.
 */
function validateWithCustomOwner(model: ServiceModel, operation: string, input: Input, id: Partial<ActionTypeId> | undefined,
  withOwner: (owner: string) => Input): void {
  const owner = id?.owner;
  if (owner !== undefined && typeof owner !== 'string') throw new SluiceError('SerializationException', `Expected a string at 'owner'`);
  validateInput(model, operation, owner === 'Custom' ? withOwner('AWS') : input);
}

function pageOf<T>(items: T[], nextToken: string | undefined): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = /^ListActionTypes:(\d+)$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    offset = Number(decoded?.[1] ?? NaN);
    if (!Number.isSafeInteger(offset)) throw new SluiceError('InvalidNextTokenException', 'The next token is not valid for ListActionTypes');
  }
  const end = offset + PAGE_SIZE;
  return { items: items.slice(offset, end), ...(end < items.length && { nextToken: Buffer.from(`ListActionTypes:${end}`).toString('base64url') }) };
}

export function actionTypeOperations(api: CodePipelineApi, model: ServiceModel): Record<string, Operation<never, object>> {
  const { runtime } = api;
  const store = runtime.store.actionTypes;
  const now = (): number => api.jobWorkers?.now?.() ?? Date.now();
  const builtIn = (id: ActionTypeId) => BUILT_IN_ACTION_TYPES.find((t) => actionTypeKey(t.id) === actionTypeKey(id));

  const operations: Record<string, Operation<Input, object>> = {
    CreateCustomActionType: {
      async handle(input) {
        const id = { category: input.category as ActionCategory, owner: 'Custom' as const, provider: input.provider as string, version: input.version as string };
        const properties = (input.configurationProperties as ActionConfigurationProperty[] | undefined) ?? [];
        const inputs = input.inputArtifactDetails as ArtifactCountDetails;
        const outputs = input.outputArtifactDetails as ArtifactCountDetails;
        checkCustomDefinition(properties, inputs, outputs);
        const tags = checkTags((input.tags as Tag[] | undefined) ?? []);
        const at = now();
        const record: CustomActionTypeRecord = {
          id, settings: (input.settings as CustomActionTypeRecord['settings'] | undefined) ?? {}, configurationProperties: properties,
          inputArtifactDetails: inputs, outputArtifactDetails: outputs, tags, created: at, updated: at,
        };
        const existing = await store.get(id);
        if (existing) {
          if (!sameDefinition(existing, record)) {
            throw new SluiceError('ValidationException', `Action type ${describeId(id)} already exists${existing.deletedAt !== undefined ? ' (deleted)' : ''} `
              + 'with a different definition; create the new definition under a version that has never been used');
          }
          if (existing.deletedAt !== undefined) {
            const { deletedAt: _deleted, ...restored } = existing;
            await store.update({ ...restored, updated: at });
          }
        } else {
          if ((await store.list()).length >= MAX_CUSTOM_ACTION_TYPES) {
            throw new SluiceError('LimitExceededException', `An account can have at most ${MAX_CUSTOM_ACTION_TYPES} custom action types`);
          }
          if (!await store.create(record)) throw new SluiceError('ConcurrentModificationException', `Action type ${describeId(id)} was created concurrently`);
        }
        await runtime.catalog.refresh();
        return compact({ actionType: customActionType(existing ?? record), tags: input.tags === undefined ? undefined : (existing ?? record).tags });
      },
    },
    DeleteCustomActionType: {
      async handle(input) {
        // Deleting a type that does not exist (or no longer does) succeeds: the outcome is the same.
        await store.delete({ category: input.category as ActionCategory, owner: 'Custom', provider: input.provider as string, version: input.version as string }, now());
        await runtime.catalog.refresh();
        return {};
      },
    },
    ListActionTypes: {
      async handle(input) {
        const owner = input.actionOwnerFilter as string | undefined;
        const all = [
          ...BUILT_IN_ACTION_TYPES.map((spec) => ({ owner: spec.id.owner, wire: () => builtInActionType(spec) })),
          ...(await store.list()).map((record) => ({ owner: 'Custom', wire: () => customActionType(record) })),
        ].filter((t) => owner === undefined || t.owner === owner);
        const page = pageOf(all, input.nextToken as string | undefined);
        return compact({ actionTypes: page.items.map((t) => t.wire()), nextToken: page.nextToken });
      },
    },
    GetActionType: {
      skipModelValidation: ['owner'],
      async handle(input) {
        const id = input as unknown as ActionTypeId;
        validateWithCustomOwner(model, 'GetActionType', input, id, (owner) => ({ ...input, owner }));
        const record = id.owner === 'Custom' ? await store.get(id) : undefined;
        if (record && record.deletedAt === undefined) return { actionType: customDeclaration(record, api.accountId) };
        const spec = id.owner === 'Custom' ? undefined : builtIn(id);
        if (spec) return { actionType: builtInDeclaration(spec) };
        throw new SluiceError('ActionTypeNotFoundException', `Action type ${describeId(id)} not found`);
      },
    },
    UpdateActionType: {
      skipModelValidation: ['actionType'],
      async handle(input) {
        const declaration = input.actionType as ActionTypeDeclarationInput;
        validateWithCustomOwner(model, 'UpdateActionType', input, declaration.id,
          (owner) => ({ ...input, actionType: { ...declaration, id: { ...declaration.id, owner } } }));
        const { id } = declaration;
        if (id.owner !== 'Custom') {
          if (builtIn(id)) throw new SluiceError('ValidationException', `Action type ${describeId(id)} is built in and cannot be updated`);
          throw new SluiceError('ActionTypeNotFoundException', `Action type ${describeId(id)} not found`);
        }
        const record = await store.get(id);
        if (!record || record.deletedAt !== undefined) throw new SluiceError('ActionTypeNotFoundException', `Action type ${describeId(id)} not found`);
        const updated = applyDeclaration(record, declaration, now());
        checkCustomDefinition(updated.configurationProperties, updated.inputArtifactDetails, updated.outputArtifactDetails);
        await store.update(updated);
        await runtime.catalog.refresh();
        return {};
      },
    },
    ListRuleTypes: listRuleTypes,
  };
  return operations;
}
