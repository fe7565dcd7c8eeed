/**
 * The action type store port: custom action types (CreateCustomActionType), kept durably so
 * pipelines may use them and job workers may poll for their jobs across restarts.
 *
 * A type is identified by its `category/owner/provider/version` key. Deleting only marks it
 * deleted: the key stays taken, so a deleted type can be restored with its identical definition
 * but never reused for a different one (AWS's rule).
 */
import type { Tag } from '../engine/state.ts';
import type { ActionTypeId } from '../model/pipeline.ts';
import type { ActionConfigurationPropertyType, ExecutorType } from '../model/vocabulary.ts';

/** Inclusive bounds on an action's artifact count, in the API's spelling. */
export interface ArtifactCountDetails { minimumCount: number; maximumCount: number }

/** Links shown with an action of the type; `{Config:name}` placeholders allowed in templates. */
export interface ActionTypeSettings {
  entityUrlTemplate?: string;
  executionUrlTemplate?: string;
  revisionUrlTemplate?: string;
  thirdPartyConfigurationUrl?: string;
}

export interface ActionConfigurationProperty {
  name: string;
  required: boolean;
  /** Part of the action's identity for the worker (AWS: shown in the console). */
  key: boolean;
  /** Masked as `****` wherever the pipeline is read back. */
  secret: boolean;
  /** Job workers filter PollForJobs on this property's value (at most one per type). */
  queryable?: boolean;
  description?: string;
  type?: ActionConfigurationPropertyType;
}

/** Who carries out the type's jobs (UpdateActionType's `executor`). */
export interface ActionTypeExecutor {
  type: ExecutorType;
  configuration: {
    jobWorkerExecutorConfiguration?: { pollingAccounts?: string[]; pollingServicePrincipals?: string[] };
    lambdaExecutorConfiguration?: { lambdaFunctionArn: string };
  };
  jobTimeout?: number;
  policyStatementsTemplate?: string;
}

export interface CustomActionTypeRecord {
  /** Owner `Custom`. */
  id: ActionTypeId;
  settings: ActionTypeSettings;
  configurationProperties: ActionConfigurationProperty[];
  inputArtifactDetails: ArtifactCountDetails;
  outputArtifactDetails: ArtifactCountDetails;
  /** UpdateActionType members that CreateCustomActionType has no place for. */
  description?: string;
  executor?: ActionTypeExecutor;
  allowedAccounts?: string[];
  tags: Tag[];
  created: number;
  updated: number;
  /** Set by `delete`; a deleted type is invisible to pipelines and job workers. */
  deletedAt?: number;
}

export interface ActionTypeStore {
  /** Stores a new type; false when its key is taken, by a live or a deleted type. */
  create(record: CustomActionTypeRecord): Promise<boolean>;
  /** The type with this key, deleted or not. */
  get(id: ActionTypeId): Promise<CustomActionTypeRecord | undefined>;
  /** Live types by key ascending; deleted ones too with `includeDeleted`. */
  list(options?: { includeDeleted?: boolean }): Promise<CustomActionTypeRecord[]>;
  /** Marks the live type with this key deleted at `now`; false when there is none. */
  delete(id: ActionTypeId, now: number): Promise<boolean>;
  /**
   * Replaces the stored definition of the type with the record's key, `deletedAt` included (so
   * an update can restore a deleted type); false when no type has that key.
   */
  update(record: CustomActionTypeRecord): Promise<boolean>;
}
