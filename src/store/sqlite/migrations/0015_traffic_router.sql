-- The traffic router (an Elastic Load Balancing v2 subset): load balancers, listeners with
-- weighted forward actions, target groups and their registered targets. Health is not stored:
-- each server process measures it.

CREATE TABLE router_load_balancers (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  scheme TEXT NOT NULL,
  created INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE router_target_groups (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  protocol TEXT NOT NULL,
  port INTEGER NOT NULL,
  target_type TEXT NOT NULL,
  health_check TEXT NOT NULL,
  deregistration_delay_seconds INTEGER NOT NULL,
  created INTEGER NOT NULL
) WITHOUT ROWID;

-- One port per listener across all load balancers: every listener binds on the router's host.
CREATE TABLE router_listeners (
  arn TEXT PRIMARY KEY,
  load_balancer_arn TEXT NOT NULL REFERENCES router_load_balancers (arn) ON DELETE CASCADE,
  port INTEGER NOT NULL UNIQUE,
  protocol TEXT NOT NULL,
  created INTEGER NOT NULL
) WITHOUT ROWID;

-- A listener's forward action; a target group a listener forwards to cannot be deleted.
CREATE TABLE router_listener_forwards (
  listener_arn TEXT NOT NULL REFERENCES router_listeners (arn) ON DELETE CASCADE,
  target_group_arn TEXT NOT NULL REFERENCES router_target_groups (arn),
  position INTEGER NOT NULL,
  weight INTEGER NOT NULL,
  PRIMARY KEY (listener_arn, target_group_arn)
) WITHOUT ROWID;

CREATE INDEX router_listener_forwards_group ON router_listener_forwards (target_group_arn);

CREATE TABLE router_targets (
  target_group_arn TEXT NOT NULL REFERENCES router_target_groups (arn) ON DELETE CASCADE,
  id TEXT NOT NULL,
  port INTEGER NOT NULL,
  registered INTEGER NOT NULL,
  draining_until INTEGER,
  PRIMARY KEY (target_group_arn, id, port)
) WITHOUT ROWID;
