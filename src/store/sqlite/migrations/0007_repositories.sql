-- Hosted git repositories (CodeCommit). Git objects and refs live in <dataDir>/repos/<repository_id>.git;
-- this table holds what CodeCommit keeps beside them. Tags and triggers are JSON arrays.

CREATE TABLE repositories (
  repository_id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT,
  default_branch TEXT,
  created_at INTEGER NOT NULL,
  modified_at INTEGER NOT NULL,
  tags TEXT NOT NULL,
  triggers_configuration_id TEXT NOT NULL,
  triggers TEXT NOT NULL
) WITHOUT ROWID;

-- The refs of each repository as Sluice last handed them on (events appended, pipelines started).
-- At start-up, refs git moved that this table does not show (a crash in between) are handed on.
CREATE TABLE repository_refs (
  repository_id TEXT NOT NULL REFERENCES repositories (repository_id) ON DELETE CASCADE,
  ref TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  PRIMARY KEY (repository_id, ref)
) WITHOUT ROWID;
