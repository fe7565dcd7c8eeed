/**
 * Hosted repositories, the CodeCommit use cases on a repository as a whole: create (a bare git
 * directory named by id, then its row), read, list, rename, describe, delete, tags, triggers.
 * Branch and content use cases are in repository-branches.ts and repository-content.ts.
 *
 * Errors are CodeCommit's: RepositoryDoesNotExistException for a missing name, and so on.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Tag } from '../engine/state.ts';
import { SluiceError } from '../model/errors.ts';
import { initBare, setHeadBranch } from '../git/refs.ts';
import { readRef } from '../git/refs.ts';
import type { RepositoryRecord, RepositoryStore, RepositorySummary, RepositoryTriggerRecord } from '../store/repository-ports.ts';
import type { HostedRepository } from './hosted-repository.ts';
import { checkBranchName, checkRepositoryName, repositoryArn, repositoryNameOfArn, shown } from './repository-names.ts';
import { checkTriggers } from './repository-triggers.ts';

export interface RepositoryServiceOptions {
  store: RepositoryStore;
  /** Where bare repositories live: `<dataDir>/repos`. */
  reposDir: string;
  accountId: string;
  region: string;
  now(): number;
  uuid(): string;
  /** Repositories an account may have (AWS's default quota). @default 5000 */
  maxRepositories?: number;
}

/** A repository with where its git directory is. */
export interface RepositoryView extends RepositoryRecord { arn: string; gitDir: string }

/** Tags per repository (AWS). */
export const MAX_TAGS = 50;
/** Repository description length (AWS). */
const MAX_DESCRIPTION = 1000;

export class RepositoryService {
  private readonly options: RepositoryServiceOptions;
  private readonly maxRepositories: number;

  constructor(options: RepositoryServiceOptions) {
    this.options = options;
    this.maxRepositories = options.maxRepositories ?? 5000;
  }

  gitDirOf(repositoryId: string): string {
    return join(this.options.reposDir, `${repositoryId}.git`);
  }

  arnOf(name: string): string {
    return repositoryArn(this.options.region, this.options.accountId, name);
  }

  private view(record: RepositoryRecord): RepositoryView {
    return { ...record, arn: this.arnOf(record.repositoryName), gitDir: this.gitDirOf(record.repositoryId) };
  }

  /** The repository by name for git serving and source actions; undefined when there is none. */
  async find(name: string): Promise<HostedRepository | undefined> {
    const record = await this.options.store.get(name);
    if (!record) return undefined;
    const view = this.view(record);
    return { repositoryName: view.repositoryName, repositoryId: view.repositoryId, arn: view.arn, gitDir: view.gitDir, ...(view.defaultBranch !== undefined && { defaultBranch: view.defaultBranch }) };
  }

  /** The repository, or RepositoryDoesNotExistException; checks the name first. */
  async open(name: unknown): Promise<RepositoryView> {
    const checked = checkRepositoryName(name);
    const record = await this.options.store.get(checked);
    if (!record) throw new SluiceError('RepositoryDoesNotExistException', `${checked} does not exist`);
    return this.view(record);
  }

  async create(input: { name: unknown; description?: string; tags?: Record<string, string> }): Promise<RepositoryView> {
    const name = checkRepositoryName(input.name);
    checkDescription(input.description);
    const tags = checkTags(input.tags ?? {});
    const now = this.options.now();
    const record: RepositoryRecord = {
      repositoryId: this.options.uuid(), repositoryName: name, ...(input.description !== undefined && { description: input.description }),
      createdAt: now, modifiedAt: now, tags, triggersConfigurationId: this.options.uuid(), triggers: [],
    };
    const gitDir = this.gitDirOf(record.repositoryId);
    await initBare(gitDir);
    const outcome = await this.options.store.create(record, { maxRepositories: this.maxRepositories }).catch(async (e: unknown) => {
      await rm(gitDir, { recursive: true, force: true });
      throw e;
    });
    if (outcome !== 'created') {
      await rm(gitDir, { recursive: true, force: true });
      if (outcome === 'nameExists') throw new SluiceError('RepositoryNameExistsException', `Repository named ${name} already exists`);
      throw new SluiceError('RepositoryLimitExceededException', `The maximum number of allowed repositories (${this.maxRepositories}) was exceeded.`);
    }
    return this.view(record);
  }

  async batchGet(names: unknown): Promise<{ found: RepositoryView[]; notFound: string[] }> {
    if (!Array.isArray(names) || names.length === 0) throw new SluiceError('RepositoryNamesRequiredException', 'At least one repository name is required.');
    if (names.length > 25) throw new SluiceError('MaximumRepositoryNamesExceededException', 'The maximum number of repository names (25) was exceeded.');
    const found: RepositoryView[] = [];
    const notFound: string[] = [];
    for (const name of names.map(checkRepositoryName)) {
      const record = await this.options.store.get(name);
      if (record) found.push(this.view(record));
      else notFound.push(name);
    }
    return { found, notFound };
  }

  list(): Promise<RepositorySummary[]> {
    return this.options.store.list();
  }

  /** Deletes the repository and its git directory; undefined (no error, as AWS) when there was none. */
  async delete(name: unknown): Promise<string | undefined> {
    const record = await this.options.store.delete(checkRepositoryName(name));
    if (!record) return undefined;
    await rm(this.gitDirOf(record.repositoryId), { recursive: true, force: true });
    return record.repositoryId;
  }

