-- sluice:breaking
-- The initial schema of the SQLite store. Every JSON column holds the record exactly as the engine
-- produced it (JSON.stringify); the scalar columns beside it are copies kept for indexes and
-- filters, written in the same statement, never read back into records.

-- One row per live pipeline. `id` is an incarnation number that is never reused (AUTOINCREMENT),
-- so a pipeline deleted and created again under the same name never meets its predecessor's
-- cached declarations.
CREATE TABLE pipelines (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  version INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  tags TEXT NOT NULL,
  runtime TEXT NOT NULL
);

-- Every declaration a pipeline ever had; immutable once written.
CREATE TABLE pipeline_versions (
  pipeline_name TEXT NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  declaration TEXT NOT NULL,
  created INTEGER NOT NULL,
  PRIMARY KEY (pipeline_name, version)
) WITHOUT ROWID;

-- `seq` (the rowid) grows with every execution stored in the database: newest first is seq DESC.
-- `doc` is the ExecutionState without `stages`.
CREATE TABLE executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  pipeline_name TEXT NOT NULL REFERENCES pipelines (name) ON DELETE CASCADE,
  pipeline_version INTEGER NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  last_update_time INTEGER NOT NULL,
  client_request_token TEXT,
  doc TEXT NOT NULL
);
CREATE INDEX executions_by_pipeline ON executions (pipeline_name, seq);
-- Every step loads the pipeline's InProgress and Stopping executions: two short ranges here, however
-- long the pipeline's history.
CREATE INDEX executions_by_status ON executions (pipeline_name, status, seq);
CREATE UNIQUE INDEX executions_by_request_token ON executions (pipeline_name, client_request_token)
  WHERE client_request_token IS NOT NULL;

-- `doc` is the StageExecutionState without `actions`; `action_ids` maps each action name to the
-- id of its current action execution (earlier attempts stay in action_executions as history).
CREATE TABLE stage_executions (
  execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
  stage_name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  last_update_time INTEGER NOT NULL,
  action_ids TEXT NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (execution_id, stage_name)
) WITHOUT ROWID;

-- Every attempt of every action; `seq` orders the history newest first.
CREATE TABLE action_executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  execution_id TEXT NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
  pipeline_name TEXT NOT NULL,
  stage_name TEXT NOT NULL,
  action_name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER NOT NULL,
  last_update_time INTEGER NOT NULL,
  token TEXT,
  doc TEXT NOT NULL
);
CREATE INDEX action_executions_by_pipeline ON action_executions (pipeline_name, seq);
CREATE INDEX action_executions_by_execution ON action_executions (execution_id, seq);
CREATE INDEX action_executions_by_token ON action_executions (token) WHERE token IS NOT NULL;

-- The job queue of record. `seq` is the FIFO order of claims (a plain rowid: unlike the tables
-- above, nothing needs it never to be reused, and AUTOINCREMENT would cost a page per enqueue). Jobs and timers name their
-- execution by id only, without foreign keys, so the queue stays independent of the state tables;
-- deletePipeline removes them explicitly.
CREATE TABLE jobs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  action_type_key TEXT NOT NULL,
  pipeline_name TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  action_execution_id TEXT NOT NULL,
  stage_name TEXT NOT NULL,
  action_name TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  nonce TEXT NOT NULL,
  status TEXT NOT NULL,
  data TEXT NOT NULL,
  locked_by TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Claim: queued jobs of some types, oldest first. Partial, so the index holds only the queue itself
-- and stays a few hot pages however many closed jobs the table keeps.
CREATE INDEX jobs_claim ON jobs (action_type_key, seq) WHERE status = 'Queued';
-- Lease sweeper: only open jobs carry a lease.
CREATE INDEX jobs_leases ON jobs (lease_expires_at) WHERE status IN ('Dispatched', 'InProgress');
CREATE INDEX jobs_by_pipeline ON jobs (pipeline_name);

CREATE TABLE timers (
  id TEXT PRIMARY KEY,
  due_at INTEGER NOT NULL,
  pipeline_name TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  action_execution_id TEXT NOT NULL,
  locked_by TEXT,
  lease_expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX timers_due ON timers (due_at);
CREATE INDEX timers_by_pipeline ON timers (pipeline_name);

-- Events in emission order. SQLite has one writer at a time, so seq order is commit order and a
-- reader never sees a gap filled in later.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  detail_type TEXT NOT NULL,
  time TEXT NOT NULL,
  event TEXT NOT NULL
);
