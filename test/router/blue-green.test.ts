/**
 * A blue/green release through the `TrafficRouter` port, as the deployment orchestrator drives
 * it, while a client sends requests continuously over keep-alive connections: the green hosts
 * are registered and waited healthy, the weights move 0→10→…→100 in steps, one green host stops
 * without warning (its requests are retried on the other), and the blue hosts are deregistered,
 * drained and stopped. The client must see zero failed requests.
 */
import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { targetGroupNameOf } from '../../src/services/router/arns.ts';
import { waitFor } from '../compat/support.ts';
import type { TestServer } from '../support/server.ts';
import { createGroup, createListener, elbClient, send, startRouterServer, startUpstream, waitForHealth, type Upstream } from './support.ts';

/** Clients sending requests one after another until stopped, counting answers by upstream and failures. */
function startClients(port: number, clients: number): { served: () => number; byName: Map<string, number>; failures: string[]; stop(): Promise<void> } {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const byName = new Map<string, number>();
  const failures: string[] = [];
  let served = 0;
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      try {
        const answer = await send(port, { agent });
        if (answer.status !== 200) failures.push(`HTTP ${answer.status}`);
        else byName.set(answer.json?.name ?? '?', (byName.get(answer.json?.name ?? '?') ?? 0) + 1);
      } catch (e) {
        failures.push(String(e));
      }
      served++;
    }
  };
  const loops = Array.from({ length: clients }, loop);
  return {
    served: () => served, byName, failures,
    async stop() {
      running = false;
      await Promise.all(loops);
      agent.destroy();
    },
  };
}

describe('blue/green release', () => {
  let t: TestServer;
  let elb: ElasticLoadBalancingV2Client;
  let blue: Upstream[];
  let green: Upstream[];
  before(async () => {
    t = await startRouterServer();
    elb = elbClient(t);
    blue = await Promise.all(['blue-1', 'blue-2'].map((n) => startUpstream(n)));
    green = await Promise.all(['green-1', 'green-2'].map((n) => startUpstream(n)));
  });
  after(async () => {
    elb?.destroy();
    await t?.close();
    await Promise.all([...blue, ...green].map((u) => u.close()));
  });

  it('shifts all traffic from blue to green with zero failed requests', async () => {
    const router = t.server.router.trafficRouter;
    const blueArn = await createGroup(elb, blue, 30);
    const greenArn = await createGroup(elb, [], 30);
    const { listenerArn, port } = await createListener(elb, [{ arn: blueArn, weight: 100 }, { arn: greenArn, weight: 0 }]);
    await waitForHealth(elb, blueArn, 'healthy', 2);
    const clients = startClients(port, 4);
    const progress = async (requests: number): Promise<void> => {
      const target = clients.served() + requests;
      await waitFor(`${requests} more requests`, async () => (clients.served() >= target ? true : undefined));
    };
    try {
      await progress(50);
      await router.registerTargets(targetGroupNameOf(greenArn), green.map((u) => ({ id: '127.0.0.1', port: u.port })));
      await router.waitHealthy(targetGroupNameOf(greenArn), green.map((u) => ({ id: '127.0.0.1', port: u.port })), 10_000);
      for (let weight = 10; weight <= 100; weight += 10) {
        await router.setWeights(listenerArn, [{ targetGroupArn: blueArn, weight: 100 - weight }, { targetGroupArn: greenArn, weight }]);
        await progress(30);
      }
      // A green host stops before any health check notices: its requests go to the other one.
      const stopped = green[1] as Upstream;
      await stopped.close();
      await progress(40);
      await router.deregisterTargets(targetGroupNameOf(blueArn), blue.map((u) => ({ id: '127.0.0.1', port: u.port })));
      await Promise.all(blue.map((u) => u.close()));
      const before = clients.byName.get('green-1') ?? 0;
      await progress(50);
      assert.ok((clients.byName.get('green-1') ?? 0) >= before + 50, 'the remaining green host serves everything at the end');
    } finally {
      await clients.stop();
    }
    assert.deepEqual(clients.failures, []);
    assert.ok((clients.byName.get('blue-1') ?? 0) > 0 && (clients.byName.get('blue-2') ?? 0) > 0, 'blue served before the shift');
    assert.ok((clients.byName.get('green-2') ?? 0) > 0, 'both green hosts served during the shift');
    assert.equal((await router.describeTargetHealth(targetGroupNameOf(blueArn))).length, 0, 'blue hosts are gone from their group');
    assert.ok(clients.served() > 400);
  });
});
