/**
 * The CodeCommit API of a real server through `@aws-sdk/client-codecommit`: repositories,
 * branches, PutFile and the content reads, triggers, tags and IAM on repository ARNs; AWS's error
 * types for bad input, which changes nothing; the ref events on the bus; a PutFile starting the
 * pipeline that watches its branch; and the bare repository cloned with real git.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  BatchGetCommitsCommand, BatchGetRepositoriesCommand, CodeCommitClient, DeleteFileCommand, GetBlobCommand, CreateBranchCommand, CreateRepositoryCommand, DeleteBranchCommand, DeleteRepositoryCommand,
  GetBranchCommand, GetCommitCommand, GetDifferencesCommand, GetFileCommand, GetFolderCommand, GetRepositoryCommand, GetRepositoryTriggersCommand,
  ListBranchesCommand, ListRepositoriesCommand, ListTagsForResourceCommand, PutFileCommand, PutRepositoryTriggersCommand, TagResourceCommand,
  UntagResourceCommand, UpdateDefaultBranchCommand, UpdateRepositoryDescriptionCommand, UpdateRepositoryNameCommand, type PutFileCommandInput,
} from '@aws-sdk/client-codecommit';
import { CreatePipelineCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-codepipeline';
import { makeUser, policyOf, type Credentials } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const ACCOUNT = '000000000000';
const ARN = `arn:aws:codecommit:us-east-1:${ACCOUNT}`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:user/admin`;
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('CodeCommit API', () => {
  let t: TestServer;
  let cc: CodeCommitClient;
  const clients: { destroy(): void }[] = [];
  const client = (credentials: Credentials = t.credentials): CodeCommitClient => {
    const c = new CodeCommitClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  const create = async (repositoryName: string, over: object = {}) =>
    (await cc.send(new CreateRepositoryCommand({ repositoryName, ...over }))).repositoryMetadata;
  const put = async (input: Partial<PutFileCommandInput> & { repositoryName: string }) =>
    cc.send(new PutFileCommand({ branchName: 'main', filePath: 'README.md', fileContent: text('hello\n'), ...input }));
  /** The repositories as ListRepositories shows them: what bad input must leave untouched. */
  const listing = async () => (await cc.send(new ListRepositoriesCommand({}))).repositories;
  const events = async () => (await t.server.runtime.store.outbox.read(0, 1000)).map((e) => e.event)
    .filter((e) => e.source === 'aws.codecommit') as { resources: string[]; detail: Record<string, string> }[];

  before(async () => {
    t = await startTestServer();
    cc = client();
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('creates a repository with its metadata, reads, renames, describes and deletes it', async () => {
    const created = await create('meta', { repositoryDescription: 'first', tags: { team: 'a' } });
    assert.deepEqual([created?.repositoryName, created?.accountId, created?.Arn, created?.repositoryDescription], ['meta', ACCOUNT, `${ARN}:meta`, 'first']);
    assert.match(created?.repositoryId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(created?.cloneUrlHttp, `${t.url}/v1/repos/meta`);
    assert.equal(created?.cloneUrlSsh, undefined, 'git is served over HTTP only');
    assert.equal(created?.defaultBranch, undefined, 'an empty repository has no default branch');
    assert.ok(created?.creationDate instanceof Date);
    await assert.rejects(create('meta'), { name: 'RepositoryNameExistsException', message: 'Repository named meta already exists' });

    await cc.send(new UpdateRepositoryDescriptionCommand({ repositoryName: 'meta', repositoryDescription: 'second' }));
    await cc.send(new UpdateRepositoryNameCommand({ oldName: 'meta', newName: 'meta2' }));
    await assert.rejects(cc.send(new GetRepositoryCommand({ repositoryName: 'meta' })), { name: 'RepositoryDoesNotExistException', message: 'meta does not exist' });
    const renamed = (await cc.send(new GetRepositoryCommand({ repositoryName: 'meta2' }))).repositoryMetadata;
    assert.deepEqual([renamed?.repositoryId, renamed?.repositoryDescription, renamed?.cloneUrlHttp], [created?.repositoryId, 'second', `${t.url}/v1/repos/meta2`]);
    assert.ok((renamed?.lastModifiedDate?.getTime() ?? 0) >= (created?.lastModifiedDate?.getTime() ?? Infinity));

    const batch = await cc.send(new BatchGetRepositoriesCommand({ repositoryNames: ['meta2', 'ghost'] }));
    assert.deepEqual([batch.repositories?.map((r) => r.repositoryName), batch.repositoriesNotFound], [['meta2'], ['ghost']]);
    await create('other');
    await assert.rejects(cc.send(new UpdateRepositoryNameCommand({ oldName: 'meta2', newName: 'other' })), { name: 'RepositoryNameExistsException' });

    assert.equal((await cc.send(new DeleteRepositoryCommand({ repositoryName: 'meta2' }))).repositoryId, created?.repositoryId);
    assert.equal((await cc.send(new DeleteRepositoryCommand({ repositoryName: 'meta2' }))).repositoryId, undefined, 'deleting a missing repository is no error');
    await assert.rejects(cc.send(new GetRepositoryCommand({ repositoryName: 'meta2' })), { name: 'RepositoryDoesNotExistException' });
  });

  it('lists repositories sorted by name or modification, either way, with AWS errors for bad options', async () => {
    for (const name of ['list-b', 'list-a', 'list-c']) await create(name);
    await cc.send(new UpdateRepositoryDescriptionCommand({ repositoryName: 'list-b', repositoryDescription: 'touched last' }));
    const names = async (input: object) => (await cc.send(new ListRepositoriesCommand(input))).repositories?.map((r) => r.repositoryName).filter((n) => n?.startsWith('list-'));
    assert.deepEqual(await names({}), ['list-a', 'list-b', 'list-c']);
    assert.deepEqual(await names({ order: 'descending' }), ['list-c', 'list-b', 'list-a']);
    assert.equal((await names({ sortBy: 'lastModifiedDate', order: 'descending' }))?.[0], 'list-b');
    await assert.rejects(cc.send(new ListRepositoriesCommand({ sortBy: 'size' as never })), { name: 'InvalidSortByException' });
    await assert.rejects(cc.send(new ListRepositoriesCommand({ order: 'up' as never })), { name: 'InvalidOrderException' });
    await assert.rejects(cc.send(new ListRepositoriesCommand({ nextToken: 'bogus' })), { name: 'InvalidContinuationTokenException' });
  });

  it('refuses bad repository input with CodeCommit\'s exceptions and changes nothing', async () => {
    const before = await listing();
    await assert.rejects(create('bad name'), { name: 'InvalidRepositoryNameException' });
    await assert.rejects(create('ends.git'), { name: 'InvalidRepositoryNameException' });
    await assert.rejects(create('x'.repeat(101)), { name: 'InvalidRepositoryNameException' });
    await assert.rejects(create(''), { name: 'RepositoryNameRequiredException', message: 'A repository name is required, but was not specified.' });
    await assert.rejects(create('desc', { repositoryDescription: 'd'.repeat(1001) }), { name: 'InvalidRepositoryDescriptionException' });
    await assert.rejects(create('tags', { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }), { name: 'TooManyTagsException' });
    await assert.rejects(create('tags', { tags: { 'aws:owner': 'x' } }), { name: 'InvalidSystemTagUsageException' });
    await assert.rejects(cc.send(new BatchGetRepositoriesCommand({ repositoryNames: [] })), { name: 'RepositoryNamesRequiredException' });
    await assert.rejects(cc.send(new BatchGetRepositoriesCommand({ repositoryNames: Array.from({ length: 26 }, (_, i) => `r${i}`) })), { name: 'MaximumRepositoryNamesExceededException' });
    await assert.rejects(cc.send(new GetRepositoryCommand({ repositoryName: undefined })), { name: 'RepositoryNameRequiredException' });
    assert.deepEqual(await listing(), before);
  });

  it('commits files with PutFile and enforces the parent commit, content and path rules', async () => {
    await create('files');
    const first = await put({ repositoryName: 'files', filePath: 'README.md', commitMessage: 'first', name: 'Ada', email: 'ada@example.com' });
    assert.match(first.commitId ?? '', /^[0-9a-f]{40}$/);
    assert.equal((await cc.send(new GetRepositoryCommand({ repositoryName: 'files' }))).repositoryMetadata?.defaultBranch, 'main', 'the first branch becomes the default');
    await assert.rejects(put({ repositoryName: 'files', filePath: 'b.txt' }), { name: 'ParentCommitIdRequiredException' });
    const second = await put({ repositoryName: 'files', filePath: 'src/app/main.sh', fileContent: text('#!/bin/sh\n'), fileMode: 'EXECUTABLE', parentCommitId: first.commitId });
    await assert.rejects(put({ repositoryName: 'files', filePath: 'c.txt', parentCommitId: first.commitId }), { name: 'ParentCommitIdOutdatedException' });
    await assert.rejects(put({ repositoryName: 'files', filePath: 'c.txt', parentCommitId: 'f'.repeat(40) }), { name: 'ParentCommitDoesNotExistException' });
    await assert.rejects(put({ repositoryName: 'files', filePath: 'c.txt', parentCommitId: 'nope' }), { name: 'InvalidParentCommitIdException' });
    const rejectsWith = async (input: Partial<PutFileCommandInput>, name: string) =>
      assert.rejects(put({ repositoryName: 'files', parentCommitId: second.commitId, ...input }), { name });
    await rejectsWith({ filePath: 'README.md' }, 'SameFileContentException');
    await rejectsWith({ filePath: 'src/app' }, 'FileNameConflictsWithDirectoryNameException');
    await rejectsWith({ filePath: 'README.md/inner' }, 'DirectoryNameConflictsWithFileNameException');
    await rejectsWith({ filePath: 'x', fileContent: new Uint8Array() }, 'FileContentRequiredException');
    await rejectsWith({ filePath: 'x', fileMode: 'WRITABLE' as never }, 'InvalidFileModeException');
    await rejectsWith({ filePath: 'x', email: 'not an email' }, 'InvalidEmailException');
    await rejectsWith({ filePath: 'x', name: 'n'.repeat(1025) }, 'NameLengthExceededException');
    await rejectsWith({ filePath: '../escape' }, 'InvalidPathException');
    await rejectsWith({ filePath: '.git/config' }, 'InvalidPathException');
    await rejectsWith({ filePath: 'x', branchName: 'other' }, 'BranchDoesNotExistException');
    await rejectsWith({ filePath: 'x', branchName: 'bad..name' }, 'InvalidBranchNameException');
    await assert.rejects(put({ repositoryName: 'ghost' }), { name: 'RepositoryDoesNotExistException' });
    assert.equal((await cc.send(new GetBranchCommand({ repositoryName: 'files', branchName: 'main' }))).branch?.commitId, second.commitId, 'refused writes moved nothing');
  });

  it('deletes files with DeleteFile, dropping folders left empty unless asked to keep them', async () => {
    await create('deletes');
    const first = await put({ repositoryName: 'deletes', filePath: 'a/b/c.txt' });
    const second = await put({ repositoryName: 'deletes', filePath: 'a/d.txt', parentCommitId: first.commitId });
    const del = (input: object) => cc.send(new DeleteFileCommand({ repositoryName: 'deletes', branchName: 'main', filePath: 'a/b/c.txt', parentCommitId: '', ...input }));
    await assert.rejects(del({ parentCommitId: first.commitId }), { name: 'ParentCommitIdOutdatedException' });
    await assert.rejects(del({ parentCommitId: second.commitId, filePath: 'a/none' }), { name: 'FileDoesNotExistException' });
    await assert.rejects(del({ parentCommitId: second.commitId, branchName: 'other' }), { name: 'BranchDoesNotExistException' });
    const deleted = await del({ parentCommitId: second.commitId, commitMessage: 'drop c' });
    assert.deepEqual([deleted.blobId, deleted.filePath], [first.blobId, 'a/b/c.txt']);
    const folder = await cc.send(new GetFolderCommand({ repositoryName: 'deletes', folderPath: 'a' }));
    assert.deepEqual([folder.subFolders, folder.files?.map((f) => f.relativePath)], [[], ['d.txt']], 'the emptied folder b is gone');
    const kept = await del({ parentCommitId: deleted.commitId, filePath: 'a/d.txt', keepEmptyFolders: true });
    assert.deepEqual((await cc.send(new GetFolderCommand({ repositoryName: 'deletes', folderPath: 'a' }))).files, []);
    const changes = await cc.send(new GetDifferencesCommand({ repositoryName: 'deletes', beforeCommitSpecifier: second.commitId, afterCommitSpecifier: kept.commitId }));
    assert.deepEqual(changes.differences?.map((d) => [d.changeType, d.beforeBlob?.path]), [['D', 'a/b/c.txt'], ['D', 'a/d.txt']]);
  });

  it('lets exactly one of two PutFiles from the same parent win', async () => {
    await create('race');
    const first = await put({ repositoryName: 'race', filePath: 'base' });
    const results = await Promise.allSettled(['left', 'right'].map((filePath) => put({ repositoryName: 'race', filePath, parentCommitId: first.commitId })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.deepEqual([won.length, lost.map((r) => (r.reason as Error).name)], [1, ['ParentCommitIdOutdatedException']]);
    const tip = (await cc.send(new GetBranchCommand({ repositoryName: 'race', branchName: 'main' }))).branch?.commitId;
    assert.equal(tip, won[0]?.status === 'fulfilled' ? won[0].value.commitId : undefined);
    const { commit } = await cc.send(new GetCommitCommand({ repositoryName: 'race', commitId: tip }));
    assert.deepEqual(commit?.parents, [first.commitId], 'the winner built on the shared parent; the loser left no trace on the branch');
  });

  it('reads commits, files, folders and differences, with paths and pages', async () => {
    await create('reads');
    const first = await put({ repositoryName: 'reads', filePath: 'docs/a.md', fileContent: text('a\n'), commitMessage: 'add a', name: 'Ada', email: 'ada@example.com' });
    const second = await put({ repositoryName: 'reads', filePath: 'docs/b.md', fileContent: text('b\n'), parentCommitId: first.commitId });
    const third = await put({ repositoryName: 'reads', filePath: 'docs/a.md', fileContent: text('a2\n'), parentCommitId: second.commitId });
    await put({ repositoryName: 'reads', filePath: 'src/main.ts', fileContent: text('x'), parentCommitId: third.commitId });

    const { commit } = await cc.send(new GetCommitCommand({ repositoryName: 'reads', commitId: first.commitId }));
    assert.deepEqual([commit?.message, commit?.author?.name, commit?.author?.email, commit?.parents, commit?.treeId], ['add a', 'Ada', 'ada@example.com', [], first.treeId]);
    assert.match(commit?.author?.date ?? '', /^\d+ \+0000$/);
    assert.equal((await cc.send(new GetCommitCommand({ repositoryName: 'reads', commitId: second.commitId }))).commit?.author?.name, 'admin', 'the caller authors a commit that names nobody');
    await assert.rejects(cc.send(new GetCommitCommand({ repositoryName: 'reads', commitId: 'e'.repeat(40) })), { name: 'CommitIdDoesNotExistException' });
    await assert.rejects(cc.send(new GetCommitCommand({ repositoryName: 'reads', commitId: 'main' })), { name: 'InvalidCommitIdException' });

    const batch = await cc.send(new BatchGetCommitsCommand({ repositoryName: 'reads', commitIds: [first.commitId ?? '', 'e'.repeat(40)] }));
    assert.deepEqual([batch.commits?.map((c) => c.message), batch.errors?.map((e) => [e.commitId, e.errorCode])], [['add a'], [['e'.repeat(40), 'CommitIdDoesNotExistException']]]);
    await assert.rejects(cc.send(new BatchGetCommitsCommand({ repositoryName: 'reads', commitIds: [] })), { name: 'CommitIdsListRequiredException' });
    await assert.rejects(cc.send(new BatchGetCommitsCommand({ repositoryName: 'reads', commitIds: Array.from({ length: 101 }, () => 'a') })), { name: 'CommitIdsLimitExceededException' });
    assert.equal(new TextDecoder().decode((await cc.send(new GetBlobCommand({ repositoryName: 'reads', blobId: first.blobId }))).content), 'a\n');
    await assert.rejects(cc.send(new GetBlobCommand({ repositoryName: 'reads', blobId: first.treeId })), { name: 'BlobIdDoesNotExistException' });
    await assert.rejects(cc.send(new GetBlobCommand({ repositoryName: 'reads', blobId: 'x' })), { name: 'InvalidBlobIdException' });

    const file = await cc.send(new GetFileCommand({ repositoryName: 'reads', filePath: '/docs/a.md' }));
    assert.deepEqual([new TextDecoder().decode(file.fileContent), file.fileSize, file.fileMode, file.filePath], ['a2\n', 3, 'NORMAL', 'docs/a.md']);
    const old = await cc.send(new GetFileCommand({ repositoryName: 'reads', filePath: 'docs/a.md', commitSpecifier: first.commitId }));
    assert.deepEqual([new TextDecoder().decode(old.fileContent), old.commitId, old.blobId], ['a\n', first.commitId, first.blobId]);
    await assert.rejects(cc.send(new GetFileCommand({ repositoryName: 'reads', filePath: 'docs' })), { name: 'FileDoesNotExistException' });
    await assert.rejects(cc.send(new GetFileCommand({ repositoryName: 'reads', filePath: 'a', commitSpecifier: 'nowhere' })), { name: 'CommitDoesNotExistException' });

    const root = await cc.send(new GetFolderCommand({ repositoryName: 'reads', folderPath: '/' }));
    assert.deepEqual(root.subFolders?.map((f) => [f.absolutePath, f.relativePath]), [['docs', 'docs'], ['src', 'src']]);
    const docs = await cc.send(new GetFolderCommand({ repositoryName: 'reads', folderPath: 'docs', commitSpecifier: 'main' }));
    assert.deepEqual(docs.files?.map((f) => [f.absolutePath, f.relativePath, f.fileMode]), [['docs/a.md', 'a.md', 'NORMAL'], ['docs/b.md', 'b.md', 'NORMAL']]);
    await assert.rejects(cc.send(new GetFolderCommand({ repositoryName: 'reads', folderPath: 'nope' })), { name: 'FolderDoesNotExistException' });

    const diff = async (input: object) => cc.send(new GetDifferencesCommand({ repositoryName: 'reads', afterCommitSpecifier: 'main', ...input }));
    const all = await diff({});
    assert.deepEqual(all.differences?.map((d) => [d.changeType, d.afterBlob?.path, d.beforeBlob]), [['A', 'docs/a.md', undefined], ['A', 'docs/b.md', undefined], ['A', 'src/main.ts', undefined]]);
    const changed = await diff({ beforeCommitSpecifier: second.commitId, afterPath: 'docs' });
    assert.deepEqual(changed.differences?.map((d) => [d.changeType, d.beforeBlob?.blobId, d.afterBlob?.path, d.afterBlob?.mode]), [['M', first.blobId, 'docs/a.md', '100644']]);
    const page1 = await diff({ MaxResults: 2 });
    const page2 = await diff({ MaxResults: 2, NextToken: page1.NextToken });
    assert.deepEqual([page1.differences?.length, page2.differences?.map((d) => d.afterBlob?.path), page2.NextToken], [2, ['src/main.ts'], undefined]);
    await assert.rejects(diff({ afterPath: 'missing' }), { name: 'PathDoesNotExistException' });
    await assert.rejects(diff({ NextToken: 'bogus' }), { name: 'InvalidContinuationTokenException' });
    await assert.rejects(diff({ afterCommitSpecifier: undefined }), { name: 'CommitRequiredException' });
  });

  it('creates, reads, lists and deletes branches, and every ref move is an event in order', async () => {
    const repo = await create('branches');
    const first = await put({ repositoryName: 'branches', filePath: 'a' });
    await cc.send(new CreateBranchCommand({ repositoryName: 'branches', branchName: 'feature/x', commitId: first.commitId }));
    await assert.rejects(cc.send(new CreateBranchCommand({ repositoryName: 'branches', branchName: 'feature/x', commitId: first.commitId })), { name: 'BranchNameExistsException' });
    await assert.rejects(cc.send(new CreateBranchCommand({ repositoryName: 'branches', branchName: 'y', commitId: 'd'.repeat(40) })), { name: 'CommitDoesNotExistException' });
    await assert.rejects(cc.send(new CreateBranchCommand({ repositoryName: 'branches', branchName: 'y', commitId: 'HEAD' })), { name: 'InvalidCommitIdException' });
    await assert.rejects(cc.send(new CreateBranchCommand({ repositoryName: 'branches', branchName: 'y', commitId: undefined })), { name: 'CommitIdRequiredException' });
    await assert.rejects(cc.send(new CreateBranchCommand({ repositoryName: 'branches', branchName: 'a b', commitId: first.commitId })), { name: 'InvalidBranchNameException' });
    assert.deepEqual((await cc.send(new ListBranchesCommand({ repositoryName: 'branches' }))).branches, ['feature/x', 'main']);
    assert.equal((await cc.send(new GetBranchCommand({ repositoryName: 'branches', branchName: 'feature/x' }))).branch?.commitId, first.commitId);
    await assert.rejects(cc.send(new GetBranchCommand({ repositoryName: 'branches', branchName: 'gone' })), { name: 'BranchDoesNotExistException' });
    const second = await put({ repositoryName: 'branches', branchName: 'feature/x', filePath: 'b', parentCommitId: first.commitId });

    await cc.send(new UpdateDefaultBranchCommand({ repositoryName: 'branches', defaultBranchName: 'feature/x' }));
    await assert.rejects(cc.send(new DeleteBranchCommand({ repositoryName: 'branches', branchName: 'feature/x' })), { name: 'DefaultBranchCannotBeDeletedException' });
    await assert.rejects(cc.send(new UpdateDefaultBranchCommand({ repositoryName: 'branches', defaultBranchName: 'gone' })), { name: 'BranchDoesNotExistException' });
    const deleted = await cc.send(new DeleteBranchCommand({ repositoryName: 'branches', branchName: 'main' }));
    assert.deepEqual(deleted.deletedBranch, { branchName: 'main', commitId: first.commitId });
    assert.equal((await cc.send(new DeleteBranchCommand({ repositoryName: 'branches', branchName: 'main' }))).deletedBranch, undefined, 'a missing branch is no error');

    const mine = (await events()).filter((e) => e.detail.repositoryId === repo?.repositoryId);
    assert.deepEqual(mine.map((e) => [e.detail.event, e.detail.referenceName, e.detail.commitId, e.detail.oldCommitId]), [
      ['referenceCreated', 'main', first.commitId, undefined],
      ['referenceCreated', 'feature/x', first.commitId, undefined],
      ['referenceUpdated', 'feature/x', second.commitId, first.commitId],
      ['referenceDeleted', 'main', undefined, first.commitId],
    ]);
    const [created] = mine;
    assert.deepEqual(created?.resources, [`${ARN}:branches`]);
    assert.deepEqual([created?.detail.referenceType, created?.detail.referenceFullName, created?.detail.callerUserArn, created?.detail.repositoryName],
      ['branch', 'refs/heads/main', ADMIN, 'branches']);
  });

  it('starts the pipeline whose CodeCommit source watches the branch a PutFile moves', async () => {
    await create('deploy-me');
    await t.codepipeline().send(new CreatePipelineCommand({ pipeline: {
      name: 'watches-deploy-me', roleArn: `arn:aws:iam::${ACCOUNT}:role/p`, artifactStore: { type: 'S3', location: 'artifacts' },
      stages: [
        { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          configuration: { RepositoryName: 'deploy-me', BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Out' }] }] },
        { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
      ],
    } }));
    const onOther = await put({ repositoryName: 'deploy-me', branchName: 'main', filePath: 'one' });
    await cc.send(new CreateBranchCommand({ repositoryName: 'deploy-me', branchName: 'side', commitId: onOther.commitId }));
    const all = (await t.codepipeline().send(new ListPipelineExecutionsCommand({ pipelineName: 'watches-deploy-me' }))).pipelineExecutionSummaries ?? [];
    // CreatePipeline starts one execution itself; the ref events start the others.
    const executions = all.filter((e) => e.trigger?.triggerType === 'CloudWatchEvent');
    assert.equal(executions.length, 1, 'the push to main started it; the new side branch did not');
    assert.deepEqual(JSON.parse(executions[0]?.trigger?.triggerDetail ?? '{}'),
      { sourceActionName: 'Src', event: 'push', ref: 'refs/heads/main', commitId: onOther.commitId, repositoryName: 'deploy-me' }, 'pinned to the commit PutFile made');
  });

  it('stores and validates repository triggers', async () => {
    await create('triggered');
    const initial = await cc.send(new GetRepositoryTriggersCommand({ repositoryName: 'triggered' }));
    assert.deepEqual(initial.triggers, []);
    const trigger = { name: 'notify', destinationArn: 'arn:aws:sns:us-east-1:123456789012:topic', branches: ['main'], events: ['createReference' as const, 'updateReference' as const], customData: 'x' };
    const { configurationId } = await cc.send(new PutRepositoryTriggersCommand({ repositoryName: 'triggered', triggers: [trigger] }));
    assert.notEqual(configurationId, initial.configurationId);
    assert.deepEqual(await cc.send(new GetRepositoryTriggersCommand({ repositoryName: 'triggered' })).then((r) => [r.configurationId, r.triggers]), [configurationId, [trigger]]);
    const refuses = async (over: object, name: string) =>
      assert.rejects(cc.send(new PutRepositoryTriggersCommand({ repositoryName: 'triggered', triggers: [{ ...trigger, ...over }] })), { name });
    await refuses({ destinationArn: 'arn:aws:s3:::bucket' }, 'InvalidRepositoryTriggerDestinationArnException');
    await refuses({ destinationArn: 'arn:aws:sns:eu-west-1:123456789012:topic' }, 'InvalidRepositoryTriggerRegionException');
    await refuses({ events: ['all', 'createReference'] }, 'InvalidRepositoryTriggerEventsException');
    await refuses({ events: [] }, 'RepositoryTriggerEventsListRequiredException');
    await refuses({ name: '' }, 'RepositoryTriggerNameRequiredException');
    await refuses({ branches: Array.from({ length: 11 }, (_, i) => `b${i}`) }, 'MaximumBranchesExceededException');
    await refuses({ branches: ['bad..branch'] }, 'InvalidRepositoryTriggerBranchNameException');
    await refuses({ customData: 'c'.repeat(1001) }, 'InvalidRepositoryTriggerCustomDataException');
    await assert.rejects(cc.send(new PutRepositoryTriggersCommand({ repositoryName: 'triggered', triggers: Array.from({ length: 11 }, (_, i) => ({ ...trigger, name: `t${i}` })) })), { name: 'MaximumRepositoryTriggersExceededException' });
    assert.equal((await cc.send(new GetRepositoryTriggersCommand({ repositoryName: 'triggered' }))).configurationId, configurationId, 'refused puts changed nothing');
  });

  it('tags repositories by ARN', async () => {
    await create('tagged', { tags: { team: 'a' } });
    const resourceArn = `${ARN}:tagged`;
    await cc.send(new TagResourceCommand({ resourceArn, tags: { env: 'prod', team: 'b' } }));
    await cc.send(new UntagResourceCommand({ resourceArn, tagKeys: ['env'] }));
    assert.deepEqual((await cc.send(new ListTagsForResourceCommand({ resourceArn }))).tags, { team: 'b' });
    await assert.rejects(cc.send(new ListTagsForResourceCommand({ resourceArn: 'arn:aws:s3:::bucket' })), { name: 'InvalidResourceArnException' });
    await assert.rejects(cc.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}:ghost` })), { name: 'RepositoryDoesNotExistException' });
    await assert.rejects(cc.send(new TagResourceCommand({ resourceArn, tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) })), { name: 'TooManyTagsException' });
    await assert.rejects(cc.send(new UntagResourceCommand({ resourceArn, tagKeys: ['aws:x'] })), { name: 'InvalidSystemTagUsageException' });
    assert.deepEqual((await cc.send(new ListTagsForResourceCommand({ resourceArn }))).tags, { team: 'b' }, 'refused changes changed nothing');
  });

  it('authorizes codecommit:<Operation> on the repository ARN', async () => {
    await create('allowed');
    await create('denied');
    const reader = client(await makeUser(t, 'cc-reader', policyOf({ Effect: 'Allow', Action: 'codecommit:GetRepository', Resource: `${ARN}:allowed` })));
    assert.equal((await reader.send(new GetRepositoryCommand({ repositoryName: 'allowed' }))).repositoryMetadata?.repositoryName, 'allowed');
    await assert.rejects(reader.send(new GetRepositoryCommand({ repositoryName: 'denied' })), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new DeleteRepositoryCommand({ repositoryName: 'allowed' })), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new ListRepositoriesCommand({})), { name: 'AccessDeniedException' });
  });

  it('keeps repositories, their metadata and their commits across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sluice-cc-restart-'));
    try {
      const first = await startTestServer({ dataDir });
      // Each client is destroyed before its server closes: a kept-alive connection would hold the close.
      const before = new CodeCommitClient({ endpoint: first.url, region: 'us-east-1', credentials: first.credentials, maxAttempts: 1 });
      await before.send(new CreateRepositoryCommand({ repositoryName: 'durable', repositoryDescription: 'kept' }));
      const put1 = await before.send(new PutFileCommand({ repositoryName: 'durable', branchName: 'main', filePath: 'f', fileContent: text('kept\n') }));
      before.destroy();
      await first.close();
      const second = await startTestServer({ dataDir });
      const after = new CodeCommitClient({ endpoint: second.url, region: 'us-east-1', credentials: second.credentials, maxAttempts: 1 });
      try {
        const metadata = (await after.send(new GetRepositoryCommand({ repositoryName: 'durable' }))).repositoryMetadata;
        assert.deepEqual([metadata?.repositoryDescription, metadata?.defaultBranch], ['kept', 'main']);
        const file = await after.send(new GetFileCommand({ repositoryName: 'durable', filePath: 'f' }));
        assert.deepEqual([file.commitId, new TextDecoder().decode(file.fileContent)], [put1.commitId, 'kept\n']);
      } finally {
        after.destroy();
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps each repository as a bare git directory that git clones at its default branch', async () => {
    const repo = await create('cloned');
    await put({ repositoryName: 'cloned', branchName: 'trunk', filePath: 'docs/hello.txt', fileContent: text('hi\n') });
    const dir = await mkdtemp(join(tmpdir(), 'sluice-clone-'));
    try {
      await run('git', ['clone', '--quiet', join(t.dataDir, 'repos', `${repo?.repositoryId}.git`), join(dir, 'work')]);
      assert.equal(await readFile(join(dir, 'work', 'docs', 'hello.txt'), 'utf8'), 'hi\n');
      assert.equal((await run('git', ['-C', join(dir, 'work'), 'rev-parse', '--abbrev-ref', 'HEAD'])).stdout.trim(), 'trunk');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
