/**
 * Draining on a real server: a deregistered target keeps its in-flight request alive and gets no
 * new ones; it leaves the group as soon as that request has finished, or, when the request is
 * still running at `deregistration_delay.timeout_seconds`, the request is cut and it leaves then.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DeregisterTargetsCommand, DescribeTargetHealthCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { targetGroupNameOf } from '../../src/services/router/arns.ts';
import { waitFor } from '../compat/support.ts';
import type { TestServer } from '../support/server.ts';
import { createGroup, createListener, elbClient, send, startRouterServer, startUpstream, waitForHealth, type Upstream } from './support.ts';

describe('draining', () => {
  let t: TestServer;
  let elb: ElasticLoadBalancingV2Client;
  let upstreams: Upstream[];
  before(async () => {
    t = await startRouterServer();
    elb = elbClient(t);
    upstreams = await Promise.all(['a', 'b', 'c', 'd'].map((name) => startUpstream(name)));
  });
  after(async () => {
    elb?.destroy();
    await t?.close();
    await Promise.all(upstreams.map((u) => u.close()));
  });

  const registeredPorts = async (arn: string): Promise<{ port: number; state: string }[]> => (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn })))
    .TargetHealthDescriptions?.map((d) => ({ port: d.Target?.Port ?? 0, state: d.TargetHealth?.State ?? '' })) ?? [];

  /** Sends GET /slow and resolves with the target that holds it, and the pending answer. */
  async function holdSlowRequest(port: number, pair: Upstream[]): Promise<{ holder: Upstream; other: Upstream; answer: Promise<{ status: number; name?: string }> }> {
    const arrived = pair.map((u) => u.slowArrived().then(() => u));
    const answer = send(port, { path: '/slow' }).then((a) => ({ status: a.status, ...(a.json && { name: a.json.name }) }), () => ({ status: 0 }));
    const holder = await Promise.race(arrived);
    return { holder, other: pair.find((u) => u !== holder) as Upstream, answer };
  }

  it('keeps the in-flight request alive, sends no new ones, and removes the target once it is idle', async () => {
    const pair = upstreams.slice(0, 2);
    const arn = await createGroup(elb, pair, 300);
    const { port } = await createListener(elb, [{ arn, weight: 1 }]);
    await waitForHealth(elb, arn, 'healthy', 2);
    const { holder, other, answer } = await holdSlowRequest(port, pair);

    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '127.0.0.1', Port: holder.port }] }));
    const described = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn, Targets: [{ Id: '127.0.0.1', Port: holder.port }] }));
    assert.deepEqual(described.TargetHealthDescriptions?.[0]?.TargetHealth,
      { State: 'draining', Reason: 'Target.DeregistrationInProgress', Description: 'Target deregistration is in progress' });
    const hitsBefore = holder.hits;
    for (let i = 0; i < 6; i++) assert.equal((await send(port)).json?.name, other.name);
    assert.equal(holder.hits, hitsBefore, 'the draining target got no new request');
    assert.equal(holder.held, 1, 'its in-flight request is still running');

    holder.releaseSlow();
    assert.deepEqual(await answer, { status: 200, name: holder.name });
    // Idle now: it leaves the group long before the 300 s delay.
    await waitFor('the drained target removed', async () => ((await registeredPorts(arn)).length === 1 ? true : undefined));
    assert.deepEqual(await registeredPorts(arn), [{ port: other.port, state: 'healthy' }]);
  });

  it('cuts a request still running at the deregistration delay and removes the target then', async () => {
    const pair = upstreams.slice(2, 4);
    // 4 ELB seconds: 320 ms here.
    const arn = await createGroup(elb, pair, 4);
    const { port } = await createListener(elb, [{ arn, weight: 1 }]);
    await waitForHealth(elb, arn, 'healthy', 2);
    const { holder, other, answer } = await holdSlowRequest(port, pair);

    const started = Date.now();
    await t.server.router.trafficRouter.deregisterTargets(targetGroupNameOf(arn), [{ id: '127.0.0.1', port: holder.port }]);
    assert.ok(Date.now() - started >= 300, 'deregisterTargets resolved when the delay had passed');
    assert.equal((await answer).status, 0, 'the client\'s request was cut');
    assert.deepEqual(await registeredPorts(arn), [{ port: other.port, state: 'healthy' }]);
    holder.releaseSlow();
  });
});
