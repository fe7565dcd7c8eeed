/**
 * CodeCommit operations on branches, commits and files: CreateBranch, GetBranch, ListBranches,
 * DeleteBranch, GetCommit, BatchGetCommits, GetBlob, GetFile, GetFolder, GetDifferences, PutFile
 * and DeleteFile. Blobs travel as base64,
 * as the AWS JSON protocol sends them.
 */
import type { Operation } from '../aws-json/operation.ts';
import { op, optionalString, type CodeCommitApi, type Input } from './context.ts';
import { wireCommit, wireDifference, wireFolder } from './wire.ts';

export function contentOperations(api: CodeCommitApi): Record<string, Operation<never, object>> {
  const { branches, content, commits } = api;
  return {
    CreateBranch: op<Input>(async (input, context) => {
      await branches.create({ repositoryName: input.repositoryName, branchName: input.branchName, commitId: input.commitId, callerArn: context.caller.arn });
      return {};
    }),
    GetBranch: op<Input>(async (input) => ({ branch: await branches.get(input.repositoryName, input.branchName) })),
    ListBranches: op<Input>(async (input) => branches.list(input.repositoryName, optionalString(input.nextToken))),
    DeleteBranch: op<Input>(async (input, context) => {
      const deleted = await branches.delete({ repositoryName: input.repositoryName, branchName: input.branchName, callerArn: context.caller.arn });
      return deleted === undefined ? {} : { deletedBranch: deleted };
    }),
    GetCommit: op<Input>(async (input) => ({ commit: wireCommit(await content.getCommit(input.repositoryName, input.commitId)) })),
    BatchGetCommits: op<Input>(async (input) => {
      const { commits, errors } = await content.batchGetCommits(input.repositoryName, input.commitIds);
      return { commits: commits.map(wireCommit), errors };
    }),
    GetBlob: op<Input>(async (input) => ({ content: (await content.getBlob(input.repositoryName, input.blobId)).toString('base64') })),
    GetFile: op<Input>(async (input) => {
      const file = await content.getFile({ repositoryName: input.repositoryName, filePath: input.filePath, ...specifier(input.commitSpecifier) });
      return { commitId: file.commitId, blobId: file.blobId, filePath: file.filePath, fileMode: file.fileMode, fileSize: file.fileSize, fileContent: file.content.toString('base64') };
    }),
    GetFolder: op<Input>(async (input) =>
      wireFolder(await content.getFolder({ repositoryName: input.repositoryName, folderPath: input.folderPath, ...specifier(input.commitSpecifier) }))),
    GetDifferences: op<Input>(async (input) => {
      const page = await content.getDifferences({
        repositoryName: input.repositoryName, afterCommitSpecifier: input.afterCommitSpecifier,
        ...(typeof input.beforeCommitSpecifier === 'string' && { beforeCommitSpecifier: input.beforeCommitSpecifier }),
        ...(typeof input.beforePath === 'string' && { beforePath: input.beforePath }),
        ...(typeof input.afterPath === 'string' && { afterPath: input.afterPath }),
        ...(typeof input.MaxResults === 'number' && { maxResults: input.MaxResults }),
        ...(typeof input.NextToken === 'string' && { nextToken: input.NextToken }),
      });
      return { differences: page.differences.map(wireDifference), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    PutFile: op<Input>(async (input, context) => commits.putFile({
      repositoryName: input.repositoryName, branchName: input.branchName, filePath: input.filePath,
      fileContent: typeof input.fileContent === 'string' ? Buffer.from(input.fileContent, 'base64') : undefined,
      ...(typeof input.fileMode === 'string' && { fileMode: input.fileMode }),
      ...(typeof input.parentCommitId === 'string' && { parentCommitId: input.parentCommitId }),
      ...(typeof input.commitMessage === 'string' && { commitMessage: input.commitMessage }),
      ...(typeof input.name === 'string' && { name: input.name }),
      ...(typeof input.email === 'string' && { email: input.email }),
      caller: { arn: context.caller.arn, userName: context.caller.userName },
    })),
    DeleteFile: op<Input>(async (input, context) => commits.deleteFile({
      repositoryName: input.repositoryName, branchName: input.branchName, filePath: input.filePath,
      ...(typeof input.parentCommitId === 'string' && { parentCommitId: input.parentCommitId }),
      ...(typeof input.keepEmptyFolders === 'boolean' && { keepEmptyFolders: input.keepEmptyFolders }),
      ...(typeof input.commitMessage === 'string' && { commitMessage: input.commitMessage }),
      ...(typeof input.name === 'string' && { name: input.name }),
      ...(typeof input.email === 'string' && { email: input.email }),
      caller: { arn: context.caller.arn, userName: context.caller.userName },
    })),
  };
}

function specifier(value: unknown): { commitSpecifier?: string } {
  return typeof value === 'string' ? { commitSpecifier: value } : {};
}
