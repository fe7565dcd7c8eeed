/**
 * The `TrafficRouter` port's refusals, as the deployment orchestrator meets them: an unknown
 * target group name, weights that send traffic nowhere, and `waitHealthy` giving up after its
 * timeout with the targets that are not healthy and why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isSluiceError } from '../../src/model/errors.ts';
import { targetGroupNameOf } from '../../src/services/router/arns.ts';
import type { TestServer } from '../support/server.ts';
import { createGroup, createListener, elbClient, freePort, startRouterServer, startUpstream, type Upstream } from './support.ts';

describe('TrafficRouter port', () => {
  let t: TestServer;
  let elb: ElasticLoadBalancingV2Client;
  let up: Upstream;
  before(async () => {
    t = await startRouterServer();
    elb = elbClient(t);
    up = await startUpstream('up');
  });
  after(async () => {
    elb?.destroy();
    await t?.close();
    await up?.close();
  });

  const code = (e: unknown): string => (isSluiceError(e) ? e.code : String(e));

  it('names what is wrong: unknown groups, weights that send traffic nowhere, targets that never turn healthy', async () => {
    const router = t.server.router.trafficRouter;
    await assert.rejects(router.registerTargets('no-such-group', [{ id: '127.0.0.1', port: 80 }]),
      (e) => code(e) === 'TargetGroupNotFoundException' && /'no-such-group' not found/.test((e as Error).message));

    const arn = await createGroup(elb, [up]);
    const { listenerArn } = await createListener(elb, [{ arn, weight: 1 }]);
    await assert.rejects(router.setWeights(listenerArn, [{ targetGroupArn: arn, weight: 0 }]), (e) => code(e) === 'InvalidLoadBalancerActionException');
    assert.deepEqual((await router.describeListener(listenerArn)).forward, [{ targetGroupArn: arn, weight: 1 }], 'the weights are unchanged');

    const name = targetGroupNameOf(arn);
    await router.waitHealthy(name, [{ id: '127.0.0.1', port: up.port }], 10_000);
    const closed = await freePort();
    await router.registerTargets(name, [{ id: '127.0.0.1', port: closed }]);
    await assert.rejects(router.waitHealthy(name, [{ id: '127.0.0.1', port: up.port }, { id: '127.0.0.1', port: closed }], 300), (e) => {
      assert.equal(code(e), 'ResourceUnavailableException');
      assert.match((e as Error).message, new RegExp(`not healthy within 300 ms: 127\\.0\\.0\\.1:${closed} \\((initial|unhealthy)`));
      assert.doesNotMatch((e as Error).message, new RegExp(`:${up.port}`));
      return true;
    });
    const health = await router.describeTargetHealth(name);
    assert.deepEqual(health.map((h) => h.target.port).sort(), [up.port, closed].sort());
  });
});
