/**
 * Signing in to git with an access key, the way `aws codecommit credential-helper` does: the real
 * helper (awscli) as git's credential helper against a real server, and the same password made in
 * TypeScript to check what the server refuses (a stale signature, another key's, a disabled key).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { helperPassword, helperSignature } from '../../src/api/git/helper-password.ts';
import { git, makeGitHome, makeRepositories, repoUrl } from '../support/git.ts';
import { iamClient, makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const exec = promisify(execFile);

/** Only `get` computes credentials; `store` and `erase` would refuse --ignore-host-check. */
const HELPER = '!f() { test "$1" = get && aws codecommit credential-helper get --ignore-host-check; }; f';

describe('git with the CodeCommit credential helper', () => {
  let t: TestServer;
  let home: string;
  let repos: ReturnType<typeof makeRepositories>;
  let helperEnv: Record<string, string>;

  /** Status of a ref advertisement request signed in as `username` / `password`. */
  async function advertise(name: string, username: string, password: string): Promise<number> {
    const response = await fetch(`${t.url}/v1/repos/${name}/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
    });
    await response.arrayBuffer();
    return response.status;
  }

  before(async () => {
    home = await makeGitHome();
    repos = makeRepositories(join(home, 'hosted'));
    t = await startTestServer({ findRepository: (name) => repos.find(name) });
    const { PATH, AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE } = t.awsEnv();
    helperEnv = { PATH: PATH ?? '', AWS_SHARED_CREDENTIALS_FILE: AWS_SHARED_CREDENTIALS_FILE ?? '', AWS_CONFIG_FILE: AWS_CONFIG_FILE ?? '' };
    await git(home, ['config', '--global', 'credential.helper', HELPER]);
    await git(home, ['config', '--global', 'credential.useHttpPath', 'true']);
  });
  after(() => t.close());

  it('clones and pushes with the password the helper computes', async () => {
    await repos.create('helped');
    const cloned = await git(home, ['clone', repoUrl(t.url, 'helped'), 'helped-a'], { env: helperEnv });
    assert.equal(cloned.code, 0, cloned.stderr);
    const cwd = join(home, 'helped-a');
    await git(home, ['commit', '--allow-empty', '-m', 'by helper'], { cwd });
    const pushed = await git(home, ['push', 'origin', 'main'], { cwd, env: helperEnv });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stderr, /\[new branch\]\s+main -> main/);
  });

  it('computes the same signature as the helper', async () => {
    const host = new URL(t.url).host;
    const child = exec('aws', ['codecommit', 'credential-helper', 'get', '--ignore-host-check'], { env: helperEnv });
    child.child.stdin?.end(`protocol=http\nhost=${host}\npath=v1/repos/helped\n\n`);
    const { stdout } = await child;
    const [, username, timestamp, signature] = /^username=(\S+)\npassword=(\d{8}T\d{6})Z([0-9a-f]{64})\n$/.exec(stdout) ?? [];
    assert.equal(username, t.credentials.accessKeyId);
    assert.equal(helperSignature({ secretAccessKey: t.credentials.secretAccessKey, region: 'us-east-1', host, path: '/v1/repos/helped', timestamp: timestamp ?? '' }), signature);
  });

  it('refuses a stale password, another repository\'s, another region\'s and a disabled key\'s', async () => {
    await repos.create('signed');
    const host = new URL(t.url).host;
    const key = await makeUser(t, 'signer', policyOf({ Effect: 'Allow', Action: 'codecommit:GitPull', Resource: '*' }));
    const sign = (over: { path?: string; region?: string; at?: number } = {}): string => helperPassword({
      secretAccessKey: key.secretAccessKey, region: over.region ?? 'us-east-1', host, path: over.path ?? '/v1/repos/signed',
    }, over.at ?? Date.now());
    assert.equal(await advertise('signed', key.accessKeyId, sign()), 200);
    assert.equal(await advertise('signed', key.accessKeyId, sign({ at: Date.now() - 10 * 60_000 })), 200, 'within the 15-minute skew');
    assert.equal(await advertise('signed', key.accessKeyId, sign({ at: Date.now() - 16 * 60_000 })), 401, 'older than 15 minutes');
    assert.equal(await advertise('signed', key.accessKeyId, sign({ at: Date.now() + 16 * 60_000 })), 401, 'from the future');
    assert.equal(await advertise('signed', key.accessKeyId, sign({ path: '/v1/repos/helped' })), 401, 'signed for another repository');
    assert.equal(await advertise('signed', key.accessKeyId, sign({ region: 'eu-west-1' })), 401, 'signed for another region');
    assert.equal(await advertise('signed', t.credentials.accessKeyId, sign()), 401, 'signed with another key');
    assert.equal(await advertise('signed', `${key.accessKeyId}%token`, sign()), 401, 'a session token the key does not have');
    const iam = iamClient(t);
    try {
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'signer', AccessKeyId: key.accessKeyId, Status: 'Inactive' }));
    } finally {
      iam.destroy();
    }
    assert.equal(await advertise('signed', key.accessKeyId, sign()), 401, 'a disabled key');
  });
});
