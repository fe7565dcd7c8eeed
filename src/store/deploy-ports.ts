/**
 * Store ports of deployments (CodeDeploy): applications and their revisions, deployment groups,
 * custom deployment configs, on-premises instances, deployments with their targets, and host
 * commands — the queue of record the agents poll.
 *
 * A deployment's life in the store: `deployments.create` records it Created with one target per
 * host; the orchestrator calls `deployments.step` with the pure decision of `model/deploy/advance.ts`,
 * which saves the deployment, its targets, the host commands to hand out or withdraw, its bus
 * events and an automatic rollback in one transaction. Agents `poll` a command (a short dispatch
 * lease), `acknowledge` it (the lease of record), `heartbeat` and `complete` it; `sweep` returns a
 * command dispatched but never acknowledged, and fails an acknowledged one whose lease ran out.
 * Documents AWS defines (a group's settings) are opaque JSON here: the API layer owns their shape.
 */
import type { Tag } from '../engine/state.ts';
import type { DeploymentConfig } from '../model/deploy/configs.ts';
import type { Bundle, DeploymentAggregate, DeploymentRecord, HostCommandRecord, RevisionLocation, TargetRecord } from '../model/deploy/deployment.ts';
import type { CommandDiagnostics } from '../model/deploy/host-commands.ts';
import type { BusEvent } from '../model/events/envelope.ts';
import type { DeploymentStatus, RegistrationStatus } from '../model/deploy/vocabulary.ts';
import type { Page, PageRequest } from './ports.ts';

export type JsonObject = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Applications and revisions

export interface ApplicationRecord {
  applicationName: string;
  applicationId: string;
  computePlatform: string;
  createTime: number;
  tags: Tag[];
}

export interface RevisionRecord {
  applicationName: string;
  /** Identifies the revision within the application: bucket, key, version and ETag. */
  revisionKey: string;
  revision: RevisionLocation;
  description?: string;
  registerTime: number;
  firstUsedTime?: number;
  lastUsedTime?: number;
  deploymentGroups: string[];
}

export interface DeployApplicationStore {
  /** False when an application of that name exists (nothing changes). */
  create(application: ApplicationRecord): Promise<boolean>;
  get(name: string): Promise<ApplicationRecord | undefined>;
  /** The applications that exist among `names`, in the order asked. */
  batchGet(names: readonly string[]): Promise<ApplicationRecord[]>;
  /** Names, ascending. */
  list(page: PageRequest): Promise<Page<string>>;
  /** Renames it (its groups and revisions follow). */
  rename(name: string, newName: string): Promise<'renamed' | 'missing' | 'exists'>;
  /** Deletes it with its groups and registered revisions; its deployments remain readable. */
  delete(name: string): Promise<boolean>;
  /** Replaces the tags; false when there is no such application. */
  setTags(name: string, tags: readonly Tag[]): Promise<boolean>;
  /** Registers (or re-describes) a revision; a deployment of it sets first/last used and adds its group. */
  putRevision(revision: RevisionRecord): Promise<void>;
  getRevision(applicationName: string, revisionKey: string): Promise<RevisionRecord | undefined>;
  /** Newest registered first. */
  listRevisions(applicationName: string, page: PageRequest): Promise<Page<RevisionRecord>>;
}

// ---------------------------------------------------------------------------------------------
// Deployment groups and configs

export interface LastDeploymentInfo { deploymentId: string; status: DeploymentStatus; createTime: number; endTime?: number }

export interface DeploymentGroupRecord {
  applicationName: string;
  deploymentGroupName: string;
  deploymentGroupId: string;
  deploymentConfigName: string;
  computePlatform: string;
  /** The CodeDeploy `DeploymentGroupInfo` settings as given (tag filters, style, load balancer, rollback…). */
  settings: JsonObject;
  tags: Tag[];
}

/** A group with what its deployments tell about it (read model). */
export interface DeploymentGroupView extends DeploymentGroupRecord {
  lastSuccessfulDeployment?: LastDeploymentInfo;
  lastAttemptedDeployment?: LastDeploymentInfo;
  /** The revision of the last successful deployment: what a rollback redeploys. */
  lastSuccessfulRevision?: { deploymentId: string; revision: RevisionLocation; bundle: Bundle };
}

export interface DeploymentGroupStore {
  /** `exists` when the application has a group of that name; `missing` when there is no such application. */
  create(group: DeploymentGroupRecord): Promise<'created' | 'exists' | 'missing'>;
  get(applicationName: string, name: string): Promise<DeploymentGroupView | undefined>;
  /** The groups that exist among `names`, in the order asked. */
  batchGet(applicationName: string, names: readonly string[]): Promise<DeploymentGroupView[]>;
  /** Names, ascending. */
  list(applicationName: string, page: PageRequest): Promise<Page<string>>;
  /** Replaces the group with `change(current)` atomically (`change` may throw: nothing is written); a rename onto another group is `exists`. */
  update(applicationName: string, name: string, change: (current: DeploymentGroupRecord) => DeploymentGroupRecord): Promise<'updated' | 'exists' | 'missing'>;
  delete(applicationName: string, name: string): Promise<boolean>;
  /** Whether any group names the config (a config in use cannot be deleted). */
  usesConfig(configName: string): Promise<boolean>;
}

export interface DeploymentConfigStore {
  /** False when a config of that name exists. */
  create(config: DeploymentConfig): Promise<boolean>;
  get(name: string): Promise<DeploymentConfig | undefined>;
  /** Custom configs' names, ascending. */
  list(page: PageRequest): Promise<Page<string>>;
  /** `inUse` when a deployment group names it (nothing changes). */
  delete(name: string): Promise<'deleted' | 'missing' | 'inUse'>;
}

