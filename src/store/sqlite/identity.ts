/**
 * Users, access keys and inline policies on SQLite.
 *
 * Parameters: `db`. Every operation is one autocommit statement, except deleteUser (keys and
 * policies go with the user through ON DELETE CASCADE).
 */
import type { AccessKeyRecord, IdentityStore, UserPolicyRecord, UserRecord } from '../ports.ts';
import type { SqliteDb } from './database.ts';

interface UserRow { user_name: string; user_id: string; arn: string; created_at: number }
interface KeyRow {
  access_key_id: string; secret_access_key: string; user_name: string; status: 'Active' | 'Inactive';
  created_at: number; session_token: string | null; expires_at: number | null;
}

const toUser = (r: UserRow): UserRecord => ({ userName: r.user_name, userId: r.user_id, arn: r.arn, createdAt: r.created_at });

function toKey(r: KeyRow): AccessKeyRecord {
  return {
    accessKeyId: r.access_key_id, secretAccessKey: r.secret_access_key, userName: r.user_name, status: r.status, createdAt: r.created_at,
    ...(r.session_token !== null && { sessionToken: r.session_token }),
    ...(r.expires_at !== null && { expiresAt: r.expires_at }),
  };
}

export function makeIdentityStore(db: SqliteDb): IdentityStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`identity.${operation}`, body);
  return {
    async createUser(user) {
      return one('createUser', () => db.run(`INSERT INTO users (user_name, user_id, arn, created_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (user_name) DO NOTHING`, user.userName, user.userId, user.arn, user.createdAt) > 0);
    },
    async getUser(userName) {
      const row = one('getUser', () => db.get<UserRow>('SELECT * FROM users WHERE user_name = ?', userName));
      return row && toUser(row);
    },
    async listUsers() {
      return one('listUsers', () => db.all<UserRow>('SELECT * FROM users ORDER BY user_name')).map(toUser);
    },
    async deleteUser(userName) {
      return one('deleteUser', () => db.run('DELETE FROM users WHERE user_name = ?', userName) > 0);
    },
    async createAccessKey(key) {
      one('createAccessKey', () => db.run(`INSERT INTO access_keys (access_key_id, secret_access_key, user_name, status, created_at, session_token, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`, key.accessKeyId, key.secretAccessKey, key.userName, key.status, key.createdAt,
      key.sessionToken ?? null, key.expiresAt ?? null));
    },
    async getAccessKey(accessKeyId) {
      const row = one('getAccessKey', () => db.get<KeyRow>('SELECT * FROM access_keys WHERE access_key_id = ?', accessKeyId));
      return row && toKey(row);
    },
    async listAccessKeys(userName) {
      return one('listAccessKeys', () => db.all<KeyRow>(
        'SELECT * FROM access_keys WHERE user_name = ? AND session_token IS NULL ORDER BY created_at', userName)).map(toKey);
    },
    async updateAccessKey(accessKeyId, status) {
      return one('updateAccessKey', () => db.run('UPDATE access_keys SET status = ? WHERE access_key_id = ?', status, accessKeyId) > 0);
    },
    async deleteAccessKey(accessKeyId) {
      return one('deleteAccessKey', () => db.run('DELETE FROM access_keys WHERE access_key_id = ?', accessKeyId) > 0);
    },
    async deleteExpiredKeys(now) {
      return one('deleteExpiredKeys', () => db.run('DELETE FROM access_keys WHERE expires_at IS NOT NULL AND expires_at < ?', now));
    },
    async putUserPolicy(policy: UserPolicyRecord) {
      one('putUserPolicy', () => db.run(`INSERT INTO user_policies (user_name, policy_name, document) VALUES (?, ?, ?)
        ON CONFLICT (user_name, policy_name) DO UPDATE SET document = excluded.document`, policy.userName, policy.policyName, policy.document));
    },
    async listUserPolicies(userName) {
      return one('listUserPolicies', () => db.all<{ user_name: string; policy_name: string; document: string }>(
        'SELECT * FROM user_policies WHERE user_name = ? ORDER BY policy_name', userName))
        .map((r) => ({ userName: r.user_name, policyName: r.policy_name, document: r.document }));
    },
    async deleteUserPolicy(userName, policyName) {
      return one('deleteUserPolicy', () => db.run('DELETE FROM user_policies WHERE user_name = ? AND policy_name = ?', userName, policyName) > 0);
    },
  };
}
