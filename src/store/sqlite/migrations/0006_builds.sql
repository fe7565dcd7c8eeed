-- Builds (CodeBuild): projects, the build queue of record, build log lines, report groups,
-- reports and their test cases. Documents AWS defines (a project, a build's resolved start
-- request, its phases) are JSON; what is searched, sorted or claimed on has its own column.

CREATE TABLE build_projects (
  name TEXT PRIMARY KEY,
  arn TEXT NOT NULL,
  project TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_modified INTEGER NOT NULL,
  -- The last build number given out; StartBuild takes the next one in the same statement.
  last_build_number INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX build_projects_by_created ON build_projects (created, name);
CREATE INDEX build_projects_by_modified ON build_projects (last_modified, name);

-- queue_state: Queued → (claim) Running → Finished; build_status is CodeBuild's StatusType
-- (IN_PROGRESS until Finished). A Running build holds a lease (locked_by, lease_expires_at).
CREATE TABLE builds (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  arn TEXT NOT NULL,
  project_name TEXT NOT NULL,
  build_number INTEGER NOT NULL,
  initiator TEXT NOT NULL,
  request TEXT NOT NULL,
  idempotency_token TEXT,
  queue_state TEXT NOT NULL,
  build_status TEXT NOT NULL,
  current_phase TEXT NOT NULL,
  phases TEXT NOT NULL,
  outcome TEXT,
  stop_requested INTEGER NOT NULL DEFAULT 0,
  locked_by TEXT,
  lease_expires_at INTEGER,
  lease_losses INTEGER NOT NULL DEFAULT 0,
  queued_deadline INTEGER NOT NULL,
  start_time INTEGER NOT NULL,
  end_time INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (project_name, build_number)
);
CREATE INDEX builds_queue ON builds (queue_state, seq);
CREATE INDEX builds_by_project ON builds (project_name, seq);
CREATE INDEX builds_leases ON builds (lease_expires_at) WHERE queue_state = 'Running';
CREATE INDEX builds_idempotency ON builds (project_name, idempotency_token) WHERE idempotency_token IS NOT NULL;

CREATE TABLE build_log_lines (
  build_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (build_id, seq)
) WITHOUT ROWID;

CREATE TABLE report_groups (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  export_config TEXT NOT NULL,
  tags TEXT NOT NULL,
  created INTEGER NOT NULL,
  last_modified INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE reports (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  report_group_arn TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  created INTEGER NOT NULL,
  duration_ns INTEGER NOT NULL,
  status_counts TEXT NOT NULL,
  total INTEGER NOT NULL
);
CREATE INDEX reports_by_group ON reports (report_group_arn, seq);
CREATE INDEX reports_by_execution ON reports (execution_id);

CREATE TABLE report_test_cases (
  report_arn TEXT NOT NULL,
  seq INTEGER NOT NULL,
  prefix TEXT NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  duration_ns INTEGER NOT NULL,
  message TEXT,
  raw_data_path TEXT NOT NULL,
  PRIMARY KEY (report_arn, seq)
) WITHOUT ROWID;
