/**
 * Git smart HTTP as git users see it: the real `git` client against a real server serving bare
 * repositories, signed in with an IAM service-specific credential. Clone, fetch, push, shallow
 * clones, protocol v2, refused and unknown requests, and the ref-change callback's contract.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { CreateServiceSpecificCredentialCommand } from '@aws-sdk/client-iam';
import type { RefChange } from '../../src/api/git/handler.ts';
import type { HostedRepository } from '../../src/services/hosted-repository.ts';
import { git, makeGitHome, makeRepositories, repoUrl } from '../support/git.ts';
import { iamClient, makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ZERO = '0'.repeat(40);

interface Login { username: string; password: string }
interface Notified { repository: string; changes: RefChange[]; callerArn: string }

describe('git smart HTTP', () => {
  let t: TestServer;
  let home: string;
  let admin: Login;
  let repos: ReturnType<typeof makeRepositories>;
  const notified: Notified[] = [];
  /** When set, the callback reports that it started, then waits for `hold`: a push must not return before. */
  let hold: { started(): void; released: Promise<void> } | undefined;

  async function gitLogin(userName: string): Promise<Login> {
    const iam = iamClient(t);
    try {
      const { ServiceSpecificCredential: c } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: userName, ServiceName: 'codecommit.amazonaws.com' }));
      return { username: c?.ServiceUserName ?? '', password: c?.ServicePassword ?? '' };
    } finally {
      iam.destroy();
    }
  }

  /** A hosted repository with one commit on main, pushed from a fresh clone at `dir`. */
  async function seeded(name: string, dir: string): Promise<{ repository: HostedRepository; head: string }> {
    const repository = await repos.create(name);
    assert.equal((await git(home, ['clone', repoUrl(t.url, name, admin), dir])).code, 0);
    await git(home, ['commit', '--allow-empty', '-m', 'first'], { cwd: join(home, dir) });
    const pushed = await git(home, ['push', 'origin', 'main'], { cwd: join(home, dir) });
    assert.equal(pushed.code, 0, pushed.stderr);
    return { repository, head: (await git(home, ['rev-parse', 'HEAD'], { cwd: join(home, dir) })).stdout.trim() };
  }

  const refsOf = async (repository: HostedRepository): Promise<string> =>
    (await git(home, ['--git-dir', repository.gitDir, 'for-each-ref'])).stdout;

  before(async () => {
    home = await makeGitHome();
    repos = makeRepositories(join(home, 'hosted'));
    t = await startTestServer({
      findRepository: (name) => repos.find(name),
      async onRefsChanged(repository, changes, callerArn) {
        hold?.started();
        await hold?.released;
        notified.push({ repository: repository.repositoryName, changes, callerArn });
      },
    });
    admin = await gitLogin('admin');
  });
  after(() => t.close());

  it('clones, pushes and fetches; the push hands its change on once, the clone and fetch none', async () => {
    const { head } = await seeded('basics', 'basics-a');
    const pushes = notified.filter((n) => n.repository === 'basics');
    assert.deepEqual(pushes, [{
      repository: 'basics', callerArn: 'arn:aws:iam::000000000000:user/admin',
      changes: [{ ref: 'refs/heads/main', oldCommit: ZERO, newCommit: head }],
    }]);
    const cloned = await git(home, ['clone', repoUrl(t.url, 'basics', admin), 'basics-b']);
    assert.equal(cloned.code, 0, cloned.stderr);
    assert.equal((await git(home, ['rev-parse', 'HEAD'], { cwd: join(home, 'basics-b') })).stdout.trim(), head);
    await git(home, ['commit', '--allow-empty', '-m', 'second'], { cwd: join(home, 'basics-a') });
    assert.equal((await git(home, ['push'], { cwd: join(home, 'basics-a') })).code, 0);
    const fetched = await git(home, ['fetch'], { cwd: join(home, 'basics-b') });
    assert.equal(fetched.code, 0, fetched.stderr);
    const second = (await git(home, ['rev-parse', 'HEAD'], { cwd: join(home, 'basics-a') })).stdout.trim();
    assert.equal((await git(home, ['rev-parse', 'origin/main'], { cwd: join(home, 'basics-b') })).stdout.trim(), second);
    const audited = await t.server.runtime.store.audit.lookup({ eventName: 'GitPush', userName: 'admin' }, {});
    assert.ok(audited.items.filter((e) => (e.requestParameters as { repositoryName?: string }).repositoryName === 'basics').length >= 2,
      'each push is in the audit trail');
    assert.deepEqual(notified.filter((n) => n.repository === 'basics').map((n) => n.changes),
      [[{ ref: 'refs/heads/main', oldCommit: ZERO, newCommit: head }], [{ ref: 'refs/heads/main', oldCommit: head, newCommit: second }]]);
  });

  it('serves shallow clones over protocol v2 and v0', async () => {
    await seeded('shallow', 'shallow-a');
    await git(home, ['commit', '--allow-empty', '-m', 'second'], { cwd: join(home, 'shallow-a') });
    await git(home, ['push'], { cwd: join(home, 'shallow-a') });
    for (const version of ['2', '0']) {
      const dir = `shallow-v${version}`;
      const cloned = await git(home, ['-c', `protocol.version=${version}`, 'clone', '--depth', '1', repoUrl(t.url, 'shallow', admin), dir]);
      assert.equal(cloned.code, 0, cloned.stderr);
      assert.equal((await git(home, ['rev-list', '--count', 'HEAD'], { cwd: join(home, dir) })).stdout.trim(), '1', `v${version} clone is shallow`);
      assert.equal((await git(home, ['rev-parse', '--is-shallow-repository'], { cwd: join(home, dir) })).stdout.trim(), 'true');
    }
  });

  it('reports a new branch, a tag and a deletion in one push, in ref order, with all-zero ids', async () => {
    const { head } = await seeded('refs', 'refs-a');
    const cwd = join(home, 'refs-a');
    await git(home, ['branch', 'feature'], { cwd });
    await git(home, ['tag', '-a', 'v1', '-m', 'release 1'], { cwd });
    assert.equal((await git(home, ['push', 'origin', 'feature', 'v1'], { cwd })).code, 0);
    const deleted = await git(home, ['push', 'origin', '--delete', 'feature', 'v1'], { cwd });
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.deepEqual(notified.filter((n) => n.repository === 'refs').map((n) => n.changes).slice(1), [
      [{ ref: 'refs/heads/feature', oldCommit: ZERO, newCommit: head }, { ref: 'refs/tags/v1', oldCommit: ZERO, newCommit: head }],
      [{ ref: 'refs/heads/feature', oldCommit: head, newCommit: ZERO }, { ref: 'refs/tags/v1', oldCommit: head, newCommit: ZERO }],
    ], 'an annotated tag is reported by the commit it points at');
  });

  it('does not call back for a push that changes nothing', async () => {
    await seeded('noop', 'noop-a');
    const before = notified.length;
    const pushed = await git(home, ['push', 'origin', 'main'], { cwd: join(home, 'noop-a') });
    assert.equal(pushed.code, 0);
    assert.match(pushed.stderr, /Everything up-to-date/);
    assert.equal(notified.length, before);
  });

  it('answers a push only after the callback has finished', async () => {
    await seeded('held', 'held-a');
    const cwd = join(home, 'held-a');
    await git(home, ['commit', '--allow-empty', '-m', 'held'], { cwd });
    let release = (): void => undefined;
    const started = new Promise<void>((resolveStarted) => {
      hold = { started: resolveStarted, released: new Promise((resolve) => { release = resolve; }) };
    });
    let returned = false;
    const push = git(home, ['push'], { cwd }).then((r) => { returned = true; return r; });
    await started;
    // The refs have moved and the callback is running: until it is released the push stays unanswered.
    const head = (await git(home, ['rev-parse', 'HEAD'], { cwd })).stdout.trim();
    assert.match(await refsOf(await repos.find('held') as HostedRepository), new RegExp(head));
    // A push that wrongly answered early would have returned within this window (a local push
    // takes a few ms once answered); nothing to await proves a thing did not happen.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(returned, false, 'git push is still waiting');
    const count = notified.length;
    hold = undefined;
    release();
    assert.equal((await push).code, 0);
    assert.equal(notified.length, count + 1);
  });

  it('asks for credentials without them, and refuses a wrong password with 401', async () => {
    await repos.create('private');
    const anonymous = await fetch(`${t.url}/v1/repos/private/info/refs?service=git-upload-pack`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Basic realm="Sluice"');
    const unknownAnonymous = await fetch(`${t.url}/v1/repos/no-such-repo/info/refs?service=git-upload-pack`);
    assert.equal(unknownAnonymous.status, 401, 'a stranger cannot tell an unknown repository from a private one');
    const wrong = await git(home, ['clone', repoUrl(t.url, 'private', { ...admin, password: 'not-the-password' }), 'private-a']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /Authentication failed/);
  });

  it('answers 404 for an unknown repository once the caller is signed in', async () => {
    const cloned = await git(home, ['clone', repoUrl(t.url, 'no-such-repo', admin), 'missing']);
    assert.equal(cloned.code, 128);
    assert.match(cloned.stderr, /remote: Repository no-such-repo does not exist/);
    assert.match(cloned.stderr, /not found/);
  });

  it('refuses a push without codecommit:GitPush with 403 and git shows why; nothing changes', async () => {
    const { repository } = await seeded('guarded', 'guarded-a');
    await makeUser(t, 'reader', policyOf({ Effect: 'Allow', Action: 'codecommit:GitPull', Resource: repository.arn }));
    const reader = await gitLogin('reader');
    const cloned = await git(home, ['clone', repoUrl(t.url, 'guarded', reader), 'guarded-r']);
    assert.equal(cloned.code, 0, cloned.stderr);
    const cwd = join(home, 'guarded-r');
    await git(home, ['commit', '--allow-empty', '-m', 'not allowed'], { cwd });
    const refsBefore = await refsOf(repository);
    const count = notified.length;
    const pushed = await git(home, ['push'], { cwd });
    assert.equal(pushed.code, 128);
    assert.match(pushed.stderr, /remote: User: arn:aws:iam::000000000000:user\/reader is not authorized to perform: codecommit:GitPush on resource: arn:aws:codecommit:us-east-1:000000000000:guarded/);
    assert.match(pushed.stderr, /The requested URL returned error: 403/);
    assert.equal(await refsOf(repository), refsBefore);
    assert.equal(notified.length, count);
    const audit = await t.server.runtime.store.audit.lookup({ eventName: 'GitPush', userName: 'reader' }, {});
    assert.deepEqual(audit.items.map((e) => [e.eventSource, e.errorCode, e.requestParameters]),
      [['codecommit.amazonaws.com', 'AccessDeniedException', { repositoryName: 'guarded' }]], 'the refusal is in the audit trail');
    const other = await git(home, ['clone', repoUrl(t.url, 'basics', reader), 'guarded-other']);
    assert.match(other.stderr, /error: 403/, 'GitPull on one repository is not on another');
  });

  it('streams a push and a clone larger than the API body limit (4 MiB)', async () => {
    await seeded('large', 'large-a');
    const cwd = join(home, 'large-a');
    // Random bytes do not compress: the pack is as large as the file.
    await writeFile(join(cwd, 'blob.bin'), randomBytes(6 * 1024 * 1024));
    await git(home, ['add', 'blob.bin'], { cwd });
    await git(home, ['commit', '-m', 'large'], { cwd });
    const pushed = await git(home, ['push'], { cwd });
    assert.equal(pushed.code, 0, pushed.stderr);
    const cloned = await git(home, ['clone', repoUrl(t.url, 'large', admin), 'large-b']);
    assert.equal(cloned.code, 0, cloned.stderr);
    assert.deepEqual(await readFile(join(home, 'large-b', 'blob.bin')), await readFile(join(cwd, 'blob.bin')));
  });

  it('takes a gzip-compressed upload-pack request', async () => {
    const { head } = await seeded('gzipped', 'gzipped-a');
    const pkt = (line: string): string => `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;
    const request = `${pkt(`want ${head}\n`)}0000${pkt('done\n')}`;
    const response = await fetch(`${t.url}/v1/repos/gzipped/git-upload-pack`, {
      method: 'POST', body: gzipSync(request),
      headers: {
        'content-type': 'application/x-git-upload-pack-request', 'content-encoding': 'gzip',
        authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}`,
      },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-git-upload-pack-result');
    const body = Buffer.from(await response.arrayBuffer());
    assert.ok(body.includes(Buffer.from('PACK')), 'the answer carries a pack');
  });

  it('serves no dumb-protocol paths', async () => {
    await repos.create('dumb');
    const headers = { authorization: `Basic ${Buffer.from(`${admin.username}:${admin.password}`).toString('base64')}` };
    assert.equal((await fetch(`${t.url}/v1/repos/dumb/HEAD`, { headers })).status, 404);
    assert.equal((await fetch(`${t.url}/v1/repos/dumb/info/refs`, { headers })).status, 404);
  });
});

