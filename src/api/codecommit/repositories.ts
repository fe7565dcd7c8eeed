/**
 * CodeCommit operations on repositories as a whole: Create/Get/BatchGet/List/Delete,
 * UpdateRepositoryName, UpdateRepositoryDescription, UpdateDefaultBranch, triggers and tags.
 */
import { SluiceError } from '../../model/errors.ts';
import type { RepositorySummary } from '../../store/repository-ports.ts';
import { decodeListToken, encodeListToken } from '../../services/list-token.ts';
import { shown } from '../../services/repository-names.ts';
import type { Operation } from '../aws-json/operation.ts';
import { op, optionalString, type CodeCommitApi, type Input } from './context.ts';
import { wireRepository, wireTrigger } from './wire.ts';

/** Repositories per ListRepositories page (AWS: up to 1,000). */
const LIST_PAGE_SIZE = 1000;
const SORT_KEYS: Record<string, (a: RepositorySummary, b: RepositorySummary) => number> = {
  repositoryName: (a, b) => (a.repositoryName < b.repositoryName ? -1 : a.repositoryName > b.repositoryName ? 1 : 0),
  lastModifiedDate: (a, b) => a.modifiedAt - b.modifiedAt || (a.repositoryName < b.repositoryName ? -1 : 1),
};

function listRepositories(all: RepositorySummary[], input: Input): object {
  const sortBy = input.sortBy ?? 'repositoryName';
  const order = input.order ?? 'ascending';
  const compare = typeof sortBy === 'string' && Object.hasOwn(SORT_KEYS, sortBy) ? SORT_KEYS[sortBy] : undefined;
  if (!compare) throw new SluiceError('InvalidSortByException', `The specified sort by value is not valid: ${shown(sortBy)}. Use repositoryName or lastModifiedDate.`);
  if (order !== 'ascending' && order !== 'descending') throw new SluiceError('InvalidOrderException', `The specified sort order is not valid: ${shown(order)}. Use ascending or descending.`);
  const sorted = all.sort(order === 'ascending' ? compare : (a, b) => compare(b, a));
  const listKey = `repositories:${shown(sortBy)}:${order}`;
  const token = optionalString(input.nextToken);
  const offset = token === undefined ? 0 : decodeListToken<number>(listKey, token, 'number', 'InvalidContinuationTokenException');
  const page = sorted.slice(offset, offset + LIST_PAGE_SIZE);
  const next = offset + page.length;
  return {
    repositories: page.map((r) => ({ repositoryName: r.repositoryName, repositoryId: r.repositoryId })),
    ...(next < sorted.length && { nextToken: encodeListToken(listKey, next) }),
  };
}

export function repositoryOperations(api: CodeCommitApi): Record<string, Operation<never, object>> {
  const { repositories } = api;
  return {
    CreateRepository: op<Input>(async (input, context) => {
      const created = await repositories.create({
        name: input.repositoryName, ...(typeof input.repositoryDescription === 'string' && { description: input.repositoryDescription }),
        ...(input.tags !== undefined && { tags: input.tags as Record<string, string> }),
      });
      return { repositoryMetadata: wireRepository(created, context.endpoint, api.accountId) };
    }),
    GetRepository: op<Input>(async (input, context) =>
      ({ repositoryMetadata: wireRepository(await repositories.open(input.repositoryName), context.endpoint, api.accountId) })),
    BatchGetRepositories: op<Input>(async (input, context) => {
      const { found, notFound } = await repositories.batchGet(input.repositoryNames);
      return { repositories: found.map((r) => wireRepository(r, context.endpoint, api.accountId)), repositoriesNotFound: notFound, errors: [] };
    }),
    ListRepositories: op<Input>(async (input) => listRepositories(await repositories.list(), input)),
    DeleteRepository: op<Input>(async (input) => {
      const repositoryId = await repositories.delete(input.repositoryName);
      return repositoryId === undefined ? {} : { repositoryId };
    }),
    UpdateRepositoryName: op<Input>(async (input) => {
      await repositories.rename(input.oldName, input.newName);
      return {};
    }),
    UpdateRepositoryDescription: op<Input>(async (input) => {
      await repositories.updateDescription(input.repositoryName, optionalString(input.repositoryDescription));
      return {};
    }),
    UpdateDefaultBranch: op<Input>(async (input) => {
      await repositories.updateDefaultBranch(input.repositoryName, input.defaultBranchName);
      return {};
    }),
    GetRepositoryTriggers: op<Input>(async (input) => {
      const repository = await repositories.open(input.repositoryName);
      return { configurationId: repository.triggersConfigurationId, triggers: repository.triggers.map(wireTrigger) };
    }),
    PutRepositoryTriggers: op<Input>(async (input) => ({ configurationId: await repositories.putTriggers(input.repositoryName, input.triggers) })),
    TagResource: op<Input>(async (input) => {
      await repositories.tag(input.resourceArn, input.tags);
      return {};
    }),
    UntagResource: op<Input>(async (input) => {
      await repositories.untag(input.resourceArn, input.tagKeys);
      return {};
    }),
    ListTagsForResource: op<Input>(async (input) => {
      const repository = await repositories.openArn(input.resourceArn);
      return { tags: Object.fromEntries(repository.tags.map((t) => [t.key, t.value])) };
    }),
  };
}
