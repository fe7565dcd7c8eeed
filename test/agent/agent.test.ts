/**
 * The agent loop against the host-command protocol fixture: registration, a whole in-place
 * deployment, heartbeats, a server outage while reporting, drain and force, and a result that
 * survives the agent's restart.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DeployAgent } from '../../src/agent/agent.ts';
import { silentLogger } from '../../src/logging.ts';
import { startHostCommandFixture, type HostCommandFixture } from '../support/host-command-fixture.ts';
import { makeZip } from './support/bundles.ts';
import { agentOptions, deployThroughFixture } from './support/agent-setup.ts';
import { appspecYaml, makeSpec, makeTempDir } from './support/builders.ts';

let fixture: HostCommandFixture;
let root: { dir: string; cleanup: () => Promise<void> };
before(async () => {
  fixture = await startHostCommandFixture();
  root = await makeTempDir('agent');
});
after(async () => {
  await fixture.close();
  await root.cleanup();
});

let agents = 0;
function startAgent(name: string, dir = join(root.dir, `agent-${++agents}`)) {
  const env = { PATH: process.env.PATH, AWS_SECRET_ACCESS_KEY: 'agent-secret', SLUICE_ENDPOINT: fixture.url };
  const agent = new DeployAgent(agentOptions(fixture, dir, { instanceName: name }), { logger: silentLogger, env });
  return { agent, dir, running: agent.run() };
}

/** A bundle whose AfterInstall script waits for `gate` to exist (so tests can act mid-hook). */
function gatedBundle(dest: string, gate: string) {
  return makeZip([
    { name: 'appspec.yml', content: appspecYaml(`files:\n  - source: app\n    destination: ${dest}\nhooks:\n  AfterInstall:\n    - location: wait.sh\n      timeout: 60\n`) },
    { name: 'app/index.html', content: 'hello' },
    { name: 'wait.sh', content: `#!/bin/bash\necho waiting\ntouch ${gate}.started\nwhile [ ! -e ${gate} ]; do sleep 0.05; done\necho done\n`, mode: 0o755 },
  ]);
}

test('the agent registers with its IAM user and tags, then runs a whole deployment', async () => {
  const { agent, dir, running } = startAgent('web-register');
  const dest = join(dir, 'srv');
  const revision = fixture.putBundle('site/v1.zip', makeZip([
    { name: 'appspec.yml', content: appspecYaml(`files:\n  - source: app\n    destination: ${dest}\nhooks:\n  ValidateService:\n    - location: check.sh\n`) },
    { name: 'app/index.html', content: 'hello' },
    { name: 'check.sh', content: `#!/bin/bash\ntest "$(cat ${dest}/index.html)" = hello && echo "healthy $LIFECYCLE_EVENT \${AWS_SECRET_ACCESS_KEY:-no-key} \${SLUICE_ENDPOINT:-no-endpoint}"\n`, mode: 0o755 },
  ]));
  const commands = await deployThroughFixture(fixture, 'web-register', revision);
  assert.deepEqual(commands.map((c) => `${c.commandName}:${c.status}`), [
    'ApplicationStop:Succeeded', 'DownloadBundle:Succeeded', 'BeforeInstall:Succeeded', 'Install:Succeeded',
    'AfterInstall:Succeeded', 'ApplicationStart:Succeeded', 'ValidateService:Succeeded',
  ]);
  assert.deepEqual(commands.at(-1)!.diagnostics, { error_code: 'Success', script_name: '', message: 'Ran 1 script of ValidateService', log: '[stdout]healthy ValidateService no-key no-endpoint\n' });
  assert.deepEqual(fixture.instances.get('web-register'), { iamUserArn: fixture.userArn, tags: { env: 'test', role: 'web' } });
  assert.ok(fixture.calls.includes('s3:GET /bundles/site/v1.zip'), 'the bundle was fetched signed for s3');
  agent.drain();
  await running;
  assert.equal(agent.currentMode, 'stopped');
});

test('a restarted agent finds its instance registered and does not register again', async () => {
  const first = startAgent('web-again');
  await fixture.until(() => fixture.instances.has('web-again'));
  first.agent.drain();
  await first.running;
  const before = fixture.calls.filter((c) => c === 'codedeploy:RegisterOnPremisesInstance').length;
  const second = startAgent('web-again', first.dir);
  await fixture.until(() => fixture.calls.filter((c) => c === 'codedeploy:GetOnPremisesInstance').length >= 3);
  second.agent.drain();
  await second.running;
  assert.equal(fixture.calls.filter((c) => c === 'codedeploy:RegisterOnPremisesInstance').length, before);
});

