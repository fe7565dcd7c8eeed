/**
 * Hosted git repositories of a server: the CodeCommit API service for the AWS JSON dispatcher,
 * the `FindRepository` that git serving and source actions look repositories up with, and the
 * `RecordRefChanges` a push endpoint calls after moving refs (events, triggered pipelines).
 * Repositories live in `<dataDir>/repos/<repositoryId>.git`.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { codeCommitService } from '../api/codecommit/service.ts';
import type { AwsJsonService } from '../api/aws-json/operation.ts';
import type { Logger } from '../logging.ts';
import { makeGitTriggerRouter } from '../services/git-triggers.ts';
import { makeSerializer, type Serializer } from '../model/serializer.ts';
import type { FindRepository } from '../services/hosted-repository.ts';
import type { PipelineService } from '../services/pipelines.ts';
import { makeRefChangeRecorder, reconcileRefs, type RecordRefChanges } from '../services/ref-changes.ts';
import { coerceError } from '../model/errors.ts';
import { RepositoryService } from '../services/repositories.ts';
import { BranchService } from '../services/repository-branches.ts';
import { CommitService } from '../services/repository-commits.ts';
import { ContentService } from '../services/repository-content.ts';
import type { Store } from '../store/ports.ts';

export interface RepositoryServicesOptions {
  store: Store;
  /** Starts the pipelines a moved ref triggers. */
  starter: Pick<PipelineService, 'startExecution'>;
  dataDir: string;
  accountId: string;
  region: string;
  logger: Logger;
  /** @default Date.now */
  now?: () => number;
}

export interface RepositoryServices {
  service: AwsJsonService;
  findRepository: FindRepository;
  recordRefChanges: RecordRefChanges;
  /** Held while refs move (API calls, pushes), so a push's before/after never sees another's move. */
  lock: Serializer;
  /** Hands on ref moves git made but Sluice never recorded (a crash in between); run at start-up. */
  reconcile(): Promise<void>;
}

export function makeRepositoryServices(options: RepositoryServicesOptions): RepositoryServices {
  const now = options.now ?? (() => Date.now());
  const uuid = (): string => randomUUID();
  const repositories = new RepositoryService({
    store: options.store.repositories, reposDir: join(options.dataDir, 'repos'), accountId: options.accountId, region: options.region, now, uuid,
  });
  const lock = makeSerializer();
  const router = makeGitTriggerRouter({ pipelines: options.store.pipelines, starter: options.starter, logger: options.logger });
  const recordRefChanges = makeRefChangeRecorder({
    repositories: options.store.repositories, router, now, uuid, logger: options.logger,
  });
  const service = codeCommitService({
    repositories, accountId: options.accountId,
    branches: new BranchService(repositories, recordRefChanges, lock),
    content: new ContentService(repositories),
    commits: new CommitService(repositories, recordRefChanges, now, lock),
  });
  const server = `arn:aws:iam::${options.accountId}:root`;
  async function reconcile(): Promise<void> {
    for (const { repositoryName } of await options.store.repositories.list()) {
      const repository = await repositories.find(repositoryName);
      if (!repository) continue;
      try {
        await lock(repository.repositoryId, () => reconcileRefs(recordRefChanges, options.store.repositories, repository, server));
      } catch (e) {
        options.logger.error({ err: coerceError(e), repository: repositoryName }, 'refs not reconciled');
      }
    }
  }
  return { service, findRepository: (name) => repositories.find(name), recordRefChanges, lock, reconcile };
}
