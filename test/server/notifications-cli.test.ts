/**
 * Notification rules on `sluice server` through the `aws codestar-notifications` CLI (awscli 1.x;
 * skipped when it is not installed): event types, a rule created, tagged and untagged (the ARN in
 * the path, the keys in the query string), and a missing rule's error, as a user types them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { AwsCli, awsCliAvailable } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const cliAvailable = awsCliAvailable();

describe('aws codestar-notifications CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  const json = async (args: string[]): Promise<Record<string, unknown>> => {
    const result = await cli.run(['codestar-notifications', ...args, '--output', 'json']);
    assert.equal(result.rc, 0, result.stderr);
    return result.stdout.trim() === '' ? {} : JSON.parse(result.stdout) as Record<string, unknown>;
  };
  before(async () => {
    t = await startTestServer({ buildConcurrency: 0 });
    cli = new AwsCli(t.awsEnv());
    await t.codepipeline().send(new CreatePipelineCommand({ pipeline: {
      name: 'cli-app', roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3', location: 'cli-artifacts' },
      stages: [
        { name: 'Source', actions: [{ name: 'Repo', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
          configuration: { S3Bucket: 'cli-src', S3ObjectKey: 'src.zip', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Code' }] }] },
        { name: 'Gate', actions: [{ name: 'Review', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
      ],
    } }));
  });
  after(async () => {
    await cli?.close();
    await t?.close();
  });

  it('lists event types, creates, tags, untags and describes a rule, and names a missing one ResourceNotFoundException', async () => {
    const types = await json(['list-event-types', '--filters', 'Name=SERVICE_NAME,Value=CodePipeline']);
    assert.equal((types.EventTypes as unknown[]).length, 18);
    const { Arn } = await json(['create-notification-rule', '--name', 'cli-rule', '--resource', 'arn:aws:codepipeline:us-east-1:000000000000:cli-app',
      '--event-type-ids', 'codepipeline-pipeline-pipeline-execution-failed', '--detail-type', 'BASIC',
      '--targets', 'TargetType=Webhook,TargetAddress=https://chat.example/hook', '--tags', 'team=a,env=prod']) as { Arn: string };
    await json(['untag-resource', '--arn', Arn, '--tag-keys', 'team', 'env']);
    const described = await json(['describe-notification-rule', '--arn', Arn]);
    assert.deepEqual([described.Name, described.Tags], ['cli-rule', {}]);
    const missing = await cli.run(['codestar-notifications', 'describe-notification-rule', '--arn', 'arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule/' + '0'.repeat(40)]);
    assert.notEqual(missing.rc, 0);
    assert.match(missing.stderr, /\(ResourceNotFoundException\)/);
  });
});
