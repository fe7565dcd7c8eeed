/**
 * The traffic router's ELBv2 API on a real server through `@aws-sdk/client-elastic-load-balancing-v2`:
 * load balancers, target groups, listeners and targets as ELB shapes them, requests forwarded
 * through a listener to real upstream servers (headers, streamed bodies), the router's own
 * 502/503/504 answers, and bad input refused with ELB's error codes, changing nothing.
 */
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DeleteListenerCommand, DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand, DeregisterTargetsCommand, DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, ModifyListenerCommand, ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { makeUser, policyOf } from '../support/iam.ts';
import type { TestServer } from '../support/server.ts';
import {
  createGroup, createListener, elbClient, FAST_HEALTH, freePort, send, startRouterServer, startUpstream, uniqueName, waitForHealth, type Upstream,
} from '../router/support.ts';

/** The error an SDK call rejects with: its name (ELB's code) and message. */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, ...(err.$metadata?.httpStatusCode !== undefined && { status: err.$metadata.httpStatusCode }) };
  }
  throw new Error('expected the call to fail');
}

describe('ELBv2 API and forwarding', () => {
  let t: TestServer;
  let elb: ElasticLoadBalancingV2Client;
  let a: Upstream;
  let b: Upstream;
  before(async () => {
    t = await startRouterServer({ idleTimeoutMs: 500 });
    elb = elbClient(t);
    [a, b] = await Promise.all([startUpstream('a'), startUpstream('b')]);
  });
  after(async () => {
    elb?.destroy();
    await t?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  it('creates and describes load balancers, target groups and listeners as ELB shapes them', async () => {
    const name = uniqueName('web');
    const created = await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 8080, TargetType: 'ip', HealthCheckPath: '/up', Matcher: { HttpCode: '200-299' } }));
    const group = created.TargetGroups?.[0];
    assert.match(group?.TargetGroupArn ?? '', new RegExp(`^arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/${name}/[0-9a-f]{16}$`));
    assert.deepEqual({ ...group, TargetGroupArn: undefined }, {
      TargetGroupArn: undefined, TargetGroupName: name, Protocol: 'HTTP', Port: 8080, HealthCheckProtocol: 'HTTP', HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true, HealthCheckIntervalSeconds: 30, HealthCheckTimeoutSeconds: 5, HealthyThresholdCount: 5, UnhealthyThresholdCount: 2,
      HealthCheckPath: '/up', Matcher: { HttpCode: '200-299' }, LoadBalancerArns: [], TargetType: 'ip', ProtocolVersion: 'HTTP1', IpAddressType: 'ipv4',
    });
    // The same settings again return the same group, as ELB's creates are idempotent.
    const again = await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 8080, TargetType: 'ip', HealthCheckPath: '/up', Matcher: { HttpCode: '200-299' } }));
    assert.equal(again.TargetGroups?.[0]?.TargetGroupArn, group?.TargetGroupArn);

    const balancerName = uniqueName('lb');
    const balancer = (await elb.send(new CreateLoadBalancerCommand({ Name: balancerName }))).LoadBalancers?.[0];
    assert.match(balancer?.LoadBalancerArn ?? '', new RegExp(`:loadbalancer/app/${balancerName}/[0-9a-f]{16}$`));
    assert.equal(balancer?.State?.Code, 'active');
    assert.equal(balancer?.Type, 'application');
    assert.equal(balancer?.DNSName, '127.0.0.1');
    assert.ok(balancer?.CreatedTime instanceof Date);
    const port = await freePort();
    const listener = (await elb.send(new CreateListenerCommand({
      LoadBalancerArn: balancer?.LoadBalancerArn, Protocol: 'HTTP', Port: port, DefaultActions: [{ Type: 'forward', TargetGroupArn: group?.TargetGroupArn }],
    }))).Listeners?.[0];
    assert.match(listener?.ListenerArn ?? '', new RegExp(`:listener/app/${balancerName}/[0-9a-f]{16}/[0-9a-f]{16}$`));
    assert.deepEqual(listener?.DefaultActions, [{
      Type: 'forward', TargetGroupArn: group?.TargetGroupArn,
      ForwardConfig: { TargetGroups: [{ TargetGroupArn: group?.TargetGroupArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } },
    }]);
    const listed = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: balancer?.LoadBalancerArn }));
    assert.deepEqual(listed.Listeners?.map((l) => [l.ListenerArn, l.Port]), [[listener?.ListenerArn, port]]);
    const groups = await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }));
    assert.deepEqual(groups.TargetGroups?.[0]?.LoadBalancerArns, [balancer?.LoadBalancerArn]);
    const balancers = await elb.send(new DescribeLoadBalancersCommand({ Names: [balancerName] }));
    assert.equal(balancers.LoadBalancers?.[0]?.LoadBalancerArn, balancer?.LoadBalancerArn);
    const attributes = await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: group?.TargetGroupArn }));
    assert.deepEqual(attributes.Attributes?.find((x) => x.Key === 'deregistration_delay.timeout_seconds'), { Key: 'deregistration_delay.timeout_seconds', Value: '300' });

    // A second listener, then pages of one listener each.
    const second = (await elb.send(new CreateListenerCommand({
      LoadBalancerArn: balancer?.LoadBalancerArn, Protocol: 'HTTP', Port: await freePort(), DefaultActions: [{ Type: 'forward', TargetGroupArn: group?.TargetGroupArn }],
    }))).Listeners?.[0];
    const first = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: balancer?.LoadBalancerArn, PageSize: 1 }));
    assert.ok(first.NextMarker);
    const rest = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: balancer?.LoadBalancerArn, PageSize: 1, Marker: first.NextMarker }));
    assert.deepEqual([...(first.Listeners ?? []), ...(rest.Listeners ?? [])].map((l) => l.ListenerArn).sort(), [listener?.ListenerArn, second?.ListenerArn].sort());
    assert.equal(rest.NextMarker, undefined);

    // Moving a listener to another port closes the old one and opens the new one.
    const moved = await freePort();
    await elb.send(new ModifyListenerCommand({ ListenerArn: second?.ListenerArn, Port: moved }));
    await assert.rejects(send(second?.Port ?? 0), /ECONNREFUSED/);
    assert.equal((await send(moved)).status, 503, 'the group has no targets');

    // Deleting the load balancer closes its listeners' ports; the group is then free to delete.
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: balancer?.LoadBalancerArn }));
    await assert.rejects(send(port), /ECONNREFUSED/);
    await assert.rejects(send(moved), /ECONNREFUSED/);
    await elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: group?.TargetGroupArn }));
    assert.equal((await failure(elb.send(new DescribeTargetGroupsCommand({ Names: [name] })))).name, 'TargetGroupNotFoundException');
  });

  it('forwards requests to healthy targets in turn, with forwarded headers and streamed bodies', async () => {
    const arn = await createGroup(elb, [a, b]);
    const { port } = await createListener(elb, [{ arn, weight: 1 }]);
    const health = await waitForHealth(elb, arn, 'healthy', 2);
    assert.deepEqual(health.map((h) => h.port).sort(), [a.port, b.port].sort());
    const names = [];
    for (let i = 0; i < 4; i++) names.push((await send(port)).json?.name);
    assert.deepEqual(names.sort(), ['a', 'a', 'b', 'b']);

    const body = 'x'.repeat(256 * 1024);
    const answer = await send(port, {
      method: 'POST', path: '/echo?q=1', body,
      headers: { 'x-forwarded-for': '203.0.113.7', connection: 'keep-alive, x-drop-me', 'x-drop-me': 'hop', 'x-keep': 'end-to-end' },
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.json?.url, '/echo?q=1');
    assert.equal(answer.json?.body.length, body.length);
    const seen = answer.json?.headers ?? {};
    assert.equal(seen['x-forwarded-for'], '203.0.113.7, 127.0.0.1');
    assert.equal(seen['x-forwarded-proto'], 'http');
    assert.equal(seen['x-forwarded-port'], String(port));
    assert.equal(seen['x-keep'], 'end-to-end');
    assert.equal(seen['x-drop-me'], undefined);
    assert.equal(seen.host, `127.0.0.1:${port}`);
    assert.equal(answer.headers['x-upstream'] !== undefined, true);
    assert.equal(answer.headers['x-hop'], undefined, 'the headers the target\'s Connection names stay on its hop');
  });

  it('answers 503 without targets, 502 when a target refuses and 504 when it is silent, as ALB does', async () => {
    const empty = await createGroup(elb, []);
    const { port: emptyPort, listenerArn } = await createListener(elb, [{ arn: empty, weight: 1 }]);
    const unavailable = await send(emptyPort);
    assert.equal(unavailable.status, 503);
    assert.match(unavailable.body, /<title>503 Service Temporarily Unavailable<\/title>/);
    assert.equal(unavailable.headers.server, 'awselb/2.0');

    // A port nothing listens on: the POST is not retried and is answered 502.
    const closed = await freePort();
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: empty, Targets: [{ Id: '127.0.0.1', Port: closed }] }));
    const refused = await send(emptyPort, { method: 'POST', body: 'data' });
    assert.equal(refused.status, 502);
    assert.match(refused.body, /502 Bad Gateway/);

    // A target that accepts and never answers: 504 after the idle timeout (500 ms here).
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => { sockets.add(socket); });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const silentGroup = await createGroup(elb, []);
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: silentGroup, Targets: [{ Id: '127.0.0.1', Port: (silent.address() as { port: number }).port }] }));
    await elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: [{ Type: 'forward', TargetGroupArn: silentGroup }] }));
    const timedOut = await send(emptyPort);
    assert.equal(timedOut.status, 504);
    assert.match(timedOut.body, /504 Gateway Time-out/);
    // Health checks keep connecting to it: close their sockets too.
    const closing = new Promise((resolve) => silent.close(resolve));
    for (const socket of sockets) socket.destroy();
    await elb.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
    for (const socket of sockets) socket.destroy();
    await closing;
  });

  it('authorizes elasticloadbalancing:<Action> on the resource ARN', async () => {
    const arn = await createGroup(elb, []);
    const reader = await makeUser(t, uniqueName('reader'), policyOf(
      { Effect: 'Allow', Action: 'elasticloadbalancing:Describe*', Resource: '*' },
      { Effect: 'Allow', Action: 'elasticloadbalancing:RegisterTargets', Resource: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/other/*' },
    ));
    const limited = new ElasticLoadBalancingV2Client({ endpoint: t.url, region: 'us-east-1', credentials: reader, maxAttempts: 1 });
    try {
      assert.equal((await limited.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions?.length, 0);
      const denied = await failure(limited.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '127.0.0.1', Port: 80 }] })));
      assert.equal(denied.name, 'AccessDenied');
      assert.equal(denied.status, 403);
      assert.match(denied.message, /elasticloadbalancing:RegisterTargets/);
    } finally {
      limited.destroy();
    }
    assert.deepEqual((await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }))).TargetHealthDescriptions, [], 'nothing was registered');
  });

  it('refuses bad input with ELB\'s errors and stores nothing', async () => {
    const arn = await createGroup(elb, []);
    const { loadBalancerArn, listenerArn, port } = await createListener(elb, [{ arn, weight: 1 }]);
    const missingGroup = arn.replace(/\/[0-9a-f]{16}$/, '/0000000000000000');

    const unknown = await failure(elb.send(new RegisterTargetsCommand({ TargetGroupArn: missingGroup, Targets: [{ Id: '127.0.0.1', Port: 80 }] })));
    assert.deepEqual(unknown, { name: 'TargetGroupNotFoundException', message: `Target group '${missingGroup}' not found`, status: 400 });

    const forward = (groups: { TargetGroupArn: string; Weight: number }[]) => [{ Type: 'forward' as const, ForwardConfig: { TargetGroups: groups } }];
    const duplicate = await failure(elb.send(new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: port, DefaultActions: forward([{ TargetGroupArn: arn, Weight: 5 }]) })));
    assert.deepEqual(duplicate, { name: 'DuplicateListenerException', message: `A listener already exists on port ${port}`, status: 400 });

    const zero = await failure(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward([{ TargetGroupArn: arn, Weight: 0 }]) })));
    assert.equal(zero.name, 'InvalidLoadBalancerActionException');
    assert.match(zero.message, /at least one target group .* weight greater than 0/i);
    const heavy = await failure(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward([{ TargetGroupArn: arn, Weight: 1000 }]) })));
    assert.equal(heavy.name, 'ValidationError');
    assert.match(heavy.message, /between 0 and 999/);
    const twice = await failure(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward([{ TargetGroupArn: arn, Weight: 1 }, { TargetGroupArn: arn, Weight: 1 }]) })));
    assert.equal(twice.name, 'InvalidLoadBalancerActionException');
    const none = await failure(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: [] })));
    assert.deepEqual(none, { name: 'ValidationError', message: 'A listener must have one default action', status: 400 });
    const redirect = await failure(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: [{ Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301', Host: 'example.com' } }] })));
    assert.equal(redirect.name, 'InvalidLoadBalancerActionException');
    const ghost = await failure(elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: forward([{ TargetGroupArn: missingGroup, Weight: 1 }]) })));
    assert.equal(ghost.name, 'TargetGroupNotFoundException');
    const listener = (await elb.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners?.[0];
    assert.deepEqual(listener?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups, [{ TargetGroupArn: arn, Weight: 1 }], 'the listener is unchanged');

    // A port another program holds: refused before anything is stored.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    const held = (holder.address() as { port: number }).port;
    const busy = await failure(elb.send(new CreateListenerCommand({ LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: held, DefaultActions: forward([{ TargetGroupArn: arn, Weight: 1 }]) })));
    assert.deepEqual(busy, { name: 'InvalidConfigurationRequestException', message: `Port ${held} cannot be opened on 127.0.0.1: it is already in use`, status: 400 });
    await new Promise((resolve) => holder.close(resolve));
    const listeners = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancerArn }));
    assert.deepEqual(listeners.Listeners?.map((l) => l.Port), [port]);

    const name = (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups?.[0]?.TargetGroupName ?? '';
    const clash = await failure(elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 81 })));
    assert.deepEqual(clash, { name: 'DuplicateTargetGroupNameException', message: `A target group with the same name '${name}' exists, but with different settings`, status: 400 });
    const badName = await failure(elb.send(new CreateTargetGroupCommand({ Name: 'under_score', Protocol: 'HTTP', Port: 80 })));
    assert.equal(badName.name, 'ValidationError');
    assert.match(badName.message, /Target group name 'under_score' can only contain characters that are alphanumeric characters or hyphens/);
    const https = await failure(elb.send(new CreateTargetGroupCommand({ Name: uniqueName('tls'), Protocol: 'HTTPS', Port: 443 })));
    assert.equal(https.name, 'UnsupportedProtocolException');
    const timing = await failure(elb.send(new CreateTargetGroupCommand({ Name: uniqueName('t'), Protocol: 'HTTP', Port: 80, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 6 })));
    assert.equal(timing.name, 'ValidationError');
    const range = await failure(elb.send(new CreateTargetGroupCommand({ Name: uniqueName('t'), Protocol: 'HTTP', Port: 80, HealthCheckIntervalSeconds: 1 })));
    assert.equal(range.name, 'ValidationError');
    assert.match(range.message, /healthCheckIntervalSeconds/);
    const matcher = await failure(elb.send(new ModifyTargetGroupCommand({ TargetGroupArn: arn, Matcher: { HttpCode: '600' } })));
    assert.equal(matcher.name, 'ValidationError');
    const delay = await failure(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '4000' }] })));
    assert.equal(delay.name, 'ValidationError');
    const sticky = await failure(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'stickiness.enabled', Value: 'true' }] })));
    assert.equal(sticky.name, 'InvalidConfigurationRequestException');
    const notRegistered = await failure(elb.send(new DeregisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: '127.0.0.1', Port: 9 }] })));
    assert.equal(notRegistered.name, 'InvalidTargetException');
    const badTarget = await failure(elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: 'bad host!', Port: 80 }] })));
    assert.equal(badTarget.name, 'InvalidTargetException');
    const inUse = await failure(elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })));
    assert.equal(inUse.name, 'ResourceInUseException');
    const noListener = await failure(elb.send(new DeleteListenerCommand({ ListenerArn: `${listenerArn.slice(0, -16)}0000000000000000` })));
    assert.equal(noListener.name, 'ListenerNotFoundException');
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    assert.deepEqual(health.TargetHealthDescriptions, [], 'no target was registered by the refused calls');
    const attributes = await elb.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }));
    assert.equal(attributes.Attributes?.find((x) => x.Key === 'deregistration_delay.timeout_seconds')?.Value, '300');
    assert.equal((await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }))).TargetGroups?.[0]?.Matcher?.HttpCode, '200');
    assert.equal(FAST_HEALTH.HealthCheckPath, '/health');
  });

  // Runs last: it fills the server up to the load balancer limit.
  it('names the limit when one more load balancer would exceed it', async () => {
    const existing = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.length ?? 0;
    for (let i = existing; i < 50; i++) await elb.send(new CreateLoadBalancerCommand({ Name: uniqueName('fill') }));
    const over = await failure(elb.send(new CreateLoadBalancerCommand({ Name: uniqueName('over') })));
    assert.deepEqual(over, { name: 'TooManyLoadBalancersException', message: 'You have reached the limit of 50 load balancers', status: 400 });
    assert.equal((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers?.length, 50);
  });
});
