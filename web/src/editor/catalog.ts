/**
 * The action type catalog the editor validates against: Sluice's built-in types (the same table
 * the server uses, bundled) plus the account's custom action types from ListActionTypes. The
 * server's answer to UpdatePipeline stays the final word.
 */
import { codepipeline } from '../api/client.ts';
import { makeActionTypeCatalog, type ActionTypeCatalog, type ActionTypeSpec } from '../../../src/model/action-types.ts';
import type { ActionCategory, ActionOwner } from '../../../src/model/vocabulary.ts';
import type { ListActionTypesOutput } from './wire.ts';

export async function loadCatalog(): Promise<ActionTypeCatalog> {
  const out = await codepipeline<ListActionTypesOutput>('ListActionTypes', { actionOwnerFilter: 'Custom' });
  const custom = (out.actionTypes ?? []).map((t): ActionTypeSpec => ({
    id: {
      category: t.id?.category as ActionCategory, owner: t.id?.owner as ActionOwner,
      provider: t.id?.provider ?? '', version: t.id?.version ?? '',
    },
    inputArtifacts: { min: t.inputArtifactDetails?.minimumCount ?? 0, max: t.inputArtifactDetails?.maximumCount ?? 5 },
    outputArtifacts: { min: t.outputArtifactDetails?.minimumCount ?? 0, max: t.outputArtifactDetails?.maximumCount ?? 5 },
    configuration: (t.actionConfigurationProperties ?? []).map((p) => ({ name: p.name ?? '', required: p.required ?? false, secret: p.secret ?? false })),
    regionAllowed: true,
  }));
  return makeActionTypeCatalog(custom);
}
