/**
 * A pipeline that waits for a person: a hosted repository `<name>-repo` with one commit, and a
 * pipeline `<name>` from it (CodeCommit source) to a Manual approval `Gate`/`Review`, made through
 * the server's own APIs. Its creation starts a run that stops at the approval.
 */
import { CodeCommitClient, CreateRepositoryCommand, PutFileCommand } from '@aws-sdk/client-codecommit';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import type { TestServer } from './server.ts';

export const APPROVAL = { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } as const;

export async function createApprovalPipeline(t: TestServer, name: string, approvalConfiguration?: Record<string, string>): Promise<void> {
  const codecommit = new CodeCommitClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
  try {
    await codecommit.send(new CreateRepositoryCommand({ repositoryName: `${name}-repo` }));
    await codecommit.send(new PutFileCommand({ repositoryName: `${name}-repo`, branchName: 'main', filePath: 'README.md', fileContent: Buffer.from('hi') }));
  } finally {
    codecommit.destroy();
  }
  await t.codepipeline().send(new CreatePipelineCommand({ pipeline: {
    name, roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3', location: `${name}-artifacts` },
    stages: [
      { name: 'Source', actions: [{ name: 'Repo', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: `${name}-repo`, BranchName: 'main', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Code' }] }] },
      { name: 'Gate', actions: [{ name: 'Review', actionTypeId: APPROVAL, ...(approvalConfiguration && { configuration: approvalConfiguration }) }] },
    ],
  } }));
}
