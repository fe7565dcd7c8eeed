-- Custom action types (CreateCustomActionType). The key is category/owner/provider/version; owner
-- is always 'Custom' today but stays in the key, as in every other action type key. A deleted type
-- keeps its row, marked by deleted_at, so its key can never name a different definition again
-- (AWS: re-create under a new version, or restore with the identical definition).
-- The JSON columns hold the API shapes as given: settings (ActionTypeSettings),
-- configuration_properties (ActionConfigurationProperty[]), the two ArtifactDetails, and extra
-- (description, executor, allowedAccounts and tags).
CREATE TABLE action_types (
  category TEXT NOT NULL,
  owner TEXT NOT NULL,
  provider TEXT NOT NULL,
  version TEXT NOT NULL,
  settings TEXT NOT NULL,
  configuration_properties TEXT NOT NULL,
  input_artifact_details TEXT NOT NULL,
  output_artifact_details TEXT NOT NULL,
  extra TEXT NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  deleted_at INTEGER,
  PRIMARY KEY (category, owner, provider, version)
) WITHOUT ROWID;
