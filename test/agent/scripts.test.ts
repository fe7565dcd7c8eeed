/**
 * Hook scripts as the agent runs them: real bash scripts in a temporary deployment archive, real
 * processes, process groups, users and files.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseAppspec } from '../../src/model/appspec/parse.ts';
import type { Appspec, ScriptableEvent } from '../../src/model/appspec/types.ts';
import { DIAGNOSTIC_LOG_BYTES } from '../../src/model/deploy/host-commands.ts';
import { runEvent } from '../../src/agent/hooks/run-event.ts';
import { groupAlive } from '../../src/runner/build/process-group.ts';
import { appspecYaml, makeSpec, makeTempDir, writeTree } from './support/builders.ts';
import { createTestUser, whyNoTestUser, type TestUser } from './support/users.ts';

let root: { dir: string; cleanup: () => Promise<void> };
before(async () => { root = await makeTempDir('scripts'); });
after(async () => { await root.cleanup(); });

let runs = 0;
async function run(hooks: string, files: Record<string, string>, event: ScriptableEvent = 'AfterInstall', signal = new AbortController().signal) {
  const archiveDir = join(root.dir, `archive-${++runs}`);
  await writeTree(archiveDir, files);
  const parsed = parseAppspec(appspecYaml(`hooks:\n${hooks}`));
  assert.deepEqual(parsed.issues, []);
  const spec = makeSpec({}, { Bucket: 'bundles', Key: 'app/v1.zip', ETag: 'abc' });
  const logFile = join(root.dir, `scripts-${runs}.log`);
  const result = await runEvent({ appspec: parsed.appspec as Appspec, event, archiveDir, spec, logFile, baseEnv: { PATH: process.env.PATH }, signal });
  return { result, spec, archiveDir, logFile };
}

test('scripts run in order in the archive with the deployment environment', async () => {
  const script = '#!/bin/bash\necho "$1 $LIFECYCLE_EVENT $DEPLOYMENT_ID $APPLICATION_NAME $DEPLOYMENT_GROUP_NAME $DEPLOYMENT_GROUP_ID $BUNDLE_KEY $BUNDLE_ETAG $(pwd)" >> order.txt\n';
  const { result, spec, archiveDir } = await run('  AfterInstall:\n    - location: one.sh\n    - location: scripts/two.sh\n', {
    'one.sh@755': script.replace('$1', 'one'), 'scripts/two.sh@755': script.replace('$1', 'two'),
  });
  assert.equal(result.status, 'Succeeded');
  const lines = (await readFile(join(archiveDir, 'order.txt'), 'utf8')).trim().split('\n');
  const tail = `AfterInstall ${spec.DeploymentId} WordPress_App Staging ${spec.DeploymentGroupId} app/v1.zip abc ${archiveDir}`;
  assert.deepEqual(lines, [`one ${tail}`, `two ${tail}`]);
});

test('an event without scripts succeeds without running anything', async () => {
  const { result } = await run('  AfterInstall:\n    - location: one.sh\n', {}, 'ApplicationStart');
  assert.equal(result.status, 'Succeeded');
  assert.equal(result.diagnostics.message, 'No scripts for ApplicationStart');
});

test('a failing script fails the event, skips the scripts after it, and reports its output', async () => {
  const { result, archiveDir } = await run('  ValidateService:\n    - location: check.sh\n    - location: after.sh\n', {
    'check.sh@755': '#!/bin/bash\necho checking\necho "unhealthy" >&2\nexit 3\n', 'after.sh@755': '#!/bin/bash\ntouch ran\n',
  }, 'ValidateService');
  assert.equal(result.status, 'Failed');
  assert.deepEqual(result.diagnostics, {
    error_code: 'ScriptFailed', script_name: 'check.sh',
    message: 'Script at specified location: check.sh failed with exit code 3',
    log: '[stdout]checking\n[stderr]unhealthy\n',
  });
  await assert.rejects(readFile(join(archiveDir, 'ran')), { code: 'ENOENT' });
});

test('a missing script is ScriptMissing, named in the diagnostics', async () => {
  const { result } = await run('  BeforeInstall:\n    - location: scripts/nope.sh\n', {}, 'BeforeInstall');
  assert.equal(result.diagnostics.error_code, 'ScriptMissing');
  assert.equal(result.diagnostics.script_name, 'scripts/nope.sh');
  assert.match(result.diagnostics.message, /^Script does not exist at specified location: .*\/scripts\/nope\.sh$/);
});

test('a script without the executable bit is made executable and run; one without #! runs through bash', async () => {
  const { result, archiveDir } = await run('  AfterInstall:\n    - location: plain.sh\n', {
    'plain.sh@644': 'if [[ -n "$BASH_VERSION" ]]; then echo bash > shell.txt; fi\n',
  });
  assert.equal(result.status, 'Succeeded');
  assert.equal(await readFile(join(archiveDir, 'shell.txt'), 'utf8'), 'bash\n');
});

test('a script runs through its #! interpreter', async () => {
  const { result } = await run('  AfterInstall:\n    - location: check.sh\n', {
    'check.sh@755': '#!/bin/sh\n[ -z "$BASH_VERSION" ] || { echo "ran in bash" >&2; exit 1; }\n',
  });
  assert.equal(result.status, 'Succeeded', result.diagnostics.log);
});

test('a script over its timeout is ScriptTimedOut and its whole process group is killed', async () => {
  const { result, archiveDir } = await run('  ApplicationStart:\n    - location: slow.sh\n      timeout: 1\n', {
    'slow.sh@755': '#!/bin/bash\nsleep 300 &\necho $! > child.pid\necho started\nwait\n',
  }, 'ApplicationStart');
  assert.equal(result.status, 'Failed');
  assert.equal(result.diagnostics.error_code, 'ScriptTimedOut');
  assert.equal(result.diagnostics.message, 'Script at specified location: slow.sh failed to complete in 1 seconds');
  assert.equal(result.diagnostics.log, '[stdout]started\n');
  const childPid = Number(await readFile(join(archiveDir, 'child.pid'), 'utf8'));
  assert.equal(await groupAlive(childPid), false, 'the background child was killed with its group');
});

test('a daemon started by a script that exits keeps running, and the event does not wait for it', async () => {
  const { result, archiveDir } = await run('  ApplicationStart:\n    - location: start.sh\n      timeout: 60\n', {
    'start.sh@755': '#!/bin/bash\nsleep 300 &\necho $! > daemon.pid\necho started\n',
  }, 'ApplicationStart');
  assert.equal(result.status, 'Succeeded');
  const pid = Number(await readFile(join(archiveDir, 'daemon.pid'), 'utf8'));
  assert.doesNotThrow(() => process.kill(pid, 0));
  process.kill(pid, 'SIGKILL');
});

test('an aborted signal kills the running script and fails the event', async () => {
  const controller = new AbortController();
  const pending = run('  ApplicationStart:\n    - location: wait.sh\n', {
    'wait.sh@755': '#!/bin/bash\necho waiting\nexec sleep 300\n',
  }, 'ApplicationStart', controller.signal);
  // Abort once the script is running: its first line reaches the log.
  const logFile = join(root.dir, `scripts-${runs}.log`);
  while (!(await readFile(logFile, 'utf8').catch(() => '')).includes('[stdout]waiting')) await new Promise((r) => setImmediate(r));
  controller.abort();
  const { result } = await pending;
  assert.equal(result.diagnostics.error_code, 'ScriptFailed');
  assert.equal(result.diagnostics.message, 'Script at specified location: wait.sh was killed: the agent was stopped');
});

test('diagnostics carry the last 4 KB of output; scripts.log keeps all of it', async () => {
  const { result, logFile } = await run('  AfterInstall:\n    - location: noisy.sh\n', {
    'noisy.sh@755': '#!/bin/bash\nfor i in $(seq 1 2000); do echo "line $i"; done\nexit 1\n',
  });
  const { log } = result.diagnostics;
  assert.ok(Buffer.byteLength(log) <= DIAGNOSTIC_LOG_BYTES);
  assert.ok(Buffer.byteLength(log) > DIAGNOSTIC_LOG_BYTES - 30);
  assert.ok(log.endsWith('[stdout]line 2000\n'));
  const full = await readFile(logFile, 'utf8');
  assert.match(full, /LifecycleEvent - AfterInstall\n/);
  assert.match(full, /Script - noisy\.sh\n/);
  assert.match(full, /\[stdout\]line 1\n/);
  assert.match(full, /\[stdout\]line 2000\n/);
  assert.match(full, /Script at specified location: noisy\.sh failed with exit code 1\n/);
});

test('runas of an unknown user fails with a clear diagnostic', async () => {
  const { result } = await run('  AfterInstall:\n    - location: a.sh\n      runas: nosuchuser42\n', { 'a.sh@755': '#!/bin/bash\ntrue\n' });
  assert.equal(result.diagnostics.error_code, 'ScriptNotExecutable');
  assert.match(result.diagnostics.message, /^Script at specified location: a\.sh cannot run as nosuchuser42: runas user nosuchuser42 does not exist on this host$/);
});

test('runas runs the script as that user', { skip: whyNoTestUser() }, async (t) => {
  const user: TestUser = createTestUser();
  t.after(() => user.remove());
  const { result, logFile } = await run(`  AfterInstall:\n    - location: who.sh\n      runas: ${user.name}\n`, { 'who.sh@755': '#!/bin/bash\necho "user=$(id -un) event=$LIFECYCLE_EVENT"\n' });
  assert.equal(result.status, 'Succeeded', result.diagnostics.message);
  assert.match(await readFile(logFile, 'utf8'), new RegExp(`\\[stdout\\]user=${user.name} event=AfterInstall\\n`));
});
