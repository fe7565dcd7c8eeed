/**
 * Connection mirrors against a real git server over HTTP that demands credentials: the token
 * reaches git through askpass as HTTP Basic credentials (never in a URL), a wrong token fails
 * with git's reason and no secret in the message, fetches of one mirror never overlap, a remote
 * that does not answer times out, and the remote's refs are listed with tags peeled.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GitAccess } from '../../src/services/connection-access.ts';
import { makeGitAuthFactory } from '../../src/services/connection-git/git-auth.ts';
import { ConnectionMirrors } from '../../src/services/connection-git/mirrors.ts';
import type { ConnectionRecord } from '../../src/store/connection-ports.ts';
import { git, makeExternalRepo, type ExternalRepo } from '../support/external-git.ts';
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.ts';

const TOKEN = 'ghp_secret-token-123';
const CONNECTION: ConnectionRecord = {
  id: '11111111-2222-3333-4444-555555555555', arn: 'arn:aws:codestar-connections:us-east-1:000000000000:connection/11111111-2222-3333-4444-555555555555',
  name: 'http', providerType: 'GitHub', ownerAccountId: '000000000000', status: 'AVAILABLE', tags: [], created: 0,
};

describe('connection mirrors over authenticated HTTP', () => {
  let root: string;
  let repo: ExternalRepo;
  let server: GitHttpServer;
  let access: GitAccess;
  const mirrors = (timeouts: { fetchTimeoutMs?: number } = {}): ConnectionMirrors => new ConnectionMirrors({
    root: join(root, 'mirrors'), auth: makeGitAuthFactory(join(root, 'mirrors', '.auth')), ...timeouts,
    connections: { get: async () => CONNECTION, gitAccess: async () => access },
  });

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-mirrors-'));
    repo = await makeExternalRepo('octo/app', join(root, 'remote'));
    server = await startGitHttpServer(join(root, 'remote'), 'x-access-token', TOKEN);
  });
  after(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('fetches with the token as HTTP Basic credentials, never in a URL', async () => {
    const commit = await repo.commit({ 'src/app.ts': 'v1\n' });
    access = { url: server.baseUrl, auth: 'token', secret: TOKEN };
    const { gitDir } = await mirrors().fetch(CONNECTION.arn, 'octo/app');
    assert.equal(gitDir, join(root, 'mirrors', CONNECTION.id, 'octo', 'app.git'));
    assert.equal(await git(gitDir, 'rev-parse', 'refs/heads/main'), commit);
    assert.ok(server.requests.some((r) => r.username === 'x-access-token' && r.password === TOKEN));
    assert.ok(server.requests.every((r) => !r.url.includes(TOKEN)));
    assert.ok(!(await git(gitDir, 'config', '--list')).includes(TOKEN), 'nothing of the token is kept in the mirror');
  });

  it('fails with git\'s reason and no secret in the message when the token is refused', async () => {
    access = { url: server.baseUrl, auth: 'token', secret: 'wrong-token-456' };
    await assert.rejects(mirrors().fetch(CONNECTION.arn, 'octo/app'), (e: Error) => {
      assert.equal(e.name, 'ConnectionGitError');
      assert.match(e.message, /git fetch failed: .*(Authentication failed|401)/);
      assert.ok(!e.message.includes('wrong-token-456'));
      return true;
    });
  });

  it('runs fetches of one mirror one after another', async () => {
    access = { url: server.baseUrl, auth: 'token', secret: TOKEN };
    await repo.commit({ 'src/app.ts': 'v2\n' });
    const shared = mirrors();
    const done = await Promise.all([1, 2, 3].map(() => shared.fetch(CONNECTION.arn, 'octo/app')));
    assert.equal(new Set(done.map((d) => d.gitDir)).size, 1);
    assert.equal(server.maxInFlight(), 1);
  });

  it('gives up on a remote that does not answer', async () => {
    access = { url: server.baseUrl, auth: 'token', secret: TOKEN };
    await assert.rejects(mirrors({ fetchTimeoutMs: 500 }).fetch(CONNECTION.arn, 'slow/app'), /git fetch took longer than 500 ms/);
  });

  it('lists the remote\'s branches and tags, annotated tags peeled to their commit', async () => {
    access = { url: server.baseUrl, auth: 'token', secret: TOKEN };
    const commit = await repo.commit({ 'src/app.ts': 'v3\n' });
    await repo.tag('v3');
    const refs = await mirrors().listRemoteRefs(CONNECTION, 'octo/app');
    assert.equal(refs.get('refs/heads/main'), commit);
    assert.equal(refs.get('refs/tags/v3'), commit);
  });

  it('refuses repository ids that are no owner/name path', async () => {
    for (const id of ['../etc', 'octo', 'octo/../x', 'octo/app name']) {
      await assert.rejects(mirrors().fetch(CONNECTION.arn, id), { code: 'ValidationException' }, id);
    }
  });
});
