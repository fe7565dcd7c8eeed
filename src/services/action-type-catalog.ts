/**
 * The action type catalog of a running Sluice: the built-in types plus the custom types stored
 * by CreateCustomActionType. Validation needs a synchronous catalog, the custom types live in the
 * store, so the live catalog answers from its last loaded snapshot and `refresh()` reloads it.
 * Whatever changes custom types refreshes it (the action type operations), and so does every
 * pipeline create and update, so a type created by another process sharing the database is seen
 * at the latest by the next pipeline change here.
 */
import { makeActionTypeCatalog, type ActionTypeCatalog, type ActionTypeSpec } from '../model/action-types.ts';
import type { ActionTypeStore, CustomActionTypeRecord } from '../store/action-type-ports.ts';

export interface LiveActionTypeCatalog extends ActionTypeCatalog {
  /** Reloads the custom types from the store; resolves to the refreshed catalog. */
  refresh(): Promise<ActionTypeCatalog>;
}

/** What validation needs of a custom type: its artifact bounds and configuration keys. */
export function customActionTypeSpec(record: CustomActionTypeRecord): ActionTypeSpec {
  return {
    id: record.id,
    inputArtifacts: { min: record.inputArtifactDetails.minimumCount, max: record.inputArtifactDetails.maximumCount },
    outputArtifacts: { min: record.outputArtifactDetails.minimumCount, max: record.outputArtifactDetails.maximumCount },
    configuration: record.configurationProperties.map((p) => ({ name: p.name, required: p.required, ...(p.secret && { secret: true }) })),
    // AWS runs custom actions in the pipeline's region only (no cross-region custom actions).
    regionAllowed: false,
  };
}

export function makeLiveActionTypeCatalog(store: ActionTypeStore): LiveActionTypeCatalog {
  let current = makeActionTypeCatalog();
  return {
    get: (id) => current.get(id),
    list: () => current.list(),
    async refresh() {
      current = makeActionTypeCatalog((await store.list()).map(customActionTypeSpec));
      return current;
    },
  };
}
