/**
 * Store port of hosted git repositories: the metadata CodeCommit keeps beside each bare git
 * directory (name, description, default branch, tags, triggers). Refs and objects live in git
 * itself, never here; the directory is named by `repositoryId`, so a rename touches only this row.
 */
import type { Tag } from '../engine/state.ts';
import type { BusEvent } from '../model/events/envelope.ts';

/** CodeCommit's trigger events (AWS spellings). */
export type RepositoryTriggerEvent = 'all' | 'updateReference' | 'createReference' | 'deleteReference';

export interface RepositoryTriggerRecord {
  name: string;
  destinationArn: string;
  customData?: string;
  /** Branches the trigger fires for; empty means all branches. */
  branches: string[];
  events: RepositoryTriggerEvent[];
}

export interface RepositoryRecord {
  /** A UUID, fixed for the repository's life. */
  repositoryId: string;
  repositoryName: string;
  description?: string;
  defaultBranch?: string;
  createdAt: number;
  modifiedAt: number;
  tags: Tag[];
  /** Changes with every PutRepositoryTriggers; a UUID. */
  triggersConfigurationId: string;
  triggers: RepositoryTriggerRecord[];
}

export interface RepositorySummary { repositoryName: string; repositoryId: string; modifiedAt: number }

export interface RepositoryStore {
  /** Adds the repository unless its name is taken or `maxRepositories` exist already. */
  create(record: RepositoryRecord, limits: { maxRepositories: number }): Promise<'created' | 'nameExists' | 'limitExceeded'>;
  get(repositoryName: string): Promise<RepositoryRecord | undefined>;
  /** Every repository (the count is bounded by `maxRepositories`), in no particular order. */
  list(): Promise<RepositorySummary[]>;
  rename(repositoryName: string, newName: string, now: number): Promise<'renamed' | 'missing' | 'nameExists'>;
  /** Sets the given fields (`description: null` clears it); false when the repository is missing. */
  update(repositoryName: string, change: { description?: string | null; defaultBranch?: string; modifiedAt: number }): Promise<boolean>;
  /**
   * Records, in one transaction, that refs moved and were handed on (a push or an API commit):
   * appends their `events` to the outbox, sets each ref's recorded commit (`commit` absent: the
   * ref is gone), the modification time, and `firstBranch` as the default branch when the
   * repository has none yet (AWS makes the first branch the default). Returns the default branch
   * after the change.
   */
  noteRefsMoved(repositoryId: string, change: {
    modifiedAt: number; firstBranch?: string; refs: readonly { ref: string; commit?: string }[]; events: readonly BusEvent[];
  }): Promise<{ defaultBranch?: string }>;
  /** The refs as last recorded by `noteRefsMoved` (ref → commit). */
  recordedRefs(repositoryId: string): Promise<Map<string, string>>;
  /** Adds or replaces `set` and removes `remove` keys, atomically; `tooManyTags` when the result would exceed `maxTags`. */
  changeTags(repositoryName: string, change: { set: Tag[]; remove: string[]; maxTags: number }): Promise<'changed' | 'missing' | 'tooManyTags'>;
  putTriggers(repositoryName: string, configurationId: string, triggers: RepositoryTriggerRecord[]): Promise<boolean>;
  /** Removes the row and returns what it held; undefined when there was none. */
  delete(repositoryName: string): Promise<RepositoryRecord | undefined>;
}