  async rename(oldName: unknown, newName: unknown): Promise<void> {
    const from = checkRepositoryName(oldName);
    const to = checkRepositoryName(newName);
    const outcome = await this.options.store.rename(from, to, this.options.now());
    if (outcome === 'missing') throw new SluiceError('RepositoryDoesNotExistException', `${from} does not exist`);
    if (outcome === 'nameExists') throw new SluiceError('RepositoryNameExistsException', `Repository named ${to} already exists`);
  }

  async updateDescription(name: unknown, description: string | undefined): Promise<void> {
    const repository = await this.open(name);
    checkDescription(description);
    await this.options.store.update(repository.repositoryName, { description: description ?? null, modifiedAt: this.options.now() });
  }

  /** Makes an existing branch the default, and `HEAD` of the git directory (what clones check out). */
  async updateDefaultBranch(name: unknown, branchName: unknown): Promise<void> {
    const repository = await this.open(name);
    const branch = await checkBranchName(branchName);
    if (await readRef(repository.gitDir, `refs/heads/${branch}`) === undefined) {
      throw new SluiceError('BranchDoesNotExistException', `Branch ${branch} does not exist`);
    }
    await setHeadBranch(repository.gitDir, branch);
    await this.options.store.update(repository.repositoryName, { defaultBranch: branch, modifiedAt: this.options.now() });
  }

  async putTriggers(name: unknown, triggers: unknown): Promise<string> {
    const repository = await this.open(name);
    const checked: RepositoryTriggerRecord[] = await checkTriggers(triggers, this.options.region);
    const configurationId = this.options.uuid();
    await this.options.store.putTriggers(repository.repositoryName, configurationId, checked);
    return configurationId;
  }

  /** The repository an ARN names, or the CodeCommit error for a missing or malformed ARN. */
  async openArn(arn: unknown): Promise<RepositoryView> {
    if (arn === undefined || arn === null || arn === '') throw new SluiceError('ResourceArnRequiredException', 'A valid Amazon Resource Name (ARN) for an AWS CodeCommit resource is required.');
    const name = typeof arn === 'string' ? repositoryNameOfArn(arn, this.options.region, this.options.accountId) : undefined;
    if (name === undefined) throw new SluiceError('InvalidResourceArnException', `The value for the resource ARN is not valid: ${shown(arn)}`);
    const record = await this.options.store.get(name);
    if (!record) throw new SluiceError('RepositoryDoesNotExistException', `${name} does not exist`);
    return this.view(record);
  }

  async tag(arn: unknown, tags: unknown): Promise<void> {
    const repository = await this.openArn(arn);
    if (tags === undefined || tags === null) throw new SluiceError('TagsMapRequiredException', 'A map of tags is required.');
    const set = checkTags(tags as Record<string, string>);
    await this.changeTags(repository.repositoryName, set, []);
  }

  async untag(arn: unknown, keys: unknown): Promise<void> {
    const repository = await this.openArn(arn);
    if (keys === undefined || keys === null) throw new SluiceError('TagKeysListRequiredException', 'A list of tag keys is required.');
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k.length === 0 || k.length > 128)) {
      throw new SluiceError('InvalidTagKeysListException', 'The list of tags is not valid.');
    }
    if (keys.some((k: string) => k.startsWith('aws:'))) throw new SluiceError('InvalidSystemTagUsageException', 'The tag key is a system tag: keys beginning with aws: are reserved.');
    await this.changeTags(repository.repositoryName, [], keys as string[]);
  }

  private async changeTags(name: string, set: Tag[], remove: string[]): Promise<void> {
    const outcome = await this.options.store.changeTags(name, { set, remove, maxTags: MAX_TAGS });
    if (outcome === 'missing') throw new SluiceError('RepositoryDoesNotExistException', `${name} does not exist`);
    if (outcome === 'tooManyTags') throw new SluiceError('TooManyTagsException', `The maximum number of tags for an AWS CodeCommit resource (${MAX_TAGS}) has been exceeded.`);
  }
}

function checkDescription(description: unknown): void {
  if (description === undefined) return;
  if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) {
    throw new SluiceError('InvalidRepositoryDescriptionException', `The specified repository description is not valid. Descriptions are limited to ${MAX_DESCRIPTION} characters.`);
  }
}

/** Tag keys 1–128 characters, values up to 256, no `aws:` keys, at most MAX_TAGS (AWS). */
function checkTags(tags: Record<string, string>): Tag[] {
  if (typeof tags !== 'object' || Array.isArray(tags)) throw new SluiceError('InvalidTagsMapException', 'The map of tags is not valid.');
  const entries = Object.entries(tags);
  if (entries.length > MAX_TAGS) throw new SluiceError('TooManyTagsException', `The maximum number of tags for an AWS CodeCommit resource (${MAX_TAGS}) has been exceeded.`);
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > 128 || typeof value !== 'string' || value.length > 256) throw new SluiceError('InvalidTagsMapException', 'The map of tags is not valid.');
    if (key.startsWith('aws:')) throw new SluiceError('InvalidSystemTagUsageException', 'The tag key is a system tag: keys beginning with aws: are reserved.');
  }
  return entries.map(([key, value]) => ({ key, value }));
}
