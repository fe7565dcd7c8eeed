/**
 * The traffic router's cost per request: the same small GET sent to an upstream server directly
 * and through a router listener forwarding to it (a `sluice server` in this process, the
 * upstream too), alternating one direct and one proxied request so both see the same machine.
 * Both clients use `node:http` with a keep-alive agent; the router reuses its own keep-alive
 * connections upstream.
 *
 * Prints:
 *   BENCH router.direct_p50_us          p50 of a request straight to the upstream
 *   BENCH router.proxied_p50_us         p50 of the same request through the listener
 *   BENCH router.overhead_us_p50        the difference: what the router adds
 *   BENCH router.proxied_vs_direct_p50  the ratio of the p50s
 *   BENCH router.proxied_p99_us         p99 through the listener
 */
import { createServer, Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import {
  CreateListenerCommand, CreateLoadBalancerCommand, CreateTargetGroupCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { silentLogger } from '../src/logging.ts';
import { startServer } from '../src/server/server.ts';
import { percentile, report, tempDir } from './lib/report.ts';

const WARM_UP = 1000;
const REQUESTS = 4000;

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/item?id=1', agent }, (res) => {
      res.resume();
      res.once('end', () => resolve((performance.now() - started) * 1000));
    });
    req.once('error', reject);
    req.end();
  });
}

async function listen(server: ReturnType<typeof createServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

const body = JSON.stringify({ id: 1, name: 'item', tags: ['a', 'b'] });
const upstream = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
const upstreamPort = await listen(upstream);
const spare = createServer();
const listenerPort = await listen(spare);
await new Promise((resolve) => spare.close(resolve));

const dataDir = tempDir('sluice-bench-router-');
const server = await startServer({ host: '127.0.0.1', port: 0, dataDir, accountId: '000000000000', region: 'us-east-1', logger: silentLogger, buildConcurrency: 0 });
const elb = new ElasticLoadBalancingV2Client({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: server.admin.accessKeyId, secretAccessKey: server.admin.secretAccessKey } });
try {
  const group = (await elb.send(new CreateTargetGroupCommand({ Name: 'bench', Protocol: 'HTTP', Port: upstreamPort, TargetType: 'ip' }))).TargetGroups?.[0]?.TargetGroupArn;
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: '127.0.0.1' }] }));
  const balancer = (await elb.send(new CreateLoadBalancerCommand({ Name: 'bench' }))).LoadBalancers?.[0]?.LoadBalancerArn;
  await elb.send(new CreateListenerCommand({ LoadBalancerArn: balancer, Protocol: 'HTTP', Port: listenerPort, DefaultActions: [{ Type: 'forward', TargetGroupArn: group }] }));
  // The first health check runs at once; wait for it so the run measures the healthy path.
  for (;;) {
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: group }));
    if (health.TargetHealthDescriptions?.[0]?.TargetHealth?.State === 'healthy') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (let i = 0; i < WARM_UP; i++) {
    await get(upstreamPort);
    await get(listenerPort);
  }
  const direct: number[] = [];
  const proxied: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    direct.push(await get(upstreamPort));
    proxied.push(await get(listenerPort));
  }
  direct.sort((a, b) => a - b);
  proxied.sort((a, b) => a - b);
  const directP50 = percentile(direct, 50);
  const proxiedP50 = percentile(proxied, 50);
  report('router.direct_p50_us', directP50, 'us');
  report('router.proxied_p50_us', proxiedP50, 'us');
  report('router.overhead_us_p50', proxiedP50 - directP50, 'us');
  report('router.proxied_vs_direct_p50', proxiedP50 / directP50, 'ratio');
  report('router.proxied_p99_us', percentile(proxied, 99), 'us');
} finally {
  agent.destroy();
  elb.destroy();
  await server.close();
  await new Promise((resolve) => upstream.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
}
