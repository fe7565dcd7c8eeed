/**
 * Pieces of the traffic router tests: real upstream HTTP servers that say who answered, whose
 * health endpoint can be switched and whose slow endpoint holds requests until the test lets
 * them go; a Sluice server with a shortened ELB "second"; an ELBv2 client; and a load balancer
 * with one listener forwarding to target groups, set up through the API as a user would.
 */
import { createServer, request, type Agent, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client, ModifyTargetGroupAttributesCommand, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { randomUUID } from 'node:crypto';
import { waitFor } from '../compat/support.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

export interface Upstream {
  name: string;
  port: number;
  /** Requests served, health checks excluded. */
  hits: number;
  /** The status `GET /health` answers. */
  healthStatus: number;
  /** Requests waiting in `GET /slow` (released by `releaseSlow()`). */
  held: number;
  releaseSlow(): void;
  /** Resolves when a request is held in `/slow`. */
  slowArrived(): Promise<void>;
  close(): Promise<void>;
}

export async function startUpstream(name: string): Promise<Upstream> {
  let release: (() => void)[] = [];
  let arrived: (() => void)[] = [];
  const upstream: Upstream = {
    name, port: 0, hits: 0, healthStatus: 200, held: 0,
    releaseSlow: () => { for (const r of release) r(); release = []; },
    slowArrived: () => new Promise((resolve) => { arrived.push(resolve); }),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const server: Server = createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(upstream.healthStatus).end();
      return;
    }
    upstream.hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (): void => {
        res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': name, connection: 'keep-alive, x-hop', 'x-hop': 'this hop only' });
        res.end(JSON.stringify({ name, method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
      };
      if (req.url !== '/slow') {
        answer();
        return;
      }
      upstream.held++;
      release.push(() => { upstream.held--; answer(); });
      for (const a of arrived) a();
      arrived = [];
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  upstream.port = (server.address() as AddressInfo).port;
  return upstream;
}

export interface Answer { status: number; headers: IncomingHttpHeaders; body: string; json?: { name: string; method: string; url: string; headers: IncomingHttpHeaders; body: string } }

/** One request to the listener on `port`, with the answer's body read. */
export function send(port: number, options: { path?: string; method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers, ...(options.agent && { agent: options.agent }) }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => { body += d; });
      res.on('end', () => {
        const json = (res.headers['content-type'] === 'application/json' ? JSON.parse(body) : undefined) as Answer['json'];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ...(json && { json }) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A free loopback port (listened on once, then closed). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** ELB "seconds" in the router tests, ms: a 5 s health check interval takes 400 ms, its 4 s timeout 320 ms (room for a loaded machine). */
export const SECOND_MS = 80;

export async function startRouterServer(over: { idleTimeoutMs?: number } = {}): Promise<TestServer> {
  return startTestServer({ buildConcurrency: 0, router: { secondMs: SECOND_MS, closeGraceMs: 200, ...over } });
}

export function elbClient(t: TestServer): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
}

export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Fast health checks: every 5 ELB seconds, timeout 4, two passes or failures to change state. */
export const FAST_HEALTH = {
  HealthCheckPath: '/health', HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 4, HealthyThresholdCount: 2, UnhealthyThresholdCount: 2,
} as const;

export async function createGroup(elb: ElasticLoadBalancingV2Client, targets: Upstream[], deregistrationDelaySeconds = 300): Promise<string> {
  const created = await elb.send(new CreateTargetGroupCommand({ Name: uniqueName('tg'), Protocol: 'HTTP', Port: 80, TargetType: 'ip', ...FAST_HEALTH }));
  const arn = created.TargetGroups?.[0]?.TargetGroupArn ?? '';
  await elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(deregistrationDelaySeconds) }] }));
  if (targets.length > 0) await elb.send(new RegisterTargetsCommand({ TargetGroupArn: arn, Targets: targets.map((u) => ({ Id: '127.0.0.1', Port: u.port })) }));
  return arn;
}

/** A load balancer with one listener on a free port forwarding to `groups` by weight. */
export async function createListener(elb: ElasticLoadBalancingV2Client, groups: { arn: string; weight: number }[]): Promise<{ loadBalancerArn: string; listenerArn: string; port: number }> {
  const balancer = await elb.send(new CreateLoadBalancerCommand({ Name: uniqueName('lb'), Type: 'application' }));
  const loadBalancerArn = balancer.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
  const port = await freePort();
  const listener = await elb.send(new CreateListenerCommand({
    LoadBalancerArn: loadBalancerArn, Protocol: 'HTTP', Port: port,
    DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: groups.map((g) => ({ TargetGroupArn: g.arn, Weight: g.weight })) } }],
  }));
  return { loadBalancerArn, listenerArn: listener.Listeners?.[0]?.ListenerArn ?? '', port };
}

/** Waits until DescribeTargetHealth shows each of the group's targets in `state`; returns the descriptions. */
export async function waitForHealth(elb: ElasticLoadBalancingV2Client, arn: string, state: string, count?: number): Promise<{ port: number; state: string; reason?: string; description?: string }[]> {
  return waitFor(`targets ${state}`, async () => {
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn }));
    const rows = (health.TargetHealthDescriptions ?? []).map((d) => ({
      port: d.Target?.Port ?? 0, state: d.TargetHealth?.State ?? '',
      ...(d.TargetHealth?.Reason && { reason: d.TargetHealth.Reason }), ...(d.TargetHealth?.Description && { description: d.TargetHealth.Description }),
    }));
    const enough = count === undefined ? rows.length > 0 : rows.length === count;
    return enough && rows.every((r) => r.state === state) ? rows : undefined;
  }, 15_000, 25);
}
