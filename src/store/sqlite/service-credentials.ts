/**
 * Service-specific credentials on SQLite.
 *
 * Parameters: `db`. Every operation is one autocommit statement; a user's credentials go with the
 * user (ON DELETE CASCADE).
 */
import type { ServiceCredentialRecord, ServiceCredentialStore } from '../service-credential-ports.ts';
import type { SqliteDb } from './database.ts';

interface Row {
  credential_id: string; user_name: string; service_name: string; service_user_name: string; password_hash: string;
  status: 'Active' | 'Inactive'; created_at: number; expires_at: number | null;
}

function toRecord(r: Row): ServiceCredentialRecord {
  return {
    credentialId: r.credential_id, userName: r.user_name, serviceName: r.service_name, serviceUserName: r.service_user_name,
    passwordHash: r.password_hash, status: r.status, createdAt: r.created_at,
    ...(r.expires_at !== null && { expiresAt: r.expires_at }),
  };
}

/** Oldest first; the id breaks ties between credentials made in the same millisecond. */
const ORDER = 'ORDER BY created_at, credential_id';

export function makeServiceCredentialStore(db: SqliteDb): ServiceCredentialStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`serviceCredentials.${operation}`, body);
  return {
    async create(c, maxPerService) {
      return db.write('serviceCredentials.create', () => {
        const held = db.get<{ n: number }>('SELECT count(*) AS n FROM service_credentials WHERE user_name = ? AND service_name = ?', c.userName, c.serviceName)?.n ?? 0;
        if (held >= maxPerService) return 'limitExceeded';
        db.run(`INSERT INTO service_credentials
          (credential_id, user_name, service_name, service_user_name, password_hash, status, created_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.credentialId, c.userName, c.serviceName, c.serviceUserName, c.passwordHash,
        c.status, c.createdAt, c.expiresAt ?? null);
        return 'created';
      });
    },
    async get(credentialId) {
      const row = one('get', () => db.get<Row>('SELECT * FROM service_credentials WHERE credential_id = ?', credentialId));
      return row && toRecord(row);
    },
    async listByUser(userName, serviceName) {
      return one('listByUser', () => (serviceName === undefined
        ? db.all<Row>(`SELECT * FROM service_credentials WHERE user_name = ? ${ORDER}`, userName)
        : db.all<Row>(`SELECT * FROM service_credentials WHERE user_name = ? AND service_name = ? ${ORDER}`, userName, serviceName)))
        .map(toRecord);
    },
    async listAll(serviceName) {
      return one('listAll', () => (serviceName === undefined
        ? db.all<Row>(`SELECT * FROM service_credentials ORDER BY user_name, created_at, credential_id`)
        : db.all<Row>(`SELECT * FROM service_credentials WHERE service_name = ? ORDER BY user_name, created_at, credential_id`, serviceName)))
        .map(toRecord);
    },
    async findByLogin(serviceUserName) {
      return one('findByLogin', () => db.all<Row>(`SELECT * FROM service_credentials WHERE service_user_name = ? ${ORDER}`, serviceUserName))
        .map(toRecord);
    },
    async setPassword(credentialId, passwordHash) {
      return one('setPassword', () => db.run('UPDATE service_credentials SET password_hash = ? WHERE credential_id = ?', passwordHash, credentialId) > 0);
    },
    async setStatus(credentialId, status) {
      return one('setStatus', () => db.run('UPDATE service_credentials SET status = ? WHERE credential_id = ?', status, credentialId) > 0);
    },
    async delete(credentialId) {
      return one('delete', () => db.run('DELETE FROM service_credentials WHERE credential_id = ?', credentialId) > 0);
    },
  };
}
