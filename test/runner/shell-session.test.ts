/**
 * The build shell session with real processes: state carries between commands, a failing or
 * broken command ends only itself, and stopping leaves no process behind.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ShellSession } from '../../src/runner/build/shell-session.ts';
import { findProcesses } from './support.ts';

const root = await mkdtemp(join(tmpdir(), 'sluice-shell-'));
after(() => rm(root, { recursive: true, force: true }));

async function session(shell?: string, environment: Record<string, string> = {}): Promise<{ s: ShellSession; lines: string[] }> {
  const dir = await mkdtemp(join(root, 'ws-'));
  const lines: string[] = [];
  const s = await ShellSession.start({
    scratchDir: join(dir, 'scratch'), cwd: dir, environment: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...environment },
    onLine: (line) => lines.push(line), ...(shell !== undefined && { shell }),
  });
  return { s, lines };
}

const run = (s: ShellSession, command: string, succeeding = true) => s.run(command, { succeeding });

describe('shell session (bash)', () => {
  it('carries cd, exports, plain variables, functions and arrays across commands', async () => {
    const { s, lines } = await session();
    assert.deepEqual(await run(s, 'mkdir -p sub && cd sub\nexport A=exported; plain="two words"; arr=(x "y z")\ngreet() { echo "hi $1"; }'), { exitCode: 0 });
    assert.deepEqual(await run(s, 'echo "$(basename "$PWD") $A $plain ${arr[1]}"; greet you'), { exitCode: 0 });
    await s.close(1000);
    assert.deepEqual(lines, ['sub exported two words y z', 'hi you']);
  });

  it('answers a command sent as the executor dies with no result, instead of waiting forever or failing the write', async () => {
    const { s } = await session();
    const pid = s.pid ?? 0;
    process.kill(-pid, 'SIGKILL');
    // Wait, without yielding to the event loop (so Node has not seen the exit yet), until the
    // executor is a zombie: its end of the pipe is closed and the next write fails with EPIPE.
    const until = Date.now() + 2000;
    while (Date.now() < until && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) { /* spin */ }
    assert.deepEqual(await run(s, 'echo never'), { exitCode: null });
    await s.close(100);
  });

  it('fails only the command that exits or has a syntax error, keeping the state before it', async () => {
    const { s, lines } = await session();
    await run(s, 'X=1');
    assert.deepEqual(await run(s, 'X=2; exit 3'), { exitCode: 3 });
    assert.equal((await run(s, 'if then')).exitCode, 2);
    assert.deepEqual(await run(s, 'echo "X=$X"'), { exitCode: 0 });
    await s.close(1000);
    assert.ok(lines.includes('X=2'), 'the state is saved when a command exits');
    assert.ok(lines.some((l) => l.includes('syntax error')), lines.join('\n'));
  });

  it('keeps the status of the last line of a multi-line command, and honours set -e', async () => {
    const { s } = await session();
    assert.deepEqual(await run(s, 'false\ntrue'), { exitCode: 0 });
    assert.deepEqual(await run(s, 'set -e\nfalse\ntrue'), { exitCode: 1 });
    await s.close(1000);
  });

  it('makes unset stick and passes CODEBUILD_BUILD_SUCCEEDING per command', async () => {
    const { s, lines } = await session(undefined, { GONE: 'here' });
    await run(s, 'unset GONE');
    await run(s, 'echo "[${GONE-unset}] $CODEBUILD_BUILD_SUCCEEDING"', false);
    await s.close(1000);
    assert.deepEqual(lines, ['[unset] 0']);
  });

  it('streams stdout and stderr, output without a final newline included', async () => {
    const { s, lines } = await session();
    await run(s, 'echo out; echo err >&2; printf partial');
    await run(s, 'echo next');
    await s.close(1000);
    assert.deepEqual(lines, ['out', 'err', 'partial', 'next']);
  });

  it('reads variables and evaluates text in the session', async () => {
    const { s } = await session();
    await run(s, 'export TAG=v1; LOCAL="a b"; MULTI=$(printf "x\\ny")');
    assert.deepEqual(await s.readVariables(['TAG', 'LOCAL', 'MULTI', 'MISSING', 'bad-name']), { TAG: 'v1', LOCAL: 'a b', MULTI: 'x\ny' });
    assert.equal(await s.evaluate('app-$TAG-$(echo built)'), 'app-v1-built');
    await s.close(1000);
  });

  it('keeps background processes across commands and kills them when the session stops', async () => {
    const { s, lines } = await session();
    const tag = `1000.${process.pid}${Date.now() % 100000}`;
    await run(s, `sleep ${tag} & echo started`);
    assert.equal((await findProcesses(tag)).length, 1, 'the background process outlives its command');
    await s.close(200);
    assert.deepEqual(await findProcesses(tag), []);
    assert.deepEqual(lines, ['started']);
  });

  it('stop kills a running command and the processes it started, even ones ignoring SIGTERM', async () => {
    const { s } = await session();
    const tag = `2000.${process.pid}${Date.now() % 100000}`;
    const running = run(s, `trap '' TERM; sleep ${tag} & echo started; wait`);
    while ((await findProcesses(tag)).length === 0) await new Promise((r) => setImmediate(r));
    await s.stop(100);
    assert.deepEqual(await running, { exitCode: null });
    assert.deepEqual(await findProcesses(tag), []);
  });
});

describe('shell session (/bin/sh)', () => {
  it('carries cd and variables, fails only the failing command', async () => {
    const { s, lines } = await session('/bin/sh');
    await run(s, 'mkdir -p d && cd d; V=kept');
    assert.deepEqual(await run(s, 'exit 4'), { exitCode: 4 });
    await run(s, 'echo "$(basename "$PWD") $V"');
    await s.close(1000);
    assert.deepEqual(lines, ['d kept']);
  });
});
