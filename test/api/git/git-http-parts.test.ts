/**
 * The pure parts of git serving, as tables: which requests are git's and what they ask for, what
 * a push changed, Basic credentials, and the credential helper's password against a fixed clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBasicAuth } from '../../../src/api/git/authenticate.ts';
import { helperPassword, verifyHelperPassword } from '../../../src/api/git/helper-password.ts';
import { diffRefs, ZERO_ID } from '../../../src/git/ref-snapshots.ts';
import { matchGitRoute } from '../../../src/api/git/routes.ts';

const url = (path: string): URL => new URL(path, 'http://127.0.0.1:8090');

describe('git routes', () => {
  const cases: { method: string; path: string; want: [string, string, boolean] | undefined }[] = [
    { method: 'GET', path: '/v1/repos/app/info/refs?service=git-upload-pack', want: ['app', 'pull', false] },
    { method: 'GET', path: '/v1/repos/app/info/refs?service=git-receive-pack', want: ['app', 'push', false] },
    { method: 'POST', path: '/v1/repos/my.repo_1-x/git-upload-pack', want: ['my.repo_1-x', 'pull', false] },
    { method: 'POST', path: '/v1/repos/app/git-receive-pack', want: ['app', 'push', true] },
    { method: 'GET', path: '/v1/repos/app/info/refs', want: undefined },
    { method: 'POST', path: '/v1/repos/app/info/refs?service=git-upload-pack', want: undefined },
    { method: 'GET', path: '/v1/repos/app/git-upload-pack', want: undefined },
    { method: 'GET', path: '/v1/repos/app/HEAD', want: undefined },
    { method: 'GET', path: '/v1/repos/a%2Fb/info/refs?service=git-upload-pack', want: undefined },
    { method: 'GET', path: `/v1/repos/${'r'.repeat(101)}/info/refs?service=git-upload-pack`, want: undefined },
  ];
  for (const { method, path, want } of cases) {
    it(`${method} ${path.slice(0, 60)}`, () => {
      const route = matchGitRoute(method, url(path));
      assert.deepEqual(route && [route.repositoryName, route.access, route.receivesPack], want);
      if (route) assert.equal(route.repositoryPath, `/v1/repos/${route.repositoryName}`);
    });
  }
});

describe('ref changes', () => {
  it('lists created, moved and deleted refs in ref-name order, and nothing unchanged', () => {
    const before = new Map([['refs/heads/main', 'a'.repeat(40)], ['refs/tags/old', 'b'.repeat(40)], ['refs/heads/same', 'c'.repeat(40)]]);
    const after = new Map([['refs/heads/main', 'd'.repeat(40)], ['refs/heads/feature', 'e'.repeat(40)], ['refs/heads/same', 'c'.repeat(40)]]);
    assert.deepEqual(diffRefs(before, after), [
      { ref: 'refs/heads/feature', oldCommit: ZERO_ID, newCommit: 'e'.repeat(40) },
      { ref: 'refs/heads/main', oldCommit: 'a'.repeat(40), newCommit: 'd'.repeat(40) },
      { ref: 'refs/tags/old', oldCommit: 'b'.repeat(40), newCommit: ZERO_ID },
    ]);
    assert.deepEqual(diffRefs(before, before), []);
  });
});

describe('Basic credentials', () => {
  const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;
  it('splits at the first colon and refuses other schemes and shapes', () => {
    assert.deepEqual(parseBasicAuth(basic('bob-at-000000000000:pa:ss')), { username: 'bob-at-000000000000', password: 'pa:ss' });
    assert.equal(parseBasicAuth(null), undefined);
    assert.equal(parseBasicAuth(basic(':nouser')), undefined);
    assert.equal(parseBasicAuth(basic('nocolon')), undefined);
    assert.equal(parseBasicAuth('Bearer abc'), undefined);
    assert.equal(parseBasicAuth('Basic !!!'), undefined);
  });
});

describe('credential helper password', () => {
  const key = { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1', host: 'git.example.com:8090', path: '/v1/repos/app' };
  const t0 = Date.UTC(2026, 0, 2, 3, 4, 5);
  it('is the timestamp, Z and a 64-hex signature; the port is not signed', () => {
    const password = helperPassword(key, t0);
    assert.match(password, /^20260102T030405Z[0-9a-f]{64}$/);
    assert.equal(helperPassword({ ...key, host: 'git.example.com' }, t0), password);
  });
  it('verifies within 15 minutes either way, and not after', () => {
    const password = helperPassword(key, t0);
    assert.equal(verifyHelperPassword(password, key, t0 + 15 * 60_000), true);
    assert.equal(verifyHelperPassword(password, key, t0 - 15 * 60_000), true);
    assert.equal(verifyHelperPassword(password, key, t0 + 15 * 60_000 + 1000), false);
    assert.equal(verifyHelperPassword(password, { ...key, secretAccessKey: 'other' }, t0), false);
    assert.equal(verifyHelperPassword(password, { ...key, host: 'other.example.com' }, t0), false);
    assert.equal(verifyHelperPassword('20261302T030405Z' + '0'.repeat(64), key, t0), false, 'month 13 is no date');
  });
});
