/**
 * `sluice agent` as a process: its config file and flags, SIGTERM draining, kill -9 in the middle
 * of a hook and a restart, and two agents with their own root directories on one machine. The
 * server side is the host-command protocol fixture.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, sluice } from '../support/cli.ts';
import { startHostCommandFixture, type HostCommandFixture } from '../support/host-command-fixture.ts';
import { makeZip } from '../agent/support/bundles.ts';
import { appspecYaml, makeSpec, makeTempDir } from '../agent/support/builders.ts';

let fixture: HostCommandFixture;
/** Agent processes, killed at the end should a test fail with one still running. */
const started: ChildProcess[] = [];
let root: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  fixture = await startHostCommandFixture();
  root = await makeTempDir('agent-cli');
});
after(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fixture.close();
  await root.cleanup();
});

let configs = 0;
async function writeConfig(name: string, extra = ''): Promise<{ file: string; dir: string }> {
  const dir = join(root.dir, `host-${++configs}`);
  const file = join(root.dir, `agent-${configs}.yml`);
  await writeFile(file, [
    `endpoint: ${fixture.url}`, 'region: us-east-1', `instance_name: ${name}`, 'aws_access_key_id: AKIAAGENT',
    'aws_secret_access_key: secret', `root_dir: ${dir}`, 'heartbeat_seconds: 1', 'log_level: info', 'tags:', '  env: test', extra,
  ].join('\n'));
  return { file, dir };
}


function startAgentProcess(config: string): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [BIN, 'agent', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  started.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdout.resume();
  return { child, stderr: () => stderr };
}

async function waitForFile(path: string): Promise<void> {
  while (!await readFile(path).then(() => true, () => false)) await new Promise((r) => setTimeout(r, 20));
}

function gatedSpec(key: string, dest: string, gate: string) {
  return makeSpec({}, fixture.putBundle(key, makeZip([
    { name: 'appspec.yml', content: appspecYaml(`files:\n  - source: app\n    destination: ${dest}\nhooks:\n  AfterInstall:\n    - location: wait.sh\n`) },
    { name: 'app/a.txt', content: 'a' },
    { name: 'wait.sh', content: `#!/bin/bash\ntouch ${gate}.started\nwhile [ ! -e ${gate} ]; do sleep 0.05; done\necho released\n`, mode: 0o755 },
  ])));
}

test('bad settings are refused at start, every problem named, exit code 2', async () => {
  const file = join(root.dir, 'bad.yml');
  await writeFile(file, 'max_revisions: 0\npoll_wait_seconds: soon\nfavourite_colour: blue\n');
  const unknown = await sluice(['agent', '--config', file]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /error: ValidationException: .*bad\.yml: favourite_colour: unknown setting; expected one of endpoint, region/);
  await writeFile(file, 'max_revisions: 0\npoll_wait_seconds: soon\n');
  const result = await sluice(['agent', '--config', file], { env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' } });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /endpoint: required/);
  assert.match(result.stderr, /credentials: set aws_access_key_id and aws_secret_access_key, or aws_credentials_file/);
  assert.match(result.stderr, /max_revisions: expected a whole number from 1 to 100, got 0/);
  assert.match(result.stderr, /poll_wait_seconds: expected a whole number from 1 to 3600, got "soon"/);
  const missing = await sluice(['agent', '--config', join(root.dir, 'nope.yml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.yml: ENOENT/);
});

test('SIGTERM lets the running hook finish, reports it, and exits 0', async () => {
  const { file, dir } = await writeConfig('cli-drain');
  const { child, stderr } = startAgentProcess(file);
  const gate = join(dir, 'gate');
  const spec = gatedSpec('cli/drain.zip', join(dir, 'srv'), gate);
  for (const event of ['DownloadBundle', 'Install']) assert.equal((await fixture.completion(fixture.enqueue('cli-drain', event, spec))).status, 'Succeeded');
  const hook = fixture.enqueue('cli-drain', 'AfterInstall', spec);
  await waitForFile(`${gate}.started`);
  child.kill('SIGTERM');
  await fixture.until(() => stderr().includes('agent draining'));
  const exited = once(child, 'exit');
  await writeFile(gate, '');
  const [code] = await exited as [number | null];
  assert.equal(code, 0, stderr());
  assert.equal(hook.status, 'Succeeded');
  assert.equal(hook.diagnostics?.log, '[stdout]released\n');
  assert.match(stderr(), /"msg":"agent stopped"/);
});

test('kill -9 in the middle of a hook: the restarted agent reports that command Failed and goes on', async () => {
  const { file, dir } = await writeConfig('cli-crash');
  const first = startAgentProcess(file);
  const gate = join(dir, 'gate');
  const spec = gatedSpec('cli/crash.zip', join(dir, 'srv'), gate);
  for (const event of ['DownloadBundle', 'Install']) await fixture.completion(fixture.enqueue('cli-crash', event, spec));
  const hook = fixture.enqueue('cli-crash', 'AfterInstall', spec);
  await waitForFile(`${gate}.started`);
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  await writeFile(gate, ''); // lets the orphaned script end
  assert.equal(hook.status, 'InProgress');

  const second = startAgentProcess(file);
  await fixture.completion(hook);
  assert.equal(hook.status, 'Failed');
  assert.equal(hook.diagnostics?.error_code, 'UnknownError');
  assert.match(hook.diagnostics.message, /^The agent restarted while running AfterInstall \(acknowledged at \d{4}-\d\d-\d\dT[\d:.]+Z\); its scripts may have been cut off/);
  const next = await fixture.completion(fixture.enqueue('cli-crash', 'ApplicationStart', spec));
  assert.equal(next.status, 'Succeeded');
  second.child.kill('SIGTERM');
  assert.deepEqual(await once(second.child, 'exit'), [0, null]);
});

test('two agents with their own root directories on one machine each run their own host\'s commands', async () => {
  const hosts = await Promise.all(['fleet-a', 'fleet-b'].map(async (name) => ({ name, ...await writeConfig(name) })));
  const processes = hosts.map((host) => startAgentProcess(host.file));
  const revision = fixture.putBundle('fleet/v1.zip', makeZip([
    { name: 'appspec.yml', content: appspecYaml('hooks:\n  ValidateService:\n    - location: who.sh\n') },
    { name: 'who.sh', content: '#!/bin/bash\necho "$DEPLOYMENT_ID in $PWD"\n', mode: 0o755 },
  ]));
  const spec = makeSpec({}, revision);
  const results = await Promise.all(hosts.map(async (host) => {
    for (const event of ['DownloadBundle', 'ValidateService']) {
      const command = await fixture.completion(fixture.enqueue(host.name, event, spec));
      assert.equal(command.status, 'Succeeded', command.diagnostics?.message);
      if (event === 'ValidateService') return command.diagnostics?.log;
    }
    return undefined;
  }));
  assert.deepEqual(results, hosts.map((host) => `[stdout]${spec.DeploymentId} in ${host.dir}/deployments/${spec.DeploymentGroupId}/${spec.DeploymentId}/deployment-archive\n`));
  assert.deepEqual([...fixture.instances.keys()].filter((n) => n.startsWith('fleet-')).sort(), ['fleet-a', 'fleet-b']);
  // Listen before signalling: one agent may exit while the test awaits the other.
  const exits = processes.map(({ child }) => once(child, 'exit'));
  for (const { child } of processes) child.kill('SIGTERM');
  assert.deepEqual(await Promise.all(exits), processes.map(() => [0, null]));
});
