/**
 * Artifact credentials for job workers: temporary ASIA keys of one system user whose policy
 * covers exactly the artifact buckets handed out so far, expiring after the TTL and swept then.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evaluate } from '../../src/model/iam/evaluate.ts';
import { parsePolicyDocument } from '../../src/model/iam/parse-policy.ts';
import { ARTIFACT_USER, makeArtifactCredentials, type ArtifactCredentialMinter } from '../../src/server/artifact-credentials.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import { T0 } from '../store/builders.ts';

describe('artifact credentials', () => {
  let store: Store;
  let minter: ArtifactCredentialMinter;
  let now = T0;
  before(async () => {
    store = await openSqliteStore({ path: ':memory:' });
    minter = makeArtifactCredentials({ store, accountId: '000000000000', ttlMs: 60_000, clock: { now: () => now } });
  });
  after(() => store.close());

  async function allowed(action: string, resource: string): Promise<boolean> {
    const policies = (await store.identity.listUserPolicies(ARTIFACT_USER)).flatMap((p) => parsePolicyDocument(p.document).policy ?? []);
    return evaluate({ action, resource }, policies).decision === 'Allow';
  }

  it('mints temporary keys of the artifact user, created on first use', async () => {
    const credentials = await minter.mint(['bucket-a']);
    assert.match(credentials.accessKeyId, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(credentials.secretAccessKey.length >= 40);
    assert.ok(credentials.sessionToken.length >= 100);
    assert.equal(credentials.expiresAt, T0 + 60_000);
    const stored = await store.identity.getAccessKey(credentials.accessKeyId);
    assert.deepEqual(stored, { ...credentials, userName: ARTIFACT_USER, status: 'Active', createdAt: T0 });
    assert.equal((await store.identity.getUser(ARTIFACT_USER))?.arn, 'arn:aws:iam::000000000000:user/sluice-artifacts');
    const again = await minter.mint(['bucket-a']);
    assert.notEqual(again.accessKeyId, credentials.accessKeyId, 'every poll gets its own set');
  });

  it('mints for a job without artifacts, before any bucket was granted', async () => {
    const fresh = await openSqliteStore({ path: ':memory:' });
    try {
      const credentials = await makeArtifactCredentials({ store: fresh, accountId: '000000000000' }).mint([]);
      assert.equal((await fresh.identity.getAccessKey(credentials.accessKeyId))?.userName, ARTIFACT_USER);
    } finally {
      await fresh.close();
    }
  });

  it('allows object reads, writes and listing on the granted buckets only', async () => {
    await minter.mint(['bucket-a']);
    assert.equal(await allowed('s3:GetObject', 'arn:aws:s3:::bucket-a/p/Art/abc1234'), true);
    assert.equal(await allowed('s3:PutObject', 'arn:aws:s3:::bucket-a/p/Art/abc1234'), true);
    assert.equal(await allowed('s3:AbortMultipartUpload', 'arn:aws:s3:::bucket-a/p/Art/abc1234'), true);
    assert.equal(await allowed('s3:ListBucket', 'arn:aws:s3:::bucket-a'), true);
    assert.equal(await allowed('s3:DeleteObject', 'arn:aws:s3:::bucket-a/p/Art/abc1234'), false);
    assert.equal(await allowed('s3:GetObject', 'arn:aws:s3:::bucket-b/x'), false);
    assert.equal(await allowed('codepipeline:PollForJobs', '*'), false);
    await Promise.all([minter.mint(['bucket-b']), minter.mint(['bucket-c', 'bucket-a'])]);
    for (const bucket of ['bucket-a', 'bucket-b', 'bucket-c']) {
      assert.equal(await allowed('s3:GetObject', `arn:aws:s3:::${bucket}/k`), true, `${bucket} joined the policy`);
    }
  });

  it('keeps every grant when processes sharing the database add buckets at the same moment', async () => {
    const others = [1, 2, 3].map(() => makeArtifactCredentials({ store, accountId: '000000000000', clock: { now: () => now } }));
    await Promise.all(others.map((other, i) => other.mint([`shared-${i}`, 'shared-common'])));
    for (const bucket of ['shared-0', 'shared-1', 'shared-2', 'shared-common', 'bucket-a']) {
      assert.equal(await allowed('s3:PutObject', `arn:aws:s3:::${bucket}/k`), true, `${bucket} kept its grant`);
    }
  });

  it('deletes the keys once they expire', async () => {
    const credentials = await minter.mint(['bucket-a']);
    now = T0 + 59_999;
    assert.equal(await minter.deleteExpired(), 0);
    now = T0 + 60_001;
    assert.ok(await minter.deleteExpired() >= 1);
    assert.equal(await store.identity.getAccessKey(credentials.accessKeyId), undefined);
  });
});
