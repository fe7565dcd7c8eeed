/**
 * Providers by action type key (`category/owner/provider/version`). A later registration for the
 * same key replaces an earlier one, so `sluice run` can put local sources over the default ones.
 */
import { actionTypeKey, type ActionTypeId } from '../model/pipeline.ts';
import type { ActionProvider } from './provider.ts';

export class ProviderRegistry {
  private readonly byKey = new Map<string, ActionProvider>();

  register(provider: ActionProvider): this {
    for (const type of provider.types) this.byKey.set(actionTypeKey(type), provider);
    return this;
  }

  get(key: string): ActionProvider | undefined {
    return this.byKey.get(key);
  }

  has(type: ActionTypeId): boolean {
    return this.byKey.has(actionTypeKey(type));
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }
}
