/**
 * How git is handed a connection's credentials: the askpass program answers git's two prompts
 * from the environment of one call, an ssh key lives in a 0600 file named by GIT_SSH_COMMAND only
 * for the length of the call, and machine credential helpers are switched off.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeGitAuthFactory } from '../../src/services/connection-git/git-auth.ts';

const run = promisify(execFile);

describe('git credentials for connections', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'sluice-git-auth-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('answers git\'s user name and password prompts with the provider\'s token user and the token', async () => {
    const auth = await makeGitAuthFactory(dir).prepare({ url: 'https://gitlab.com', auth: 'token', secret: 'glpat-xyz' }, 'GitLab');
    assert.deepEqual(auth.configArgs, ['-c', 'credential.helper=']);
    const askpass = auth.env.GIT_ASKPASS ?? '';
    assert.equal(((await stat(askpass)).mode & 0o777), 0o700);
    const ask = async (prompt: string): Promise<string> => (await run(askpass, [prompt], { env: { ...process.env, ...auth.env } })).stdout;
    assert.equal(await ask("Username for 'https://gitlab.com': "), 'oauth2\n');
    assert.equal(await ask("Password for 'https://oauth2@gitlab.com': "), 'glpat-xyz\n');
    assert.ok(!(await readFile(askpass, 'utf8')).includes('glpat-xyz'), 'the program holds no secret');
    assert.deepEqual(auth.secrets, ['glpat-xyz']);
  });

  it('uses the given user name with a password', async () => {
    const auth = await makeGitAuthFactory(dir).prepare({ url: 'https://bitbucket.org', auth: 'password', username: 'bot', secret: 'app-pw' }, 'Bitbucket');
    assert.equal(auth.env.SLUICE_GIT_USERNAME, 'bot');
    assert.equal(auth.env.SLUICE_GIT_PASSWORD, 'app-pw');
  });

  it('writes an ssh key to a private file for the call and removes it after', async () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----';
    const auth = await makeGitAuthFactory(dir).prepare({ url: 'ssh://git@git.example.com', auth: 'sshKey', secret: key }, 'GitHub');
    const file = /'-i' '([^']+)'/.exec(auth.env.GIT_SSH_COMMAND ?? '')?.[1] ?? '';
    assert.match(auth.env.GIT_SSH_COMMAND ?? '', /'BatchMode=yes'.*'StrictHostKeyChecking=accept-new'/);
    assert.equal(((await stat(file)).mode & 0o777), 0o600);
    assert.equal(await readFile(file, 'utf8'), `${key}\n`);
    await auth.cleanup();
    await assert.rejects(stat(file), { code: 'ENOENT' });
  });

  it('gives nothing but the switched-off helpers to a server that needs no credentials', async () => {
    const auth = await makeGitAuthFactory(dir).prepare({ url: 'file:///srv/git', auth: 'none' }, 'GitHub');
    assert.deepEqual([auth.configArgs, auth.env, auth.secrets], [['-c', 'credential.helper='], {}, []]);
  });
});
