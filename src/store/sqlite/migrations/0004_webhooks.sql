-- CodePipeline webhooks (PutWebhook). `definition` and `tags` are JSON; `url_id` is the random id
-- of the webhook's inbound URL (`/webhooks/<url_id>`), looked up on every delivery.

CREATE TABLE webhooks (
  name TEXT PRIMARY KEY,
  url_id TEXT NOT NULL UNIQUE,
  endpoint TEXT NOT NULL,
  arn TEXT NOT NULL,
  definition TEXT NOT NULL,
  tags TEXT NOT NULL,
  last_triggered INTEGER,
  error_code TEXT,
  error_message TEXT,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL
) WITHOUT ROWID;
