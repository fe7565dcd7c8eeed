/**
 * Which on-premises instances a deployment group selects: `onPremisesInstanceTagFilters` (an
 * instance matching any filter) or `onPremisesTagSet` (an instance matching at least one filter of
 * every list), each filter `KEY_ONLY`, `VALUE_ONLY` or `KEY_AND_VALUE` as CodeDeploy defines them.
 */
import type { Tag } from '../../engine/state.ts';

export interface TagFilter { Key?: string; Value?: string; Type?: 'KEY_ONLY' | 'VALUE_ONLY' | 'KEY_AND_VALUE' }

export function matchesFilter(tags: readonly Tag[], filter: TagFilter): boolean {
  switch (filter.Type ?? 'KEY_AND_VALUE') {
    case 'KEY_ONLY': return tags.some((t) => t.key === filter.Key);
    case 'VALUE_ONLY': return tags.some((t) => t.value === filter.Value);
    default: return tags.some((t) => t.key === filter.Key && t.value === (filter.Value ?? ''));
  }
}

/** Whether an instance with `tags` belongs to a group with these selectors; no selector selects nothing. */
export function selectsInstance(tags: readonly Tag[], selectors: { filters?: readonly TagFilter[]; tagSet?: readonly (readonly TagFilter[])[] }): boolean {
  if (selectors.filters && selectors.filters.length > 0) return selectors.filters.some((f) => matchesFilter(tags, f));
  if (selectors.tagSet && selectors.tagSet.length > 0) return selectors.tagSet.every((list) => list.some((f) => matchesFilter(tags, f)));
  return false;
}
