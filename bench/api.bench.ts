/**
 * API latency at a fixed request rate, against a real `sluice server` in its own process on
 * loopback: GetPipelineState (SigV4-verified, model-validated, authorized, read from SQLite)
 * versus the same server's `GET /health` as the baseline. Both are sent with `node:http` over a
 * keep-alive agent; the GetPipelineState request is signed once by the AWS SDK's signer and
 * replayed (the server does all of its work for every copy), so the figures measure the server,
 * not the client's signing. (`fetch` was the first client: its own per-request cost, on a 2-core
 * machine shared with the server, put 30–100 ms stalls into both p99s.)
 *
 * Prints:
 *   BENCH api.get_pipeline_state_p50_ms / _p99_ms   at RATE requests/s
 *   BENCH api.health_p50_ms / _p99_ms               the baseline, same rate, same server
 *   BENCH api.get_pipeline_state_vs_health_p50       ratio of the p50s
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { CodePipelineClient, CreatePipelineCommand } from '@aws-sdk/client-codepipeline';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { readFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { percentile, report, tempDir } from './lib/report.ts';

const RATE = 500;
const REQUESTS = 2500;
const WARM_UP = 1000;

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One request over the keep-alive agent; resolves with the status once the body has been read. */
function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(body);
  });
}

async function startServer(dataDir: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'bin', 'sluice.js'), 'server', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /^Sluice listening on (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error('server exited')));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Sends `count` requests at `rate`/s (open loop: the schedule does not wait for answers). */
async function atRate(rate: number, count: number, send: () => Promise<unknown>): Promise<number[]> {
  const latencies: Promise<number>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    latencies.push(send().then(() => performance.now() - t0));
  }
  return (await Promise.all(latencies)).sort((a, b) => a - b);
}

const dataDir = tempDir();
const server = await startServer(dataDir);
try {
  const text = await readFile(join(dataDir, 'credentials'), 'utf8');
  const credentials = {
    accessKeyId: /aws_access_key_id = (\S+)/.exec(text)?.[1] ?? '',
    secretAccessKey: /aws_secret_access_key = (\S+)/.exec(text)?.[1] ?? '',
  };
  const client = new CodePipelineClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  await client.send(new CreatePipelineCommand({ pipeline: {
    name: 'bench', roleArn: 'arn:aws:iam::000000000000:role/bench', artifactStore: { type: 'S3', location: 'bench' },
    stages: [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'r', BranchName: 'main' }, outputArtifacts: [{ name: 'Out' }] }] },
      { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
  } }));
  client.destroy();
  const url = new URL(server.url);
  const signer = new SignatureV4({ service: 'codepipeline', region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/',
    headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CodePipeline_20150709.GetPipelineState' },
    body: '{"name":"bench"}',
  }));
  const getState = async (): Promise<void> => {
    const status = await send(server.url, 'POST', signed.headers, '{"name":"bench"}');
    if (status !== 200) throw new Error(`GetPipelineState answered ${status}`);
  };
  const getHealth = (): Promise<number> => send(`${server.url}/health`, 'GET', {});
  // Warm both paths (JIT, connections, signing-key cache) before measuring.
  await atRate(RATE, WARM_UP, getState);
  await atRate(RATE, WARM_UP / 2, getHealth);
  const state = await atRate(RATE, REQUESTS, getState);
  const health = await atRate(RATE, REQUESTS, getHealth);
  report('api.get_pipeline_state_p50_ms', percentile(state, 50), 'ms');
  report('api.get_pipeline_state_p99_ms', percentile(state, 99), 'ms');
  report('api.health_p50_ms', percentile(health, 50), 'ms');
  report('api.health_p99_ms', percentile(health, 99), 'ms');
  report('api.get_pipeline_state_vs_health_p50', percentile(state, 50) / percentile(health, 50), 'ratio');
} finally {
  agent.destroy();
  server.stop();
}
