/**
 * IAM login profiles (console passwords) on SQLite.
 *
 * Parameters: `db`. Every operation is one autocommit statement; a user's profile goes with the
 * user (ON DELETE CASCADE).
 */
import type { LoginProfileRecord, LoginProfileStore } from '../console-ports.ts';
import type { SqliteDb } from './database.ts';

interface Row { user_name: string; password_hash: string; created_at: number; password_reset_required: number }

function toRecord(r: Row): LoginProfileRecord {
  return { userName: r.user_name, passwordHash: r.password_hash, createdAt: r.created_at, passwordResetRequired: r.password_reset_required === 1 };
}

export function makeLoginProfileStore(db: SqliteDb): LoginProfileStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`loginProfiles.${operation}`, body);
  return {
    async create(p) {
      return one('create', () => db.run(`INSERT INTO login_profiles (user_name, password_hash, created_at, password_reset_required)
        VALUES (?, ?, ?, ?) ON CONFLICT (user_name) DO NOTHING`, p.userName, p.passwordHash, p.createdAt, p.passwordResetRequired ? 1 : 0) > 0);
    },
    async get(userName) {
      const row = one('get', () => db.get<Row>('SELECT * FROM login_profiles WHERE user_name = ?', userName));
      return row && toRecord(row);
    },
    async update(userName, change) {
      // COALESCE keeps what the change leaves out.
      return one('update', () => db.run(`UPDATE login_profiles SET password_hash = coalesce(?, password_hash),
        password_reset_required = coalesce(?, password_reset_required) WHERE user_name = ?`,
      change.passwordHash ?? null, change.passwordResetRequired === undefined ? null : change.passwordResetRequired ? 1 : 0, userName) > 0);
    },
    async delete(userName) {
      return one('delete', () => db.run('DELETE FROM login_profiles WHERE user_name = ?', userName) > 0);
    },
  };
}
