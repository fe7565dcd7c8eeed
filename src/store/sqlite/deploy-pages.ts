/**
 * Paging by name for the deploy store's lists: the token is the last name returned, so a page
 * stays stable while rows are added. Parameters: the list's kind, a query taking (params…, after,
 * limit) and returning `name`, the leading params, and the page request.
 */
import type { Page, PageRequest } from '../ports.ts';
import type { SqliteDb, SqlValue } from './database.ts';
import { decodeStringToken, encodePageToken, pageSize, takePage, type PageKind } from './page-token.ts';

export function namePage(db: SqliteDb, kind: PageKind, sql: string, params: SqlValue[], { maxResults, nextToken }: PageRequest): Page<string> {
  const limit = pageSize(maxResults);
  const after = nextToken === undefined ? '' : decodeStringToken(kind, nextToken);
  const rows = db.autocommit(`${kind}.list`, () => db.all<{ name: string }>(sql, ...params, after, limit + 1));
  const taken = takePage(rows, limit);
  const items = taken.rows.map((r) => r.name);
  const last = items.at(-1);
  return taken.more && last !== undefined ? { items, nextToken: encodePageToken(kind, last) } : { items };
}
