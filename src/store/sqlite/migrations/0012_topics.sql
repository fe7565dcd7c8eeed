-- Notification topics (an SNS subset) and their subscriptions. Attributes and tags are JSON.

CREATE TABLE topics (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  attributes TEXT NOT NULL,
  tags TEXT NOT NULL,
  created INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE topic_subscriptions (
  arn TEXT PRIMARY KEY,
  topic_arn TEXT NOT NULL REFERENCES topics (arn) ON DELETE CASCADE,
  protocol TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  owner TEXT NOT NULL,
  confirmation_token TEXT NOT NULL,
  confirmed INTEGER NOT NULL,
  attributes TEXT NOT NULL,
  created INTEGER NOT NULL,
  UNIQUE (topic_arn, protocol, endpoint)
) WITHOUT ROWID;
