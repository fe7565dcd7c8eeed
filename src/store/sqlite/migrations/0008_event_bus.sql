-- The event bus: EventBridge rules and their targets, connections and API destinations (HTTP
-- targets), the delivery cursor over the outbox, and one row per (event, target) delivery.

-- `version` grows with every change of a rule or its targets, so matchers recompile a rule only
-- when it changed. `next_fire_at` is the next firing of a scheduled rule (NULL: no schedule).
CREATE TABLE event_rules (
  name TEXT PRIMARY KEY,
  event_pattern TEXT,
  schedule_expression TEXT,
  state TEXT NOT NULL,
  description TEXT,
  role_arn TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  created_by TEXT,
  created_at INTEGER NOT NULL,
  version INTEGER NOT NULL,
  next_fire_at INTEGER
) WITHOUT ROWID;
CREATE INDEX event_rules_due ON event_rules (next_fire_at) WHERE next_fire_at IS NOT NULL;

-- A target as PutTargets gave it (AWS field names), in insertion order.
CREATE TABLE event_targets (
  rule_name TEXT NOT NULL REFERENCES event_rules (name) ON DELETE CASCADE,
  target_id TEXT NOT NULL,
  arn TEXT NOT NULL,
  target TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (rule_name, target_id)
) WITHOUT ROWID;
CREATE INDEX event_targets_by_arn ON event_targets (arn);

-- One row: the outbox seq already matched, and a counter bumped with every rule or target change.
CREATE TABLE event_bus_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  cursor_seq INTEGER NOT NULL,
  rules_revision INTEGER NOT NULL
);
INSERT INTO event_bus_state (id, cursor_seq, rules_revision) VALUES (1, 0, 0);

-- `auth_secret` is sealed by the secret crypto (API key value or password), never plain.
CREATE TABLE event_connections (
  name TEXT PRIMARY KEY,
  uuid TEXT NOT NULL,
  description TEXT,
  authorization_type TEXT NOT NULL,
  auth_name TEXT NOT NULL,
  auth_secret TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  modified_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE event_api_destinations (
  name TEXT PRIMARY KEY,
  uuid TEXT NOT NULL,
  description TEXT,
  connection_name TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  http_method TEXT NOT NULL,
  rate_limit INTEGER,
  created_at INTEGER NOT NULL,
  modified_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Leased work: PENDING rows are claimed (locked_by, lease_expires_at) and end DELIVERED or FAILED
-- (the dead letters). `order_key` (rule, target, execution id) keeps one execution's events in
-- order per target; NULL when the event names no execution.
CREATE TABLE event_deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  rule_name TEXT NOT NULL,
  target_id TEXT NOT NULL,
  target TEXT NOT NULL,
  event TEXT NOT NULL,
  order_key TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  locked_by TEXT,
  lease_expires_at INTEGER,
  last_error TEXT
);
CREATE INDEX event_deliveries_pending ON event_deliveries (next_attempt_at, seq) WHERE state = 'PENDING';
CREATE INDEX event_deliveries_order ON event_deliveries (order_key, seq) WHERE state = 'PENDING' AND order_key IS NOT NULL;
CREATE INDEX event_deliveries_by_state ON event_deliveries (state, seq);
