-- Deployments (CodeDeploy): applications and their registered revisions, deployment groups,
-- custom deployment configs, on-premises instances, deployments with one target per host, and the
-- host commands agents poll (the queue of record: a lease per claimed command). Documents AWS
-- defines (group settings, deployment and target records, tags) are JSON.

CREATE TABLE deploy_applications (
  name TEXT PRIMARY KEY,
  application_id TEXT NOT NULL,
  compute_platform TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  tags TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE deploy_revisions (
  application_name TEXT NOT NULL REFERENCES deploy_applications (name) ON DELETE CASCADE ON UPDATE CASCADE,
  revision_key TEXT NOT NULL,
  revision TEXT NOT NULL,
  description TEXT,
  register_time INTEGER NOT NULL,
  first_used_time INTEGER,
  last_used_time INTEGER,
  deployment_groups TEXT NOT NULL,
  PRIMARY KEY (application_name, revision_key)
) WITHOUT ROWID;

CREATE TABLE deployment_groups (
  application_name TEXT NOT NULL REFERENCES deploy_applications (name) ON DELETE CASCADE ON UPDATE CASCADE,
  name TEXT NOT NULL,
  group_id TEXT NOT NULL UNIQUE,
  config_name TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (application_name, name)
) WITHOUT ROWID;
CREATE INDEX deployment_groups_config ON deployment_groups (config_name);

CREATE TABLE deployment_configs (
  name TEXT PRIMARY KEY,
  record TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE onprem_instances (
  name TEXT PRIMARY KEY,
  arn TEXT NOT NULL,
  iam_user_arn TEXT,
  iam_session_arn TEXT,
  register_time INTEGER NOT NULL,
  deregister_time INTEGER,
  tags TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX onprem_instances_iam_user ON onprem_instances (iam_user_arn) WHERE deregister_time IS NULL;
CREATE INDEX onprem_instances_iam_session ON onprem_instances (iam_session_arn) WHERE deregister_time IS NULL;

CREATE TABLE deployments (
  id TEXT PRIMARY KEY,
  application_name TEXT NOT NULL,
  group_id TEXT NOT NULL,
  status TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  complete_time INTEGER,
  -- 0 while running, or ended with a host still finishing an acknowledged command.
  settled INTEGER NOT NULL,
  record TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX deployments_group ON deployments (group_id, create_time);
CREATE INDEX deployments_application ON deployments (application_name, create_time);
CREATE INDEX deployments_unsettled ON deployments (create_time) WHERE settled = 0;

CREATE TABLE deployment_targets (
  deployment_id TEXT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
  instance_name TEXT NOT NULL,
  position INTEGER NOT NULL,
  status TEXT NOT NULL,
  record TEXT NOT NULL,
  PRIMARY KEY (deployment_id, instance_name)
) WITHOUT ROWID;

CREATE TABLE host_commands (
  id TEXT PRIMARY KEY,
  deployment_id TEXT NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
  instance_name TEXT NOT NULL,
  host_identifier TEXT NOT NULL,
  command_name TEXT NOT NULL,
  runner TEXT NOT NULL,
  status TEXT NOT NULL,
  acknowledged INTEGER NOT NULL,
  locked_by TEXT,
  lease_expires_at INTEGER,
  diagnostics TEXT,
  created_at INTEGER NOT NULL,
  completed_at INTEGER
) WITHOUT ROWID;
CREATE INDEX host_commands_pending ON host_commands (host_identifier, created_at) WHERE status = 'Pending';
CREATE INDEX host_commands_service ON host_commands (runner, created_at) WHERE status = 'Pending';
CREATE INDEX host_commands_leases ON host_commands (lease_expires_at) WHERE lease_expires_at IS NOT NULL;
CREATE INDEX host_commands_deployment ON host_commands (deployment_id);
