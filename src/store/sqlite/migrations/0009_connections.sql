-- Connections to external git servers (CodeStar Connections), hosts of self-managed providers,
-- and the durable memory of watching their repositories: webhook deliveries already handled (for
-- a replay window) and the refs last seen by polling. Credentials are stored sealed only.

CREATE TABLE connection_hosts (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  provider_type TEXT NOT NULL,
  provider_endpoint TEXT NOT NULL,
  tags TEXT NOT NULL,
  created INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE connections (
  id TEXT PRIMARY KEY,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL UNIQUE,
  provider_type TEXT NOT NULL,
  host_arn TEXT,
  owner_account_id TEXT NOT NULL,
  status TEXT NOT NULL,
  tags TEXT NOT NULL,
  created INTEGER NOT NULL,
  -- The git access as JSON (URL, auth kind, user name, sealed secrets); NULL while PENDING.
  access TEXT
) WITHOUT ROWID;

CREATE TABLE connection_deliveries (
  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  delivery_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (connection_id, delivery_id)
) WITHOUT ROWID;

CREATE INDEX connection_deliveries_by_age ON connection_deliveries (received_at);

-- A row per repository looked at, so "never polled" differs from "no refs".
CREATE TABLE connection_watches (
  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  repository TEXT NOT NULL,
  polled_at INTEGER NOT NULL,
  PRIMARY KEY (connection_id, repository)
) WITHOUT ROWID;

CREATE TABLE connection_seen_refs (
  connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  repository TEXT NOT NULL,
  ref TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  PRIMARY KEY (connection_id, repository, ref)
) WITHOUT ROWID;
