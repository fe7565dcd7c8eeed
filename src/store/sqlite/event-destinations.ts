/**
 * EventBridge connections and API destinations on SQLite.
 *
 * Parameters: `db`. A connection's secret (API key value or password) arrives sealed and is
 * stored as it came. A connection an API destination uses cannot be deleted, and a destination
 * cannot name a missing connection: both checks run inside the writing transaction.
 */
import type { ApiDestinationRecord, ConnectionRecord, EventDestinationStore } from '../event-ports.ts';
import type { SqliteDb } from './database.ts';

interface ConnectionRow {
  name: string; uuid: string; description: string | null; authorization_type: string; auth_name: string; auth_secret: string;
  created_at: number; modified_at: number;
}
interface DestinationRow {
  name: string; uuid: string; description: string | null; connection_name: string; endpoint: string; http_method: string;
  rate_limit: number | null; created_at: number; modified_at: number;
}

function toConnection(row: ConnectionRow): ConnectionRecord {
  return {
    name: row.name, uuid: row.uuid, authorizationType: row.authorization_type as ConnectionRecord['authorizationType'],
    authName: row.auth_name, authSecret: row.auth_secret, createdAt: row.created_at, modifiedAt: row.modified_at,
    ...(row.description !== null && { description: row.description }),
  };
}

function toDestination(row: DestinationRow): ApiDestinationRecord {
  return {
    name: row.name, uuid: row.uuid, connectionName: row.connection_name, endpoint: row.endpoint, httpMethod: row.http_method,
    createdAt: row.created_at, modifiedAt: row.modified_at,
    ...(row.description !== null && { description: row.description }),
    ...(row.rate_limit !== null && { rateLimitPerSecond: row.rate_limit }),
  };
}

export function makeEventDestinationStore(db: SqliteDb): EventDestinationStore {
  return {
    async createConnection(c) {
      return db.autocommit('eventConnections.create', () => db.run(`INSERT INTO event_connections
        (name, uuid, description, authorization_type, auth_name, auth_secret, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (name) DO NOTHING`, c.name, c.uuid, c.description ?? null, c.authorizationType, c.authName, c.authSecret, c.createdAt, c.modifiedAt) > 0);
    },
    async getConnection(name) {
      const row = db.autocommit('eventConnections.get', () => db.get<ConnectionRow>('SELECT * FROM event_connections WHERE name = ?', name));
      return row && toConnection(row);
    },
    async listConnections(page) {
      const prefix = page.prefix ?? '';
      return db.autocommit('eventConnections.list', () => db.all<ConnectionRow>(`SELECT * FROM event_connections
        WHERE name > ? AND substr(name, 1, length(?)) = ? ORDER BY name LIMIT ?`, page.after ?? '', prefix, prefix, page.limit)).map(toConnection);
    },
    async deleteConnection(name) {
      return db.write('eventConnections.delete', () => {
        if (!db.get('SELECT 1 FROM event_connections WHERE name = ?', name)) return 'missing';
        if (db.get('SELECT 1 FROM event_api_destinations WHERE connection_name = ?', name)) return 'in-use';
        db.run('DELETE FROM event_connections WHERE name = ?', name);
        return 'deleted';
      });
    },
    async createApiDestination(d) {
      return db.write('eventApiDestinations.create', () => {
        if (!db.get('SELECT 1 FROM event_connections WHERE name = ?', d.connectionName)) return false;
        return db.run(`INSERT INTO event_api_destinations
          (name, uuid, description, connection_name, endpoint, http_method, rate_limit, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (name) DO NOTHING`, d.name, d.uuid, d.description ?? null, d.connectionName, d.endpoint, d.httpMethod,
        d.rateLimitPerSecond ?? null, d.createdAt, d.modifiedAt) > 0;
      });
    },
    async getApiDestination(name) {
      const row = db.autocommit('eventApiDestinations.get', () => db.get<DestinationRow>('SELECT * FROM event_api_destinations WHERE name = ?', name));
      return row && toDestination(row);
    },
    async listApiDestinations(page) {
      const prefix = page.prefix ?? '';
      return db.autocommit('eventApiDestinations.list', () => db.all<DestinationRow>(`SELECT * FROM event_api_destinations
        WHERE name > ? AND substr(name, 1, length(?)) = ? AND (? IS NULL OR connection_name = ?) ORDER BY name LIMIT ?`,
      page.after ?? '', prefix, prefix, page.connectionName ?? null, page.connectionName ?? null, page.limit)).map(toDestination);
    },
    async updateApiDestination(d) {
      return db.write('eventApiDestinations.update', () => {
        if (!db.get('SELECT 1 FROM event_connections WHERE name = ?', d.connectionName)) return false;
        return db.run(`UPDATE event_api_destinations SET description = ?, connection_name = ?, endpoint = ?, http_method = ?, rate_limit = ?,
          modified_at = ? WHERE name = ?`, d.description ?? null, d.connectionName, d.endpoint, d.httpMethod, d.rateLimitPerSecond ?? null,
        d.modifiedAt, d.name) > 0;
      });
    },
    async deleteApiDestination(name) {
      return db.autocommit('eventApiDestinations.delete', () => db.run('DELETE FROM event_api_destinations WHERE name = ?', name) > 0);
    },
  };
}
