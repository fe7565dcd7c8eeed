/**
 * Store ports of secrets: SSM Parameter Store parameters (with their versions) and Secrets Manager
 * secrets (with versions, staging labels and scheduled deletion).
 *
 * The store only ever holds ciphertext for secret material: SecureString parameter values and
 * every secret value arrive sealed by `services/secret-crypto.ts` and leave the same way. String
 * and StringList parameter values are plain, as AWS stores them.
 */
import type { Tag } from '../engine/state.ts';

/** SSM parameter types (AWS spellings). */
export type ParameterType = 'String' | 'StringList' | 'SecureString';

/** One version of a parameter. */
export interface ParameterVersionRecord {
  name: string;
  version: number;
  type: ParameterType;
  /** The value; for a SecureString, its ciphertext (base64). */
  value: string;
  description?: string;
  allowedPattern?: string;
  /** KMS key named for a SecureString (informational: Sluice seals with its own data key). */
  keyId?: string;
  tier: string;
  dataType: string;
  modifiedAt: number;
  /** ARN of the caller who wrote this version. */
  modifiedBy: string;
}

/** A parameter: its latest version and its tags. */
export interface ParameterRecord extends ParameterVersionRecord { tags: Tag[] }

export type NewParameterVersion = Omit<ParameterVersionRecord, 'version'>;

/** Which parameters a listing covers: names starting with `beginsWith`; `oneLevel` excludes deeper `/` levels. */
export interface ParameterScope { beginsWith?: string; oneLevel?: boolean }

export interface ParameterStore {
  /**
   * Writes a version atomically: version 1 (with `tags`) when the name is new; the next version
   * when it exists and `overwrite` is set; undefined (nothing written) when it exists without
   * `overwrite`. Only the newest `maxVersions` versions are kept.
   */
  put(version: NewParameterVersion, options: { overwrite: boolean; tags: Tag[]; maxVersions: number }): Promise<{ version: number } | undefined>;
  /** The given version, or the latest when none is given. */
  get(name: string, version?: number): Promise<ParameterVersionRecord | undefined>;
  /** Versions oldest first, after `afterVersion`. */
  history(name: string, page: { afterVersion?: number; limit: number }): Promise<ParameterVersionRecord[]>;
  /** Parameters (latest versions) by name ascending, names after `after`. */
  list(scope: ParameterScope, page: { after?: string; limit: number }): Promise<ParameterRecord[]>;
  /** Removes the parameter and all its versions; false when there was none. */
  delete(name: string): Promise<boolean>;
}

/** Secrets Manager's staging labels that Sluice moves itself. */
export const SecretStage = { Current: 'AWSCURRENT', Previous: 'AWSPREVIOUS' } as const;

/** A version's identity and labels, without its value. */
export interface SecretVersionSummary {
  versionId: string;
  stages: string[];
  created: number;
}

export interface SecretVersionRecord extends SecretVersionSummary {
  kind: 'string' | 'binary';
  /** The sealed value (base64). */
  ciphertext: string;
}

export interface SecretRecord {
  name: string;
  /** The 6 random characters that end the secret's ARN (`…:secret:<name>-<suffix>`). */
  suffix: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  created: number;
  lastChanged: number;
  /** Day (midnight UTC) the value was last read. */
  lastAccessed?: number;
  /** When DeleteSecret scheduled the deletion, and when the secret is gone for good. */
  deletedAt?: number;
  deletionDate?: number;
  /** Versions oldest first. */
  versions: SecretVersionSummary[];
}

export interface NewSecretVersion {
  versionId: string;
  kind: 'string' | 'binary';
  ciphertext: string;
  /** Labels moved to this version; moving AWSCURRENT leaves AWSPREVIOUS on the version that had it. */
  stages: string[];
}

export interface NewSecret {
  name: string;
  suffix: string;
  description?: string;
  kmsKeyId?: string;
  tags: Tag[];
  firstVersion?: NewSecretVersion;
}

export interface SecretStore {
  /** False (nothing written) when a secret of that name exists, scheduled for deletion or not. */
  create(secret: NewSecret, now: number): Promise<boolean>;
  get(name: string): Promise<SecretRecord | undefined>;
  /** The version with that id and/or carrying that stage (both must hold when both are given). */
  getVersion(name: string, selector: { versionId?: string; stage?: string }): Promise<SecretVersionRecord | undefined>;
  /**
   * Adds a version and moves its stages to it, atomically. False when the secret does not exist or
   * already has that version id. Versions left with no stage beyond the newest `maxVersions` are dropped.
   */
  putVersion(name: string, version: NewSecretVersion, now: number, maxVersions: number): Promise<boolean>;
  /** Changes description and/or KMS key id (undefined members are left alone); false when missing. */
  update(name: string, change: { description?: string; kmsKeyId?: string }, now: number): Promise<boolean>;
  /** Secrets by name ascending, after `after`, scheduled deletions included. */
  list(page: { after?: string; limit: number }): Promise<SecretRecord[]>;
  /** Schedules the deletion, or cancels it with undefined; false when missing. */
  scheduleDeletion(name: string, deletion: { deletedAt: number; deletionDate: number } | undefined): Promise<boolean>;
  /** Records a read of the value on the day `day` (epoch ms of midnight UTC). */
  recordAccess(name: string, day: number): Promise<void>;
  /** Removes the secret and all its versions; false when there was none. */
  delete(name: string): Promise<boolean>;
}

/** Parameters and secrets, as one member of `Store`. */
export interface SecretStores {
  parameters: ParameterStore;
  secrets: SecretStore;
}
