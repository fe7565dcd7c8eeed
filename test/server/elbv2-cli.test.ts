/**
 * The traffic router through the `aws elbv2` CLI (awscli 1.x, botocore's query serializer;
 * skipped when it is not installed): a user's blue/green set-up typed as commands — target
 * groups, a load balancer, a weighted listener, targets and their health, a weight shift — and
 * ELB's error codes for a missing target group and a taken port.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AwsCli, awsCliAvailable, waitFor } from '../compat/support.ts';
import type { TestServer } from '../support/server.ts';
import { freePort, send, startRouterServer, startUpstream, type Upstream } from '../router/support.ts';

const cliAvailable = awsCliAvailable();

describe('aws elbv2 CLI', { skip: cliAvailable.ok ? false : cliAvailable.reason }, () => {
  let t: TestServer;
  let cli: AwsCli;
  let blue: Upstream;
  let green: Upstream;
  before(async () => {
    t = await startRouterServer();
    cli = new AwsCli(t.awsEnv());
    [blue, green] = await Promise.all([startUpstream('blue'), startUpstream('green')]);
  });
  after(async () => {
    await cli?.close();
    await t?.close();
    await Promise.all([blue?.close(), green?.close()]);
  });

  async function json<T>(args: string[]): Promise<T> {
    const result = await cli.run(['elbv2', ...args, '--output', 'json']);
    assert.equal(result.rc, 0, result.stderr);
    // Calls that answer only a request id print nothing.
    return JSON.parse(result.stdout.trim() || '{}') as T;
  }

  it('sets up a weighted listener, registers targets, reads their health and shifts the weights', async () => {
    const health = ['--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '4', '--healthy-threshold-count', '2'];
    const groupArn = async (name: string): Promise<string> => (await json<{ TargetGroups: { TargetGroupArn: string }[] }>([
      'create-target-group', '--name', name, '--protocol', 'HTTP', '--port', '80', '--target-type', 'ip', ...health,
    ])).TargetGroups[0]?.TargetGroupArn ?? '';
    const blueArn = await groupArn('cli-blue');
    const greenArn = await groupArn('cli-green');
    const balancer = await json<{ LoadBalancers: { LoadBalancerArn: string; LoadBalancerName: string; State: { Code: string } }[] }>(['create-load-balancer', '--name', 'cli-lb', '--type', 'application']);
    assert.equal(balancer.LoadBalancers[0]?.State.Code, 'active');
    const port = await freePort();
    const listener = await json<{ Listeners: { ListenerArn: string; Port: number }[] }>([
      'create-listener', '--load-balancer-arn', balancer.LoadBalancers[0]?.LoadBalancerArn ?? '', '--protocol', 'HTTP', '--port', String(port),
      '--default-actions', JSON.stringify([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueArn, Weight: 100 }, { TargetGroupArn: greenArn, Weight: 0 }] } }]),
    ]);
    assert.equal(listener.Listeners[0]?.Port, port);
    await json(['register-targets', '--target-group-arn', blueArn, '--targets', `Id=127.0.0.1,Port=${blue.port}`]);
    await json(['register-targets', '--target-group-arn', greenArn, '--targets', `Id=127.0.0.1,Port=${green.port}`]);
    await waitFor('both targets healthy', async () => {
      const states = await Promise.all([blueArn, greenArn].map(async (arn) => (await json<{ TargetHealthDescriptions: { TargetHealth: { State: string } }[] }>([
        'describe-target-health', '--target-group-arn', arn,
      ])).TargetHealthDescriptions[0]?.TargetHealth.State));
      return states.every((s) => s === 'healthy') ? true : undefined;
    }, 20_000, 100);
    assert.equal((await send(port)).json?.name, 'blue');

    await json(['modify-listener', '--listener-arn', listener.Listeners[0]?.ListenerArn ?? '',
      '--default-actions', JSON.stringify([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueArn, Weight: 0 }, { TargetGroupArn: greenArn, Weight: 100 }] } }])]);
    assert.equal((await send(port)).json?.name, 'green');
    const described = await json<{ Listeners: { DefaultActions: { ForwardConfig: { TargetGroups: { Weight: number }[] } }[] }[] }>([
      'describe-listeners', '--listener-arns', listener.Listeners[0]?.ListenerArn ?? '',
    ]);
    assert.deepEqual(described.Listeners[0]?.DefaultActions[0]?.ForwardConfig.TargetGroups.map((g) => g.Weight), [0, 100]);
    const attributes = await json<{ Attributes: { Key: string; Value: string }[] }>([
      'modify-target-group-attributes', '--target-group-arn', blueArn, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=0',
    ]);
    assert.ok(attributes.Attributes.some((a) => a.Key === 'deregistration_delay.timeout_seconds' && a.Value === '0'));
    await json(['deregister-targets', '--target-group-arn', blueArn, '--targets', `Id=127.0.0.1,Port=${blue.port}`]);

    const missing = await cli.run(['elbv2', 'describe-target-health', '--target-group-arn', blueArn.replace(/[0-9a-f]{16}$/, '0000000000000000')]);
    assert.notEqual(missing.rc, 0);
    assert.match(missing.stderr, /\(TargetGroupNotFound\) when calling the DescribeTargetHealth operation: Target group '.*' not found/);
    const taken = await cli.run(['elbv2', 'create-listener', '--load-balancer-arn', balancer.LoadBalancers[0]?.LoadBalancerArn ?? '', '--protocol', 'HTTP',
      '--port', String(port), '--default-actions', `Type=forward,TargetGroupArn=${blueArn}`]);
    assert.notEqual(taken.rc, 0);
    assert.match(taken.stderr, /\(DuplicateListener\).*A listener already exists on port/);
  });
});
