/**
 * Builds under bubblewrap (skipped where bwrap is not installed) and without isolation: what the
 * build can see and change, and that stopping leaves nothing running in either mode.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bubblewrapProblem, resolveIsolation } from '../../src/runner/build/isolation.ts';
import { runBuild } from '../../src/runner/build/run-build.ts';
import { makeBuildspec, makeRun, phase, recorder } from './builders.ts';
import { findProcesses } from './support.ts';

function hasBwrap(): boolean {
  try { execFileSync('bwrap', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; }
}
const skip = hasBwrap() ? false : 'bwrap is not installed on this host';

const root = await mkdtemp(join(tmpdir(), 'sluice-isolation-'));
// Outside /tmp, which is private inside the sandbox: a path the sandbox sees from the host.
const hostRoot = await mkdtemp('/var/tmp/sluice-isolation-');
after(() => Promise.all([rm(root, { recursive: true, force: true }), rm(hostRoot, { recursive: true, force: true })]));

describe('bubblewrap isolation', { skip }, () => {
  it('hides the data directory, keeps the host read-only and /tmp private, leaves the workspace writable', async () => {
    const dataDir = join(hostRoot, 'data');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'credentials.json'), 'admin secret');
    const hostFile = join(hostRoot, 'host-file.txt');
    await writeFile(hostFile, 'host');
    const obs = recorder();
    const run = await makeRun({
      buildspec: { parsed: makeBuildspec({ build: phase([
        `ls -A ${dataDir} | wc -l; cat ${hostFile}`,
        `{ echo changed > ${hostFile}; } 2>/dev/null || echo "host read-only"`,
        `touch /tmp/build-private-${process.pid} && echo "tmp writable"`,
        'echo built > out.txt && cat out.txt',
        'echo "pid $$"',
      ]) }) },
    });
    const outcome = await runBuild(run, obs, { isolation: 'bubblewrap', hiddenPaths: [dataDir], killGraceMs: 200 });
    assert.equal(outcome.status, 'SUCCEEDED', obs.lines.join('\n'));
    const output = obs.output();
    assert.deepEqual(output.slice(0, 5), ['0', 'host', 'host read-only', 'tmp writable', 'built']);
    assert.ok(Number(output[5]!.split(' ')[1]) < 100, `a PID namespace: ${output[5]}`);
    assert.equal(await readFile(hostFile, 'utf8'), 'host');
    assert.equal(await readFile(join(run.workspace, 'src', 'out.txt'), 'utf8'), 'built\n');
    await assert.rejects(readFile(`/tmp/build-private-${process.pid}`), /ENOENT/);
  });

  it('a workspace inside the hidden data directory stays usable', async () => {
    const dataDir = await mkdtemp(join(hostRoot, 'data-'));
    const workspace = join(dataDir, 'work', 'job-1');
    await mkdir(workspace, { recursive: true });
    const obs = recorder();
    const outcome = await runBuild(await makeRun({ workspace, buildspec: { parsed: makeBuildspec({ build: phase(['echo ok > f && cat f']) }) } }), obs,
      { isolation: 'bubblewrap', hiddenPaths: [dataDir], killGraceMs: 200 });
    assert.equal(outcome.status, 'SUCCEEDED', obs.lines.join('\n'));
    assert.deepEqual(obs.output(), ['ok']);
  });

  it('stopping kills every process of the build, background ones included', async () => {
    const tag = `6000.${process.pid}4`;
    const controller = new AbortController();
    const obs = recorder();
    const outcome = await runBuild(await makeRun({
      signal: controller.signal,
      buildspec: { parsed: makeBuildspec({ build: phase([`(trap '' TERM; sleep ${tag}) & sleep ${tag} & echo ready; wait`]) }) },
    }), { ...obs, log: (line) => { obs.log(line); if (line === 'ready') controller.abort(); } }, { isolation: 'bubblewrap', killGraceMs: 200 });
    assert.equal(outcome.status, 'STOPPED');
    assert.deepEqual(await findProcesses(tag), []);
  });

  it('auto picks bubblewrap here', async () => {
    assert.equal(await bubblewrapProblem(), undefined);
    assert.equal(await resolveIsolation('auto', () => assert.fail('no warning expected')), 'bubblewrap');
  });
});

describe('no isolation', () => {
  it('runs plain processes that see the host file system', async () => {
    const hostFile = join(root, 'visible.txt');
    await writeFile(hostFile, 'visible');
    const obs = recorder();
    const outcome = await runBuild(await makeRun({ buildspec: { parsed: makeBuildspec({ build: phase([`cat ${hostFile}`]) }) } }), obs,
      { isolation: 'none', hiddenPaths: [root] });
    assert.equal(outcome.status, 'SUCCEEDED');
    assert.deepEqual(obs.output(), ['visible'], 'hidden paths only apply under bubblewrap');
  });
});