describe('git smart HTTP push limit', () => {
  it('refuses a pack larger than maxPushBytes with git\'s message, and changes nothing', async () => {
    const home = await makeGitHome();
    const repos = makeRepositories(join(home, 'hosted'));
    const repository = await repos.create('bounded');
    let calls = 0;
    const t = await startTestServer({ findRepository: (name) => repos.find(name), maxPushBytes: 1024 * 1024, onRefsChanged: async () => { calls++; } });
    try {
      const iam = iamClient(t);
      const { ServiceSpecificCredential: c } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'admin', ServiceName: 'codecommit.amazonaws.com' }));
      iam.destroy();
      const login = { username: c?.ServiceUserName ?? '', password: c?.ServicePassword ?? '' };
      await git(home, ['clone', repoUrl(t.url, 'bounded', login), 'work']);
      const cwd = join(home, 'work');
      await writeFile(join(cwd, 'blob.bin'), randomBytes(2 * 1024 * 1024));
      await git(home, ['add', 'blob.bin'], { cwd });
      await git(home, ['commit', '-m', 'too large'], { cwd });
      const pushed = await git(home, ['push', 'origin', 'main'], { cwd });
      assert.notEqual(pushed.code, 0);
      assert.match(pushed.stderr, /pack exceeds maximum allowed size/);
      assert.equal((await git(home, ['--git-dir', repository.gitDir, 'for-each-ref'])).stdout, '');
      assert.equal(calls, 0);
    } finally {
      await t.close();
    }
  });
});
