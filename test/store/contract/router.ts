/**
 * Contract: the traffic router's configuration — load balancers and target groups unique by
 * name, listeners unique by port across load balancers and checked against their load balancer
 * and target groups, groups a listener forwards to kept from deletion, deleting a load balancer
 * removing its listeners, and targets registered, drained and removed (a target registered again
 * while draining stays).
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { ListenerRecord, LoadBalancerRecord, TargetGroupRecord } from '../../../src/store/router-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

const PREFIX = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:';
let nextPort = 20_000 + Math.floor(Math.random() * 20_000);

function makeGroup(name = uniqueName('tg')): TargetGroupRecord {
  return {
    arn: `${PREFIX}targetgroup/${name}/0123456789abcdef`, name, protocol: 'HTTP', port: 80, targetType: 'ip',
    healthCheck: { path: '/', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2, matcher: '200', port: 'traffic-port' },
    deregistrationDelaySeconds: 300, created: T0,
  };
}

function makeBalancer(name = uniqueName('lb')): LoadBalancerRecord {
  return { arn: `${PREFIX}loadbalancer/app/${name}/0123456789abcdef`, name, scheme: 'internet-facing', created: T0 };
}

function makeListener(balancer: LoadBalancerRecord, groups: TargetGroupRecord[], port = nextPort++): ListenerRecord {
  return {
    arn: `${balancer.arn.replace(':loadbalancer/', ':listener/')}/${uniqueName('l')}`, loadBalancerArn: balancer.arn, port, protocol: 'HTTP',
    forward: groups.map((g, i) => ({ targetGroupArn: g.arn, weight: i === 0 ? 90 : 10 })), created: T0,
  };
}

export function describeRouterContract(makeStore: MakeStore, test: ContractIt): void {
  describe('traffic router', () => {
    const store = useStore(makeStore);
    const router = () => store().router;

    test('creates load balancers and target groups once by name and reads them back in a snapshot', async () => {
      const balancer = makeBalancer();
      const group = makeGroup();
      assert.equal(await router().createLoadBalancer(balancer), true);
      assert.equal(await router().createLoadBalancer({ ...balancer, arn: `${balancer.arn}x` }), false);
      assert.equal(await router().createTargetGroup(group), true);
      assert.equal(await router().createTargetGroup({ ...group, arn: `${group.arn}x` }), false);
      const snapshot = await router().snapshot();
      assert.deepEqual(snapshot.loadBalancers.filter((b) => b.name === balancer.name), [balancer]);
      assert.deepEqual(snapshot.targetGroups.filter((g) => g.name === group.name), [group]);
      const updated = { ...group, healthCheck: { ...group.healthCheck, path: '/health' }, deregistrationDelaySeconds: 5 };
      assert.equal(await router().updateTargetGroup(updated), true);
      assert.deepEqual((await router().snapshot()).targetGroups.find((g) => g.arn === group.arn), updated);
      assert.equal(await router().updateTargetGroup({ ...group, arn: `${group.arn}-missing` }), false);
    });

    test('stores listeners with their weighted groups, one per port, checking what they name', async () => {
      const balancer = makeBalancer();
      const [blue, green] = [makeGroup(), makeGroup()] as [TargetGroupRecord, TargetGroupRecord];
      await router().createLoadBalancer(balancer);
      await router().createTargetGroup(blue);
      await router().createTargetGroup(green);
      const listener = makeListener(balancer, [blue, green]);
      assert.equal(await router().createListener(listener), 'ok');
      assert.deepEqual((await router().snapshot()).listeners.find((l) => l.arn === listener.arn), listener);
      assert.equal(await router().createListener({ ...makeListener(makeBalancer(), [blue]), port: listener.port }), 'missing-load-balancer');
      assert.equal(await router().createListener({ ...makeListener(balancer, [blue]), port: listener.port }), 'duplicate-port');
      assert.equal(await router().createListener(makeListener(balancer, [{ ...blue, arn: `${blue.arn}-missing` }])), 'missing-target-group');

      const shifted = [{ targetGroupArn: green.arn, weight: 100 }, { targetGroupArn: blue.arn, weight: 0 }];
      assert.equal(await router().updateListener(listener.arn, { port: listener.port, forward: shifted }), 'ok');
      assert.deepEqual((await router().snapshot()).listeners.find((l) => l.arn === listener.arn)?.forward, shifted, 'in the order given');
      assert.equal(await router().updateListener(`${listener.arn}-missing`, { port: 1, forward: shifted }), 'missing');

      assert.equal(await router().deleteTargetGroup(blue.arn), 'in-use');
      assert.equal(await router().deleteLoadBalancer(balancer.arn), true);
      assert.equal((await router().snapshot()).listeners.some((l) => l.arn === listener.arn), false, 'its listeners went with it');
      assert.equal(await router().deleteTargetGroup(blue.arn), 'deleted');
      assert.equal(await router().deleteTargetGroup(blue.arn), 'missing');
      assert.equal(await router().deleteLoadBalancer(balancer.arn), false);
    });

    test('registers, drains and removes targets; registering again ends a drain', async () => {
      const group = makeGroup();
      await router().createTargetGroup(group);
      const targets = [{ id: '10.0.0.1', port: 80 }, { id: 'app.internal', port: 8080 }];
      const mine = async () => (await router().snapshot()).targets.filter((t) => t.targetGroupArn === group.arn);
      assert.equal(await router().registerTargets(group.arn, targets, T0), true);
      assert.equal(await router().registerTargets(`${group.arn}-missing`, targets, T0), false);
      assert.deepEqual(await mine(), [
        { targetGroupArn: group.arn, id: '10.0.0.1', port: 80, registered: T0 },
        { targetGroupArn: group.arn, id: 'app.internal', port: 8080, registered: T0 },
      ]);
      assert.equal(await router().registerTargets(group.arn, targets.slice(0, 1), T0 + 5), true);
      assert.equal((await mine())[0]?.registered, T0, 'registering an active target again changes nothing');

      assert.equal(await router().drainTargets(group.arn, targets, T0 + 1000), true);
      assert.equal(await router().drainTargets(group.arn, targets, T0 + 9999), true);
      assert.deepEqual((await mine()).map((t) => t.drainingUntil), [T0 + 1000, T0 + 1000], 'a drain keeps its first deadline');
      assert.equal(await router().registerTargets(group.arn, targets.slice(1), T0 + 50), true);
      assert.deepEqual((await mine())[1], { targetGroupArn: group.arn, id: 'app.internal', port: 8080, registered: T0 + 50 });

      await router().removeDrainedTargets(group.arn, targets);
      assert.deepEqual((await mine()).map((t) => t.id), ['app.internal'], 'only the draining target left');
      assert.equal(await router().deleteTargetGroup(group.arn), 'deleted');
      assert.deepEqual(await mine(), []);
    });
  });
}
