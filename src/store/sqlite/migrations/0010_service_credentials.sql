-- Service-specific credentials (IAM): a user name and password a user signs in with to one
-- service (git over HTTPS for codecommit.amazonaws.com). Only a salted scrypt hash of the password
-- is kept; the password is shown once, by Create or Reset.

CREATE TABLE service_credentials (
  credential_id TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (user_name) ON DELETE CASCADE,
  service_name TEXT NOT NULL,
  service_user_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER
) WITHOUT ROWID;
CREATE INDEX service_credentials_by_user ON service_credentials (user_name, service_name);
CREATE INDEX service_credentials_by_login ON service_credentials (service_user_name);