// ---------------------------------------------------------------------------------------------
// On-premises instances

export interface OnPremisesInstanceRecord {
  instanceName: string;
  instanceArn: string;
  iamUserArn?: string;
  iamSessionArn?: string;
  registerTime: number;
  deregisterTime?: number;
  tags: Tag[];
}

export interface OnPremisesInstanceStore {
  /** A deregistered instance of the same name is replaced; a registered one is `nameTaken`; an IAM ARN another registered instance uses is `arnTaken`. */
  register(instance: OnPremisesInstanceRecord): Promise<'registered' | 'nameTaken' | 'arnTaken'>;
  get(name: string): Promise<OnPremisesInstanceRecord | undefined>;
  batchGet(names: readonly string[]): Promise<OnPremisesInstanceRecord[]>;
  /** Every instance, by name, optionally of one registration status (callers filter by tags). */
  list(registrationStatus?: RegistrationStatus): Promise<OnPremisesInstanceRecord[]>;
  /** False when there is no such instance; a deregistered one stays deregistered. */
  deregister(name: string, now: number): Promise<boolean>;
  /** Adds or replaces (by key) `add`, then removes `remove` (key and value), on every named instance atomically. */
  changeTags(names: readonly string[], change: { add?: readonly Tag[]; remove?: readonly Tag[] }): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Deployments

export interface DeploymentFilter {
  applicationName?: string;
  deploymentGroupId?: string;
  statuses?: readonly DeploymentStatus[];
  externalId?: string;
  /** Epoch ms, inclusive. */
  createdFrom?: number;
  createdTo?: number;
}

/** What one step of a deployment writes (see model/deploy/advance.ts). */
export interface DeploymentChange {
  deployment: DeploymentRecord;
  targets: TargetRecord[];
  newCommands: HostCommandRecord[];
  dropCommandIds: string[];
  events: BusEvent[];
  rollback?: { deployment: DeploymentRecord; targets: TargetRecord[] };
}

/** A host's last finished deployment in a group: its result and the bundle it got. */
export interface HostHistoryEntry { instanceName: string; lastResult: 'Succeeded' | 'Failed'; bundle: Bundle }

export interface DeploymentStore {
  /** `busy` (nothing written) when the group has a deployment that has not ended; returns its id. */
  create(deployment: DeploymentRecord, targets: readonly TargetRecord[], events: readonly BusEvent[]): Promise<{ created: true } | { created: false; activeId: string }>;
  get(id: string): Promise<DeploymentRecord | undefined>;
  batchGet(ids: readonly string[]): Promise<DeploymentRecord[]>;
  /** Ids, newest first. */
  list(filter: DeploymentFilter, page: PageRequest): Promise<Page<string>>;
  /** The deployment with its targets (in deployment order) and host commands. */
  load(id: string): Promise<DeploymentAggregate | undefined>;
  /**
   * Loads the aggregate, calls `decide` (pure; undefined = nothing to write) and saves its change
   * atomically. Undefined when there is no such deployment.
   */
  step(id: string, decide: (aggregate: DeploymentAggregate) => DeploymentChange | undefined): Promise<DeploymentChange | undefined>;
  /** Deployments not yet settled (running, or ended with a host still finishing), oldest first. */
  unsettled(limit: number): Promise<string[]>;
  /** Each host's last finished deployment in the group. */
  hostHistory(deploymentGroupId: string): Promise<HostHistoryEntry[]>;
}

// ---------------------------------------------------------------------------------------------
// Host commands

export interface HostCommandStore {
  /** Hands the oldest pending agent command of the host to `holder` (again, if it already had it) with a dispatch lease. */
  poll(hostIdentifier: string, holder: string, leaseMs: number, now: number): Promise<HostCommandRecord | undefined>;
  /** The holder takes the command on: InProgress with a fresh lease. Undefined when it does not hold it or it ended. */
  acknowledge(id: string, holder: string, leaseMs: number, now: number): Promise<HostCommandRecord | undefined>;
  /** Renews the lease of an acknowledged command. Undefined when the holder does not hold it. */
  heartbeat(id: string, holder: string, leaseMs: number, now: number): Promise<HostCommandRecord | undefined>;
  /** Ends a command the holder holds. Undefined when it does not (another holder, already ended). */
  complete(id: string, holder: string, result: { status: 'Succeeded' | 'Failed'; diagnostics?: CommandDiagnostics }, now: number): Promise<HostCommandRecord | undefined>;
  get(id: string): Promise<HostCommandRecord | undefined>;
  /** Claims up to `limit` pending commands the service runs itself (traffic events), oldest first. */
  claimService(holder: string, leaseMs: number, now: number, limit: number): Promise<HostCommandRecord[]>;
  /**
   * Expired leases: never acknowledged ⇒ pending again; acknowledged ⇒ Failed (`UnknownError`).
   * An agent command no agent acknowledged within `agentTimeoutMs` of its creation fails too (no
   * agent is answering for that host). Returns the deployments touched.
   */
  sweep(now: number, limit: number, agentTimeoutMs?: number): Promise<{ requeued: string[]; failed: string[]; deploymentIds: string[] }>;
}

export interface DeployStores {
  applications: DeployApplicationStore;
  groups: DeploymentGroupStore;
  configs: DeploymentConfigStore;
  instances: OnPremisesInstanceStore;
  deployments: DeploymentStore;
  hostCommands: HostCommandStore;
}