test('a running command heartbeats; SIGTERM-style drain lets it finish and report, then stops', async () => {
  const { agent, dir, running } = startAgent('web-drain');
  const gate = join(dir, 'gate');
  const spec = makeSpec({}, fixture.putBundle('drain/v1.zip', gatedBundle(join(dir, 'srv'), gate)));
  for (const event of ['DownloadBundle', 'Install']) assert.equal((await fixture.completion(fixture.enqueue('web-drain', event, spec))).status, 'Succeeded');
  const hook = fixture.enqueue('web-drain', 'AfterInstall', spec);
  await fixture.until(() => hook.updates >= 1);
  agent.drain();
  assert.equal(agent.currentMode, 'draining');
  await writeFile(gate, '');
  await running;
  assert.equal(hook.status, 'Succeeded');
  assert.equal(hook.diagnostics?.log, '[stdout]waiting\n[stdout]done\n');
  assert.equal(agent.currentMode, 'stopped');
});

test('force kills the running scripts and reports them Failed', async () => {
  const { agent, dir, running } = startAgent('web-force');
  const gate = join(dir, 'gate');
  const spec = makeSpec({}, fixture.putBundle('force/v1.zip', gatedBundle(join(dir, 'srv'), gate)));
  for (const event of ['DownloadBundle', 'Install']) await fixture.completion(fixture.enqueue('web-force', event, spec));
  const hook = fixture.enqueue('web-force', 'AfterInstall', spec);
  await fixture.until(() => hook.status === 'InProgress');
  while (!await readFile(`${gate}.started`).then(() => true, () => false)) await new Promise((r) => setImmediate(r));
  agent.drain();
  agent.force();
  await running;
  assert.equal(hook.status, 'Failed');
  assert.equal(hook.diagnostics?.error_code, 'ScriptFailed');
  assert.equal(hook.diagnostics?.message, 'Script at specified location: wait.sh was killed: the agent was stopped');
});

test('a result the server cannot take is retried until it is back, and survives a forced stop and restart', async (t) => {
  t.after(() => { fixture.down = false; });
  const { agent, dir, running } = startAgent('web-outage');
  const spec = makeSpec({}, fixture.putBundle('outage/v1.zip', makeZip([{ name: 'appspec.yml', content: appspecYaml('') }])));
  const download = fixture.enqueue('web-outage', 'DownloadBundle', spec);
  // Down once the bundle is fetched: the agent finishes the event but cannot report it.
  await fixture.until(() => fixture.calls.includes('s3:GET /bundles/outage/v1.zip'));
  fixture.down = true;
  const completes = (): number => fixture.calls.filter((c) => c === 'codedeploy-commands:PutHostCommandComplete').length;
  const before = completes();
  await fixture.until(() => completes() >= before + 2);
  // Forced while the server is down: the result stays on disk.
  agent.drain();
  agent.force();
  await running;
  assert.equal(download.status, 'InProgress');
  assert.match(await readFile(join(dir, 'agent', 'state', 'pending-completion.json'), 'utf8'), /"status":"Succeeded"/);
  fixture.down = false;
  const restarted = startAgent('web-outage', dir);
  await fixture.completion(download);
  assert.equal(download.status, 'Succeeded');
  assert.match(download.diagnostics!.message, /^Downloaded s3:\/\/bundles\/outage\/v1\.zip/);
  restarted.agent.drain();
  await restarted.running;
  await assert.rejects(readFile(join(dir, 'agent', 'state', 'pending-completion.json')), { code: 'ENOENT' });
});

test('a bundle download the server answers with 5xx is retried within the event', async () => {
  const { agent, running } = startAgent('web-slowdown');
  const spec = makeSpec({}, fixture.putBundle('slowdown/v1.zip', makeZip([{ name: 'appspec.yml', content: appspecYaml('') }])));
  fixture.s3Failures = 2;
  const download = await fixture.completion(fixture.enqueue('web-slowdown', 'DownloadBundle', spec));
  assert.equal(download.status, 'Succeeded', download.diagnostics?.message);
  assert.equal(fixture.calls.filter((c) => c === 's3:GET /bundles/slowdown/v1.zip').length, 3);
  agent.drain();
  await running;
});

test('a command the server already ended is not run', async () => {
  const { agent, running } = startAgent('web-ended');
  await fixture.until(() => fixture.instances.has('web-ended'));
  const stale = fixture.enqueue('web-ended', 'BeforeInstall', makeSpec());
  // The service ends it between the poll and the acknowledgement.
  await fixture.until(() => fixture.calls.filter((c) => c === 'codedeploy-commands:PollHostCommand').length > 0);
  stale.status = 'Failed';
  const next = fixture.enqueue('web-ended', 'BlockTraffic', makeSpec());
  await fixture.completion(next);
  assert.equal(next.status, 'Succeeded');
  assert.equal(stale.diagnostics, undefined);
  agent.drain();
  await running;
});
