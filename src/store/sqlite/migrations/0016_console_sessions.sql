-- The web console: signed-in sessions (by a SHA-256 of their token, never the token) and IAM
-- login profiles (a salted scrypt hash of the console password). Both go with their user.

CREATE TABLE console_sessions (
  token_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE,
  user_name TEXT NOT NULL REFERENCES users (user_name) ON DELETE CASCADE,
  signed_in_with_key TEXT,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX console_sessions_by_user ON console_sessions (user_name);
CREATE INDEX console_sessions_by_key ON console_sessions (signed_in_with_key) WHERE signed_in_with_key IS NOT NULL;
CREATE INDEX console_sessions_by_expiry ON console_sessions (expires_at);

CREATE TABLE login_profiles (
  user_name TEXT PRIMARY KEY REFERENCES users (user_name) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  password_reset_required INTEGER NOT NULL
) WITHOUT ROWID;
