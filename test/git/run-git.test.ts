/**
 * The git runner with the real `git`: output, stdin, environment, answers given by exit codes,
 * failures carrying git's message, the output cap, the time limit and the machine's config.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitCommandError, GitOutputTooLargeError, GitTimeoutError, gitText, runGit } from '../../src/git/run-git.ts';

describe('runGit', () => {
  let dir: string;
  let gitDir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-git-'));
    gitDir = join(dir, 'r.git');
    await runGit({ args: ['init', '--bare', '--quiet', gitDir] });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes stdin and reads stdout in the repository given', async () => {
    const id = await gitText({ gitDir, args: ['hash-object', '-w', '--stdin'], stdin: 'hello\n' });
    assert.equal(id, 'ce013625030ba8dba906f756967f9e9ca394464a');
    assert.equal((await runGit({ gitDir, args: ['cat-file', 'blob', id] })).stdout.toString(), 'hello\n');
  });

  it('passes the environment given (and not the machine\'s git identity)', async () => {
    const tree = await gitText({ gitDir, args: ['mktree'] });
    const env = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_AUTHOR_DATE: '1700000000 +0000', GIT_COMMITTER_DATE: '1700000000 +0000' };
    const commit = await gitText({ gitDir, args: ['commit-tree', tree, '-m', 'm'], env });
    assert.match(await gitText({ gitDir, args: ['cat-file', 'commit', commit] }), /^author Ada <ada@example\.com> 1700000000 \+0000$/m);
  });

  it('answers with the exit code when it is allowed, and throws git\'s message when it is not', async () => {
    const missing = await runGit({ gitDir, args: ['rev-parse', '--verify', '--quiet', 'refs/heads/none'], allowExitCodes: [0, 1] });
    assert.equal(missing.exitCode, 1);
    await assert.rejects(runGit({ gitDir, args: ['cat-file', 'blob', 'f'.repeat(40)] }), (e: unknown) => {
      assert.ok(e instanceof GitCommandError);
      assert.equal(e.exitCode, 128);
      assert.match(e.message, /^git cat-file exited with 128: fatal:/);
      return true;
    });
  });

  it('stops a command that prints more than maxBytes', async () => {
    const id = await gitText({ gitDir, args: ['hash-object', '-w', '--stdin'], stdin: 'x'.repeat(10_000) });
    await assert.rejects(runGit({ gitDir, args: ['cat-file', 'blob', id], maxBytes: 1000 }), GitOutputTooLargeError);
    assert.equal((await runGit({ gitDir, args: ['cat-file', 'blob', id], maxBytes: 10_000 })).stdout.length, 10_000);
  });

  it('names the command past git\'s own options in its errors', async () => {
    await assert.rejects(runGit({ args: ['-C', dir, '-c', 'a.b=c', 'rev-parse', '--verify', 'nowhere'] }), /^GitCommandError: git rev-parse exited with 128/);
  });

  it('kills a command that runs past its time limit', async () => {
    // A shell alias gives a git command that waits; SIGKILL ends git, whatever the alias started.
    await assert.rejects(runGit({ args: ['-c', 'alias.wait=!sleep 2', 'wait'], timeoutMs: 100 }), (e: unknown) => {
      assert.ok(e instanceof GitTimeoutError);
      assert.equal(e.message, 'git wait took longer than 100 ms');
      return true;
    });
  });

  it('rejects with the reason of an aborted signal', async () => {
    const abort = new AbortController();
    const call = runGit({ args: ['-c', 'alias.wait=!sleep 2', 'wait'], signal: abort.signal });
    abort.abort(new Error('server closing'));
    await assert.rejects(call, /server closing/);
  });

  it('reads the machine\'s git config only when asked to', async () => {
    const config = join(dir, 'gitconfig');
    await writeFile(config, '[user]\n\tname = Machine User\n');
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = config;
    try {
      assert.equal(await gitText({ args: ['config', '--get', 'user.name'], machineConfig: true }), 'Machine User');
      assert.equal((await runGit({ args: ['config', '--get', 'user.name'], allowExitCodes: [1] })).exitCode, 1);
    } finally {
      if (saved === undefined) delete process.env.GIT_CONFIG_GLOBAL;
      else process.env.GIT_CONFIG_GLOBAL = saved;
    }
  });
});
