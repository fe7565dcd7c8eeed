/**
 * EventBridge on `sluice server` through the `aws events` CLI (awscli 1.x; skipped when it is not
 * installed): rules, targets, events and a refused pattern, as a user types them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsCli, awsCliAvailable } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const cliAvailable = awsCliAvailable();

describe('aws events CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  before(async () => {
    t = await startTestServer();
    cli = new AwsCli(t.awsEnv());
  });
  after(async () => {
    await cli?.close();
    await t?.close();
  });

  async function aws(...args: string[]): Promise<{ rc: number; json: Record<string, unknown>; error?: string }> {
    const result = await cli.run(['events', ...args, '--output', 'json']);
    const error = /An error occurred \((\w+)\)/.exec(result.stderr)?.[1];
    return { rc: result.rc, json: result.stdout.trim() ? JSON.parse(result.stdout) as Record<string, unknown> : {}, ...(error !== undefined && { error }) };
  }

  it('puts a rule with a target, lists it, puts an event and refuses a bad pattern', async () => {
    const put = await aws('put-rule', '--name', 'cli-rule', '--event-pattern', '{"source":["my.app"]}');
    assert.equal(put.json.RuleArn, 'arn:aws:events:us-east-1:000000000000:rule/cli-rule');
    const targets = await aws('put-targets', '--rule', 'cli-rule', '--targets', 'Id=p,Arn=arn:aws:codepipeline:us-east-1:000000000000:cli-pipe');
    assert.equal(targets.json.FailedEntryCount, 0);
    const rules = await aws('list-rules', '--name-prefix', 'cli-');
    assert.deepEqual((rules.json.Rules as { Name: string }[]).map((r) => r.Name), ['cli-rule']);
    const sent = await aws('put-events', '--entries', 'Source=my.app,DetailType=Hello,Detail="{}"');
    assert.equal(sent.json.FailedEntryCount, 0);
    const bad = await aws('put-rule', '--name', 'cli-bad', '--event-pattern', '{"source":"my.app"}');
    assert.deepEqual([bad.rc === 0, bad.error], [false, 'InvalidEventPatternException']);
  });
});
