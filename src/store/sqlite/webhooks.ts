/**
 * Webhooks on SQLite.
 *
 * Parameters: `db`. `put` is one upsert statement (`INSERT … ON CONFLICT DO UPDATE … RETURNING`),
 * so a replace keeps the row's url id, creation time, delivery outcome and, unless new tags are
 * given, its tags. `list` pages by name ascending (the token holds the last name returned).
 * `retag` reads and writes inside one `BEGIN IMMEDIATE` transaction.
 */
import type { Tag } from '../../engine/state.ts';
import type { WebhookDefinition, WebhookRecord, WebhookStore } from '../webhook-ports.ts';
import { passThrough, type SqliteDb } from './database.ts';
import { decodeStringToken, encodePageToken, pageSize, takePage } from './page-token.ts';

interface WebhookRow {
  name: string; url_id: string; endpoint: string; arn: string; definition: string; tags: string;
  last_triggered: number | null; error_code: string | null; error_message: string | null; created: number; updated: number;
}

function toRecord(row: WebhookRow): WebhookRecord {
  return {
    definition: JSON.parse(row.definition) as WebhookDefinition,
    urlId: row.url_id, endpoint: row.endpoint, arn: row.arn,
    tags: JSON.parse(row.tags) as Tag[],
    ...(row.last_triggered !== null && { lastTriggered: row.last_triggered }),
    ...(row.error_code !== null && { errorCode: row.error_code }),
    ...(row.error_message !== null && { errorMessage: row.error_message }),
    created: row.created, updated: row.updated,
  };
}

export function makeWebhookStore(db: SqliteDb): WebhookStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`webhooks.${operation}`, body);
  return {
    async put(webhook, now) {
      const tags = webhook.tags === undefined ? null : JSON.stringify(webhook.tags);
      const row = one('put', () => db.get<WebhookRow>(`INSERT INTO webhooks (name, url_id, endpoint, arn, definition, tags, created, updated)
        VALUES (?, ?, ?, ?, ?, coalesce(?, '[]'), ?, ?)
        ON CONFLICT (name) DO UPDATE SET endpoint = excluded.endpoint, arn = excluded.arn, definition = excluded.definition,
          tags = CASE WHEN ? IS NULL THEN webhooks.tags ELSE excluded.tags END, updated = excluded.updated
        RETURNING *`, webhook.definition.name, webhook.urlId, webhook.endpoint, webhook.arn, JSON.stringify(webhook.definition),
      tags, now, now, tags));
      if (!row) throw new Error('webhooks.put returned no row');
      return toRecord(row);
    },
    async get(name) {
      const row = one('get', () => db.get<WebhookRow>('SELECT * FROM webhooks WHERE name = ?', name));
      return row && toRecord(row);
    },
    async getByUrlId(urlId) {
      const row = one('getByUrlId', () => db.get<WebhookRow>('SELECT * FROM webhooks WHERE url_id = ?', urlId));
      return row && toRecord(row);
    },
    async list(page) {
      const limit = pageSize(page.maxResults);
      const after = page.nextToken === undefined ? '' : decodeStringToken('webhooks', page.nextToken);
      const fetched = one('list', () => db.all<WebhookRow>('SELECT * FROM webhooks WHERE name > ? ORDER BY name LIMIT ?', after, limit + 1));
      const { rows, more } = takePage(fetched, limit);
      const last = rows.at(-1);
      const items = rows.map(toRecord);
      return more && last ? { items, nextToken: encodePageToken('webhooks', last.name) } : { items };
    },
    async delete(name) {
      return one('delete', () => db.run('DELETE FROM webhooks WHERE name = ?', name) > 0);
    },
    async retag(name, change) {
      return db.write('webhooks.retag', () => {
        const row = db.get<{ tags: string }>('SELECT tags FROM webhooks WHERE name = ?', name);
        if (!row) return undefined;
        const tags = passThrough(() => change(JSON.parse(row.tags) as Tag[]));
        db.run('UPDATE webhooks SET tags = ? WHERE name = ?', JSON.stringify(tags), name);
        return tags;
      });
    },
    async recordDelivery(name, outcome) {
      one('recordDelivery', () => (outcome.error === undefined
        ? db.run('UPDATE webhooks SET last_triggered = ?, error_code = NULL, error_message = NULL WHERE name = ?', outcome.at, name)
        : db.run('UPDATE webhooks SET error_code = ?, error_message = ? WHERE name = ?', outcome.error.code, outcome.error.message, name)));
    },
  };
}
