/**
 * Paging of the notification listings: the NextToken is standard base64 of `{"k": list, "a": key}`
 * (CodeStar Notifications' token pattern allows `[\w/+=]` only), continuing after the item whose
 * sort key is `a`. A token that does not decode or belongs to another list is InvalidNextTokenException.
 */
import { SluiceError } from '../model/errors.ts';

export const DEFAULT_PAGE_SIZE = 100;

export function pageOf<T>(list: string, items: readonly T[], keyOf: (item: T) => string, page: { NextToken?: string; MaxResults?: number }): { items: T[]; nextToken?: string } {
  let after: string | undefined;
  if (page.NextToken !== undefined) {
    let parsed: { k?: unknown; a?: unknown } = {};
    try {
      parsed = JSON.parse(Buffer.from(page.NextToken, 'base64').toString('utf8')) as typeof parsed;
    } catch { /* refused below */ }
    if (parsed.k !== list || typeof parsed.a !== 'string') throw new SluiceError('InvalidNextTokenException', 'The specified token is not valid.');
    after = parsed.a;
  }
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const size = page.MaxResults ?? DEFAULT_PAGE_SIZE;
  const taken = rest.slice(0, size);
  const last = taken.at(-1);
  if (rest.length <= size || last === undefined) return { items: taken };
  return { items: taken, nextToken: Buffer.from(JSON.stringify({ k: list, a: keyOf(last) }), 'utf8').toString('base64') };
}

/** Keeps the items every filter accepts; `valuesOf` gives an item's values for a filter name. */
export function filtered<T>(items: readonly T[], filters: readonly { Name: string; Value: string }[], valuesOf: (item: T, name: string) => readonly string[]): T[] {
  return items.filter((item) => filters.every(({ Name, Value }) => valuesOf(item, Name).includes(Value)));
}
