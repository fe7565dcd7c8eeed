/**
 * Console sessions on SQLite.
 *
 * Parameters: `db`. Every operation is one autocommit statement; a user's sessions go with the
 * user (ON DELETE CASCADE).
 */
import type { ConsoleSessionRecord, ConsoleSessionStore } from '../console-ports.ts';
import type { SqliteDb } from './database.ts';

interface Row {
  token_hash: string; session_id: string; user_name: string; signed_in_with_key: string | null; csrf_token: string;
  created_at: number; last_seen_at: number; expires_at: number; absolute_expires_at: number;
}

function toRecord(r: Row): ConsoleSessionRecord {
  return {
    tokenHash: r.token_hash, sessionId: r.session_id, userName: r.user_name, csrfToken: r.csrf_token,
    createdAt: r.created_at, lastSeenAt: r.last_seen_at, expiresAt: r.expires_at, absoluteExpiresAt: r.absolute_expires_at,
    ...(r.signed_in_with_key !== null && { signedInWithKey: r.signed_in_with_key }),
  };
}

export function makeConsoleSessionStore(db: SqliteDb): ConsoleSessionStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`consoleSessions.${operation}`, body);
  return {
    async create(s) {
      one('create', () => db.run(`INSERT INTO console_sessions
        (token_hash, session_id, user_name, signed_in_with_key, csrf_token, created_at, last_seen_at, expires_at, absolute_expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.tokenHash, s.sessionId, s.userName, s.signedInWithKey ?? null, s.csrfToken,
      s.createdAt, s.lastSeenAt, s.expiresAt, s.absoluteExpiresAt));
    },
    async get(tokenHash) {
      const row = one('get', () => db.get<Row>('SELECT * FROM console_sessions WHERE token_hash = ?', tokenHash));
      return row && toRecord(row);
    },
    async touch(tokenHash, lastSeenAt, expiresAt) {
      return one('touch', () => db.run('UPDATE console_sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?',
        lastSeenAt, expiresAt, tokenHash) > 0);
    },
    async delete(tokenHash) {
      return one('delete', () => db.run('DELETE FROM console_sessions WHERE token_hash = ?', tokenHash) > 0);
    },
    async deleteByAccessKey(accessKeyId) {
      return one('deleteByAccessKey', () => db.run('DELETE FROM console_sessions WHERE signed_in_with_key = ?', accessKeyId));
    },
    async deleteExpired(now) {
      return one('deleteExpired', () => db.run('DELETE FROM console_sessions WHERE expires_at < ?', now));
    },
  };
}
