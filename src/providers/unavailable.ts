/**
 * Serves built-in action types that this Sluice cannot carry out yet: fails the action at once
 * with a message naming the type, instead of leaving its job queued forever.
 */
import type { ActionTypeId } from '../model/pipeline.ts';
import { ActionFailure, type ActionProvider } from './provider.ts';

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
