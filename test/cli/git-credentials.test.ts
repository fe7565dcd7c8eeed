/**
 * `sluice git-credentials` as a user runs it: the real binary against a real server serving a
 * hosted repository, with the admin key from the server's data directory, and real git using
 * what it printed or stored.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sluice as run, type CliResult } from '../support/cli.ts';
import { git, makeGitHome, makeRepositories, repoUrl } from '../support/git.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('sluice git-credentials', () => {
  let t: TestServer;
  let home: string;
  const sluice = (args: string[]): Promise<CliResult> =>
    run(args, { env: { SLUICE_ENDPOINT: t.url, SLUICE_DATA_DIR: t.dataDir, HOME: home, GIT_CONFIG_NOSYSTEM: '1' } });

  before(async () => {
    home = await makeGitHome();
    const repos = makeRepositories(join(home, 'hosted'));
    await repos.create('demo');
    t = await startTestServer({ findRepository: (name) => repos.find(name) });
  });
  after(() => t.close());

  it('prints a login and password for the caller that git signs in with, and the clone command', async () => {
    const result = await sluice(['git-credentials', '--repository', 'demo']);
    assert.equal(result.code, 0, result.stderr);
    const [, username, password] = /^USERNAME\s+PASSWORD\n(\S+)\s+(\S+)\n/.exec(result.stdout) ?? [];
    assert.equal(username, 'admin-at-000000000000');
    assert.match(result.stdout, new RegExp(`Clone with: git clone ${t.url}/v1/repos/demo\\n$`));
    const cloned = await git(home, ['clone', repoUrl(t.url, 'demo', { username: username ?? '', password: password ?? '' }), 'printed']);
    assert.equal(cloned.code, 0, cloned.stderr);
  });

  it('stores them for the server with git\'s store helper, so a bare clone URL works', async () => {
    const refused = await git(home, ['clone', repoUrl(t.url, 'demo'), 'before-store']);
    assert.notEqual(refused.code, 0, 'no credentials yet');
    const result = await sluice(['git-credentials', '--store', '--output', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { ServiceSpecificCredential: { ServiceUserName: string }; StoredWith: string; CloneUrl: string };
    assert.equal(printed.StoredWith, 'store');
    assert.equal(printed.CloneUrl, `${t.url}/v1/repos/%3Crepository%3E`);
    const { hostname, port } = new URL(t.url);
    // git's store file percent-encodes the port's colon.
    assert.match(await readFile(join(home, '.git-credentials'), 'utf8'), new RegExp(`^http://admin-at-000000000000:[^@]+@${hostname}%3a${port}\\n$`));
    const cloned = await git(home, ['clone', repoUrl(t.url, 'demo'), 'after-store']);
    assert.equal(cloned.code, 0, cloned.stderr);
  });

  it('shows the request on a dry run and refuses a third credential with IAM\'s error', async () => {
    const dry = await sluice(['git-credentials', '--user-name', 'admin', '--dry-run']);
    assert.deepEqual(JSON.parse(dry.stdout), { CreateServiceSpecificCredential: { UserName: 'admin', ServiceName: 'codecommit.amazonaws.com' } });
    const third = await sluice(['git-credentials']);
    assert.deepEqual([third.code, third.stderr],
      [1, 'error: LimitExceededException: Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2\n']);
  });
});
