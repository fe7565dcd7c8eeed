-- Notification rules (CodeStar Notifications). The rule's other fields are one JSON document;
-- the revision row grows with every change, so the bus reloads its cache only then.

CREATE TABLE notification_rules (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE notification_rules_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);

INSERT INTO notification_rules_revision (id, revision) VALUES (1, 0);
