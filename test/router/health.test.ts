/**
 * Health checks on a real server against real upstreams: a new target is `initial`, a failing
 * one turns `unhealthy` with ELB's reason and stops receiving requests, it comes back after
 * HealthyThresholdCount passes, and a group whose targets are all unhealthy fails open, as ALB.
 */
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DescribeTargetHealthCommand, RegisterTargetsCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { targetGroupNameOf } from '../../src/services/router/arns.ts';
import { waitFor } from '../compat/support.ts';
import type { TestServer } from '../support/server.ts';
import { createGroup, createListener, elbClient, send, startRouterServer, startUpstream, waitForHealth, type Upstream } from './support.ts';

describe('health checks', () => {
  let t: TestServer;
  let elb: ElasticLoadBalancingV2Client;
  let a: Upstream;
  let b: Upstream;
  before(async () => {
    t = await startRouterServer();
    elb = elbClient(t);
    [a, b] = await Promise.all([startUpstream('a'), startUpstream('b')]);
  });
  after(async () => {
    elb?.destroy();
    await t?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  const healthOf = async (arn: string, port: number): Promise<{ State?: string; Reason?: string; Description?: string } | undefined> => {
    const described = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn, Targets: [{ Id: '127.0.0.1', Port: port }] }));
    return described.TargetHealthDescriptions?.[0]?.TargetHealth;
  };
  const names = async (port: number, n: number): Promise<string[]> => {
    const seen = [];
    for (let i = 0; i < n; i++) seen.push((await send(port)).json?.name ?? '?');
    return [...new Set(seen)].sort();
  };

  it('flips a failing target to unhealthy and back, routing around it meanwhile', async () => {
    const arn = await createGroup(elb, [a, b]);
    const { port } = await createListener(elb, [{ arn, weight: 1 }]);
    await waitForHealth(elb, arn, 'healthy', 2);

    b.healthStatus = 500;
    const unhealthy = await waitFor('b unhealthy', async () => { const h = await healthOf(arn, b.port); return h?.State === 'unhealthy' ? h : undefined; });
    assert.deepEqual(unhealthy, { State: 'unhealthy', Reason: 'Target.ResponseCodeMismatch', Description: 'Health checks failed with these codes: [500]' });
    assert.deepEqual(await names(port, 6), ['a']);

    // Every target unhealthy: the group fails open and both get requests again.
    a.healthStatus = 503;
    await waitForHealth(elb, arn, 'unhealthy', 2);
    assert.deepEqual(await names(port, 6), ['a', 'b']);

    b.healthStatus = 200;
    await waitFor('b healthy', async () => ((await healthOf(arn, b.port))?.State === 'healthy' ? true : undefined));
    assert.deepEqual(await names(port, 6), ['b']);
    a.healthStatus = 200;
    await waitForHealth(elb, arn, 'healthy', 2);
  });

  it('shows new targets initial, unreachable ones unhealthy, unused groups and unregistered targets as ELB does', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => { sockets.add(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentPort = (silent.address() as { port: number }).port;
    const arn = await createGroup(elb, []);
    await createListener(elb, [{ arn, weight: 1 }]);
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '127.0.0.1', Port: silentPort }] }));
    // Its first check takes the whole timeout (4 ELB seconds), so it is still registering.
    assert.deepEqual(await healthOf(arn, silentPort), { State: 'initial', Reason: 'Elb.RegistrationInProgress', Description: 'Target registration is in progress' });
    const timedOut = await waitFor('silent target unhealthy', async () => { const h = await healthOf(arn, silentPort); return h?.State === 'unhealthy' ? h : undefined; });
    assert.deepEqual(timedOut, { State: 'unhealthy', Reason: 'Target.Timeout', Description: 'Request timed out' });
    assert.deepEqual(await healthOf(arn, 9), { State: 'unused', Reason: 'Target.NotRegistered', Description: 'Target is not registered to the target group' });

    const spare = await createGroup(elb, [a]);
    const described = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: spare }));
    assert.deepEqual(described.TargetHealthDescriptions?.map((d) => [d.Target?.Port, d.HealthCheckPort, d.TargetHealth?.State, d.TargetHealth?.Reason]),
      [[a.port, String(a.port), 'unused', 'Target.NotInUse']]);
    const closing = new Promise((resolve) => silent.close(resolve));
    // Deregistered, it is no longer checked (it drains at once: nothing is in flight).
    await t.server.router.trafficRouter.deregisterTargets(targetGroupNameOf(arn), [{ id: '127.0.0.1', port: silentPort }]);
    for (const socket of sockets) socket.destroy();
    await closing;
  });
});
