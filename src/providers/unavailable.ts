/**
 * Serves built-in action types that this Sluice cannot carry out yet: fails the action at once
 * with a message naming the type, instead of leaving its job queued forever.
 */
import { isManualApproval } from '../engine/actions.ts';
import { BUILT_IN_ACTION_TYPES } from '../model/action-types.ts';
import type { ActionTypeId } from '../model/pipeline.ts';
import { ActionFailure, type ActionProvider } from './provider.ts';
import type { ProviderRegistry } from './registry.ts';

export function makeUnavailableProvider(types: readonly ActionTypeId[]): ActionProvider {
  return {
    types,
    async run({ data }) {
      const t = data.actionTypeId;
      throw new ActionFailure(
        `Sluice has no provider for action type ${t.category}/${t.owner}/${t.provider}/${t.version} yet; ` +
        'replace the action (a Commands action runs shell commands) or remove it to run the rest of the pipeline', 'ConfigurationError');
    },
  };
}

/**
 * Registers the unavailable provider for every built-in type `include` selects that the registry
 * does not serve, except Manual approvals (the engine itself carries those out).
 */
export function failUnservedBuiltIns(registry: ProviderRegistry, include: (id: ActionTypeId) => boolean = () => true): ProviderRegistry {
  const unserved = BUILT_IN_ACTION_TYPES.map((t) => t.id)
    .filter((id) => include(id) && !registry.has(id) && !isManualApproval({ actionTypeId: id }));
  return registry.register(makeUnavailableProvider(unserved));
}
