-- SSM Parameter Store parameters and Secrets Manager secrets. Secret material (SecureString values,
-- every secret value) is stored only as ciphertext sealed outside the database; tags and a secret
-- version's staging labels are JSON arrays.

CREATE TABLE parameters (
  name TEXT PRIMARY KEY,
  latest_version INTEGER NOT NULL,
  tags TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE parameter_versions (
  name TEXT NOT NULL REFERENCES parameters (name) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  description TEXT,
  allowed_pattern TEXT,
  key_id TEXT,
  tier TEXT NOT NULL,
  data_type TEXT NOT NULL,
  modified_at INTEGER NOT NULL,
  modified_by TEXT NOT NULL,
  PRIMARY KEY (name, version)
) WITHOUT ROWID;

CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  suffix TEXT NOT NULL,
  description TEXT,
  kms_key_id TEXT,
  tags TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_changed INTEGER NOT NULL,
  last_accessed INTEGER,
  deleted_at INTEGER,
  deletion_date INTEGER
) WITHOUT ROWID;

CREATE TABLE secret_versions (
  name TEXT NOT NULL REFERENCES secrets (name) ON DELETE CASCADE,
  version_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  ciphertext TEXT NOT NULL,
  stages TEXT NOT NULL,
  created INTEGER NOT NULL,
  PRIMARY KEY (name, version_id)
) WITHOUT ROWID;
