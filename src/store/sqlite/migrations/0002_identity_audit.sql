-- Users, access keys and inline policies (IAM-style), and the audit trail (CloudTrail-style).

CREATE TABLE users (
  user_name TEXT PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE,
  arn TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Permanent keys have no session_token; temporary ones (job worker artifact access) expire.
CREATE TABLE access_keys (
  access_key_id TEXT PRIMARY KEY,
  secret_access_key TEXT NOT NULL,
  user_name TEXT NOT NULL REFERENCES users (user_name) ON DELETE CASCADE,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  session_token TEXT,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX access_keys_by_user ON access_keys (user_name);
CREATE INDEX access_keys_expiring ON access_keys (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE user_policies (
  user_name TEXT NOT NULL REFERENCES users (user_name) ON DELETE CASCADE,
  policy_name TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (user_name, policy_name)
) WITHOUT ROWID;

-- `seq` orders events newest first; `resources` is a JSON array of resource names.
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  event_time INTEGER NOT NULL,
  event_name TEXT NOT NULL,
  user_name TEXT,
  read_only INTEGER NOT NULL,
  resources TEXT NOT NULL,
  event TEXT NOT NULL
);
CREATE INDEX audit_by_time ON audit_events (event_time);
CREATE INDEX audit_by_name ON audit_events (event_name, seq);
CREATE INDEX audit_by_user ON audit_events (user_name, seq);
