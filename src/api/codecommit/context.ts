/**
 * What the CodeCommit operations share: the use-case services of hosted repositories and the
 * account they belong to.
 */
import type { Operation, CallContext } from '../aws-json/operation.ts';
import type { BranchService } from '../../services/repository-branches.ts';
import type { CommitService } from '../../services/repository-commits.ts';
import type { ContentService } from '../../services/repository-content.ts';
import type { RepositoryService } from '../../services/repositories.ts';

export interface CodeCommitApi {
  repositories: RepositoryService;
  branches: BranchService;
  content: ContentService;
  commits: CommitService;
  accountId: string;
}

export type Input = Record<string, unknown>;

export const op = <I>(handle: (input: I, context: CallContext) => Promise<object>): Operation<never, object> => ({ handle });

/** A string member, or undefined when absent (the model has already checked its JSON type). */
export const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
