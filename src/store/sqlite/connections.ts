/**
 * Connections, hosts and their watch state on SQLite.
 *
 * Parameters: `db`. A connection's git access is one JSON column holding only sealed secrets;
 * tags are JSON arrays. `retag` reads and writes inside one `BEGIN IMMEDIATE` transaction. Delivery
 * ids and seen refs belong to their connection (ON DELETE CASCADE).
 */
import type { Tag } from '../../engine/state.ts';
import type {
  ConnectionRecord, ConnectionStatus, ConnectionStores, HostRecord, ProviderType, StoredGitAccess, WatchedRepository,
} from '../connection-ports.ts';
import { passThrough, type SqliteDb } from './database.ts';

interface ConnectionRow {
  id: string; arn: string; name: string; provider_type: string; host_arn: string | null; owner_account_id: string;
  status: string; tags: string; created: number; access: string | null;
}
interface HostRow { arn: string; name: string; provider_type: string; provider_endpoint: string; tags: string; created: number }

function toConnection(row: ConnectionRow): ConnectionRecord {
  return {
    id: row.id, arn: row.arn, name: row.name, providerType: row.provider_type as ProviderType,
    ...(row.host_arn !== null && { hostArn: row.host_arn }),
    ownerAccountId: row.owner_account_id, status: row.status as ConnectionStatus, tags: JSON.parse(row.tags) as Tag[], created: row.created,
    ...(row.access !== null && { access: JSON.parse(row.access) as StoredGitAccess }),
  };
}

function toHost(row: HostRow): HostRecord {
  return {
    arn: row.arn, name: row.name, providerType: row.provider_type as ProviderType, providerEndpoint: row.provider_endpoint,
    tags: JSON.parse(row.tags) as Tag[], created: row.created,
  };
}

export function makeConnectionStores(db: SqliteDb): ConnectionStores {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`connections.${operation}`, body);
  const watchKey = (r: WatchedRepository): [string, string] => [r.connectionId, r.fullRepositoryId];
  return {
    connections: {
      async create(c) {
        return one('create', () => db.run(`INSERT INTO connections (id, arn, name, provider_type, host_arn, owner_account_id, status, tags, created)
          VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT (name) DO NOTHING`,
        c.id, c.arn, c.name, c.providerType, c.hostArn ?? null, c.ownerAccountId, JSON.stringify(c.tags), c.created) > 0);
      },
      async get(id) {
        const row = one('get', () => db.get<ConnectionRow>('SELECT * FROM connections WHERE id = ?', id));
        return row && toConnection(row);
      },
      async list(filter, page) {
        const rows = one('list', () => db.all<ConnectionRow>(`SELECT * FROM connections
          WHERE name > ? AND (? IS NULL OR provider_type = ?) AND (? IS NULL OR host_arn = ?) ORDER BY name LIMIT ?`,
        page.after ?? '', filter.providerType ?? null, filter.providerType ?? null, filter.hostArn ?? null, filter.hostArn ?? null, page.limit));
        return rows.map(toConnection);
      },
      async count() {
        return one('count', () => db.get<{ n: number }>('SELECT count(*) AS n FROM connections')?.n ?? 0);
      },
      async delete(id) {
        return one('delete', () => db.run('DELETE FROM connections WHERE id = ?', id) > 0);
      },
      async setAccess(id, access) {
        return one('setAccess', () => db.run(`UPDATE connections SET access = ?, status = 'AVAILABLE' WHERE id = ?`, JSON.stringify(access), id) > 0);
      },
      async retag(arn, change) {
        return db.write('connections.retag', () => {
          const table = db.get('SELECT 1 FROM connections WHERE arn = ?', arn) ? 'connections'
            : db.get('SELECT 1 FROM connection_hosts WHERE arn = ?', arn) ? 'connection_hosts' : undefined;
          if (table === undefined) return undefined;
          const row = db.get<{ tags: string }>(`SELECT tags FROM ${table} WHERE arn = ?`, arn);
          const tags = passThrough(() => change(JSON.parse(row?.tags ?? '[]') as Tag[]));
          db.run(`UPDATE ${table} SET tags = ? WHERE arn = ?`, JSON.stringify(tags), arn);
          return tags;
        });
      },
      async createHost(h) {
        return one('createHost', () => db.run(`INSERT INTO connection_hosts (arn, name, provider_type, provider_endpoint, tags, created)
          VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, h.arn, h.name, h.providerType, h.providerEndpoint, JSON.stringify(h.tags), h.created) > 0);
      },
      async getHost(arn) {
        const row = one('getHost', () => db.get<HostRow>('SELECT * FROM connection_hosts WHERE arn = ?', arn));
        return row && toHost(row);
      },
      async listHosts(page) {
        return one('listHosts', () => db.all<HostRow>('SELECT * FROM connection_hosts WHERE arn > ? ORDER BY arn LIMIT ?', page.after ?? '', page.limit)).map(toHost);
      },
      async deleteHost(arn) {
        return one('deleteHost', () => db.run('DELETE FROM connection_hosts WHERE arn = ?', arn) > 0);
      },
    },
    watch: {
      async claimDelivery(connectionId, deliveryId, now, forgetBefore) {
        return db.write('connections.claimDelivery', () => {
          db.run('DELETE FROM connection_deliveries WHERE received_at < ?', forgetBefore);
          return db.run(`INSERT INTO connection_deliveries (connection_id, delivery_id, received_at) VALUES (?, ?, ?)
            ON CONFLICT DO NOTHING`, connectionId, deliveryId, now) > 0;
        });
      },
      async releaseDelivery(connectionId, deliveryId) {
        one('releaseDelivery', () => db.run('DELETE FROM connection_deliveries WHERE connection_id = ? AND delivery_id = ?', connectionId, deliveryId));
      },
      async seenRefs(repository) {
        return db.read('connections.seenRefs', () => {
          if (!db.get('SELECT 1 FROM connection_watches WHERE connection_id = ? AND repository = ?', ...watchKey(repository))) return undefined;
          const rows = db.all<{ ref: string; commit_id: string }>(
            'SELECT ref, commit_id FROM connection_seen_refs WHERE connection_id = ? AND repository = ?', ...watchKey(repository));
          return new Map(rows.map((r) => [r.ref, r.commit_id]));
        });
      },
      async saveSeenRefs(repository, refs, now) {
        db.write('connections.saveSeenRefs', () => {
          db.run(`INSERT INTO connection_watches (connection_id, repository, polled_at) VALUES (?, ?, ?)
            ON CONFLICT DO UPDATE SET polled_at = excluded.polled_at`, ...watchKey(repository), now);
          db.run('DELETE FROM connection_seen_refs WHERE connection_id = ? AND repository = ?', ...watchKey(repository));
          for (const [ref, commitId] of refs) {
            db.run('INSERT INTO connection_seen_refs (connection_id, repository, ref, commit_id) VALUES (?, ?, ?, ?)', ...watchKey(repository), ref, commitId);
          }
        });
      },
      async recordRef(repository, ref, commitId) {
        one('recordRef', () => (commitId === undefined
          ? db.run('DELETE FROM connection_seen_refs WHERE connection_id = ? AND repository = ? AND ref = ?', ...watchKey(repository), ref)
          : db.run(`INSERT INTO connection_seen_refs (connection_id, repository, ref, commit_id) VALUES (?, ?, ?, ?)
              ON CONFLICT DO UPDATE SET commit_id = excluded.commit_id`, ...watchKey(repository), ref, commitId)));
      },
    },
  };
}
