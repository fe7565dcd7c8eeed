/**
 * Notification topics on `sluice server` through the `aws sns` CLI (awscli 1.x; skipped when it
 * is not installed): create, publish, and a missing topic's error, as a user types them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsCli, awsCliAvailable } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const cliAvailable = awsCliAvailable();

describe('aws sns CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  before(async () => {
    t = await startTestServer({ buildConcurrency: 0 });
    cli = new AwsCli(t.awsEnv());
  });
  after(async () => {
    await cli?.close();
    await t?.close();
  });

  it('creates a topic, publishes to it and names a missing topic NotFound', async () => {
    const created = await cli.run(['sns', 'create-topic', '--name', 'cli-topic', '--output', 'json']);
    assert.equal(created.rc, 0, created.stderr);
    assert.equal((JSON.parse(created.stdout) as { TopicArn: string }).TopicArn, 'arn:aws:sns:us-east-1:000000000000:cli-topic');
    const published = await cli.run(['sns', 'publish', '--topic-arn', 'arn:aws:sns:us-east-1:000000000000:cli-topic', '--message', 'hello', '--output', 'json']);
    assert.equal(published.rc, 0, published.stderr);
    assert.match((JSON.parse(published.stdout) as { MessageId: string }).MessageId, /^[0-9a-f-]{36}$/);
    const missing = await cli.run(['sns', 'get-topic-attributes', '--topic-arn', 'arn:aws:sns:us-east-1:000000000000:nope']);
    assert.notEqual(missing.rc, 0);
    assert.match(missing.stderr, /\(NotFound\)/);
  });
});
