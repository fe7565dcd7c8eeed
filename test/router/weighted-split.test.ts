/**
 * Weighted forwarding on a real server: a listener splits requests between two target groups
 * exactly by their weights (smooth weighted round-robin is deterministic), and ModifyListener
 * changes the split for the requests that follow.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ModifyListenerCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TestServer } from '../support/server.ts';
import { createGroup, createListener, elbClient, send, startRouterServer, startUpstream, waitForHealth, type Upstream } from './support.ts';

describe('weighted forwarding', () => {
  let t: TestServer;
  let elb: ElasticLoadBalancingV2Client;
  let blue: Upstream;
  let green: Upstream;
  const agent = new Agent({ keepAlive: true });
  before(async () => {
    t = await startRouterServer();
    elb = elbClient(t);
    [blue, green] = await Promise.all([startUpstream('blue'), startUpstream('green')]);
  });
  after(async () => {
    agent.destroy();
    elb?.destroy();
    await t?.close();
    await Promise.all([blue?.close(), green?.close()]);
  });

  async function split(port: number, requests: number): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (let i = 0; i < requests; i++) {
      const answer = await send(port, { agent });
      assert.equal(answer.status, 200);
      const name = answer.json?.name ?? '?';
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  }

  it('splits requests between target groups by weight, and ModifyListener moves the split', async () => {
    const [blueGroup, greenGroup] = await Promise.all([createGroup(elb, [blue]), createGroup(elb, [green])]);
    const { port, listenerArn } = await createListener(elb, [{ arn: blueGroup, weight: 30 }, { arn: greenGroup, weight: 70 }]);
    await Promise.all([waitForHealth(elb, blueGroup, 'healthy', 1), waitForHealth(elb, greenGroup, 'healthy', 1)]);
    assert.deepEqual(await split(port, 300), { blue: 90, green: 210 });

    await elb.send(new ModifyListenerCommand({
      ListenerArn: listenerArn,
      DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueGroup, Weight: 1 }, { TargetGroupArn: greenGroup, Weight: 3 }] } }],
    }));
    // Smooth: every 4 requests carry exactly 1 blue and 3 green, not 3 greens in a burst at the end.
    const window = await split(port, 4);
    assert.deepEqual(window, { blue: 1, green: 3 });
    assert.deepEqual(await split(port, 200), { blue: 50, green: 150 });

    await elb.send(new ModifyListenerCommand({
      ListenerArn: listenerArn,
      DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blueGroup, Weight: 0 }, { TargetGroupArn: greenGroup, Weight: 10 }] } }],
    }));
    assert.deepEqual(await split(port, 50), { green: 50 });
  });
});
