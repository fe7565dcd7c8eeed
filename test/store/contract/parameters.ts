/**
 * Contract: SSM parameters (versions, overwrite, scoped listing, history, version cap) and Secrets
 * Manager secrets (versions and staging labels, scheduled deletion, access days, idempotent create).
 * Values here are opaque strings: the store never interprets what it holds.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { NewParameterVersion, NewSecret } from '../../../src/store/secret-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

const USER = 'arn:aws:iam::000000000000:user/admin';

function makeParameter(name: string, over: Partial<NewParameterVersion> = {}): NewParameterVersion {
  return { name, type: 'String', value: 'v', tier: 'Standard', dataType: 'text', modifiedAt: T0, modifiedBy: USER, ...over };
}

function makeSecret(over: Partial<NewSecret> = {}): NewSecret {
  return { name: uniqueName('secret'), suffix: 'AbCdEf', tags: [], ...over };
}

const version = (versionId: string, stages = ['AWSCURRENT']) => ({ versionId, kind: 'string' as const, ciphertext: `sealed-${versionId}`, stages });

export function describeParameterContract(makeStore: MakeStore, test: ContractIt): void {
  describe('parameters', () => {
    const store = useStore(makeStore);
    const params = () => store().secrets.parameters;
    const put = { overwrite: false, tags: [], maxVersions: 100 };

    test('puts version 1, refuses a second put without overwrite, adds versions with it', async () => {
      const name = `/${uniqueName('app')}/db`;
      assert.deepEqual(await params().put(makeParameter(name, { description: 'db' }), { ...put, tags: [{ key: 'team', value: 'a' }] }), { version: 1 });
      assert.equal(await params().put(makeParameter(name, { value: 'other' }), put), undefined);
      assert.equal((await params().get(name))?.value, 'v', 'a refused put writes nothing');
      assert.deepEqual(await params().put(makeParameter(name, { value: 'v2', type: 'SecureString', keyId: 'alias/aws/ssm', modifiedAt: T0 + 1 }), { ...put, overwrite: true }), { version: 2 });
      const latest = await params().get(name);
      assert.deepEqual(latest, { ...makeParameter(name, { value: 'v2', type: 'SecureString', keyId: 'alias/aws/ssm', modifiedAt: T0 + 1 }), version: 2 });
      assert.equal((await params().get(name, 1))?.description, 'db');
      assert.equal(await params().get(name, 3), undefined);
      assert.equal(await params().get(`/${uniqueName('missing')}`), undefined);
      const [listed] = await params().list({ beginsWith: name }, { limit: 10 });
      assert.deepEqual(listed?.tags, [{ key: 'team', value: 'a' }], 'tags come from the create');
    });

    test('keeps the newest maxVersions versions and pages history oldest first', async () => {
      const name = uniqueName('capped');
      for (let i = 0; i < 5; i++) await params().put(makeParameter(name, { value: `v${i + 1}` }), { ...put, overwrite: true, maxVersions: 3 });
      const all = await params().history(name, { limit: 10 });
      assert.deepEqual(all.map((v) => [v.version, v.value]), [[3, 'v3'], [4, 'v4'], [5, 'v5']]);
      assert.deepEqual((await params().history(name, { afterVersion: 3, limit: 1 })).map((v) => v.version), [4]);
    });

    test('lists by prefix, one level or recursively, by name ascending with pages', async () => {
      const root = `/${uniqueName('tree')}`;
      for (const n of ['b', 'a', 'a/deep', 'c_x', 'a_b']) await params().put(makeParameter(`${root}/${n}`), put);
      await params().put(makeParameter(`${root}x/other`), put);
      const names = async (scope: { beginsWith: string; oneLevel?: boolean }, after?: string, limit = 10) =>
        (await params().list(scope, { limit, ...(after !== undefined && { after }) })).map((p) => p.name.slice(root.length));
      assert.deepEqual(await names({ beginsWith: `${root}/` }), ['/a', '/a/deep', '/a_b', '/b', '/c_x']);
      assert.deepEqual(await names({ beginsWith: `${root}/`, oneLevel: true }), ['/a', '/a_b', '/b', '/c_x']);
      assert.deepEqual(await names({ beginsWith: `${root}/` }, `${root}/a_b`, 2), ['/b', '/c_x']);
      assert.deepEqual(await names({ beginsWith: `${root}/a_` }), ['/a_b'], '_ is not a wildcard');
    });

    test('deletes a parameter with all its versions, once', async () => {
      const name = uniqueName('gone');
      await params().put(makeParameter(name), put);
      await params().put(makeParameter(name), { ...put, overwrite: true });
      assert.equal(await params().delete(name), true);
      assert.equal(await params().delete(name), false);
      assert.deepEqual(await params().history(name, { limit: 10 }), []);
      assert.deepEqual(await params().put(makeParameter(name), put), { version: 1 }, 'a new parameter of the name starts again');
    });
  });

  describe('secrets', () => {
    const store = useStore(makeStore);
    const secrets = () => store().secrets.secrets;

    test('creates once, with or without a first version', async () => {
      const secret = makeSecret({ description: 'd', kmsKeyId: 'k', tags: [{ key: 'a', value: '1' }], firstVersion: version('v1') });
      assert.equal(await secrets().create(secret, T0), true);
      assert.equal(await secrets().create({ ...secret, suffix: 'XXXXXX' }, T0 + 1), false);
      assert.deepEqual(await secrets().get(secret.name), {
        name: secret.name, suffix: 'AbCdEf', description: 'd', kmsKeyId: 'k', tags: [{ key: 'a', value: '1' }], created: T0, lastChanged: T0,
        versions: [{ versionId: 'v1', stages: ['AWSCURRENT'], created: T0 }],
      });
      const empty = makeSecret();
      await secrets().create(empty, T0);
      assert.deepEqual((await secrets().get(empty.name))?.versions, []);
      assert.equal(await secrets().get(uniqueName('missing')), undefined);
    });

    test('moves AWSCURRENT to a new version and AWSPREVIOUS to the one that had it', async () => {
      const secret = makeSecret({ firstVersion: version('v1') });
      await secrets().create(secret, T0);
      assert.equal(await secrets().putVersion(secret.name, version('v2'), T0 + 1, 100), true);
      assert.equal(await secrets().putVersion(secret.name, version('v3'), T0 + 2, 100), true);
      assert.equal(await secrets().putVersion(secret.name, version('v3'), T0 + 3, 100), false, 'a version id is written once');
      assert.equal(await secrets().putVersion(uniqueName('missing'), version('v1'), T0, 100), false);
      const got = await secrets().get(secret.name);
      assert.deepEqual(got?.versions.map((v) => [v.versionId, v.stages]), [['v1', []], ['v2', ['AWSPREVIOUS']], ['v3', ['AWSCURRENT']]]);
      assert.equal(got?.lastChanged, T0 + 2);
      assert.deepEqual(await secrets().getVersion(secret.name, { stage: 'AWSPREVIOUS' }),
        { versionId: 'v2', stages: ['AWSPREVIOUS'], created: T0 + 1, kind: 'string', ciphertext: 'sealed-v2' });
      assert.equal((await secrets().getVersion(secret.name, { versionId: 'v3', stage: 'AWSCURRENT' }))?.ciphertext, 'sealed-v3');
      assert.equal(await secrets().getVersion(secret.name, { versionId: 'v1', stage: 'AWSCURRENT' }), undefined);
      assert.equal(await secrets().getVersion(secret.name, { versionId: 'nope' }), undefined);
    });

    test('a custom label moves alone; unlabelled versions beyond the cap are dropped', async () => {
      const secret = makeSecret({ firstVersion: version('v1') });
      await secrets().create(secret, T0);
      await secrets().putVersion(secret.name, version('v2', ['BLUE']), T0 + 1, 100);
      await secrets().putVersion(secret.name, version('v3', ['BLUE']), T0 + 2, 100);
      assert.deepEqual((await secrets().get(secret.name))?.versions.map((v) => [v.versionId, v.stages]),
        [['v1', ['AWSCURRENT']], ['v2', []], ['v3', ['BLUE']]]);
      await secrets().putVersion(secret.name, version('v4'), T0 + 3, 3);
      assert.deepEqual((await secrets().get(secret.name))?.versions.map((v) => v.versionId), ['v1', 'v3', 'v4']);
    });

    test('updates, schedules and cancels deletion, records access days, deletes, and lists by name', async () => {
      const prefix = uniqueName('life');
      const names = [`${prefix}-b`, `${prefix}-a`];
      for (const name of names) await secrets().create(makeSecret({ name, description: 'old' }), T0);
      const [b, a] = names as [string, string];
      assert.equal(await secrets().update(a, { kmsKeyId: 'key-2' }, T0 + 5), true);
      assert.equal(await secrets().update(uniqueName('missing'), { description: 'x' }, T0), false);
      assert.deepEqual([(await secrets().get(a))?.description, (await secrets().get(a))?.kmsKeyId, (await secrets().get(a))?.lastChanged], ['old', 'key-2', T0 + 5]);
      assert.equal(await secrets().scheduleDeletion(b, { deletedAt: T0 + 1, deletionDate: T0 + 7 }), true);
      assert.deepEqual([(await secrets().get(b))?.deletedAt, (await secrets().get(b))?.deletionDate], [T0 + 1, T0 + 7]);
      await secrets().scheduleDeletion(b, undefined);
      assert.equal((await secrets().get(b))?.deletionDate, undefined);
      await secrets().recordAccess(a, T0 - (T0 % 86_400_000));
      assert.equal((await secrets().get(a))?.lastAccessed, T0 - (T0 % 86_400_000));
      const listed = (await secrets().list({ after: prefix, limit: 1000 })).map((s) => s.name).filter((n) => n.startsWith(prefix));
      assert.deepEqual(listed, [...names].sort());
      assert.deepEqual((await secrets().list({ after: a, limit: 1 })).map((s) => s.name), [b]);
      assert.equal(await secrets().delete(a), true);
      assert.equal(await secrets().delete(a), false);
      assert.equal(await secrets().create(makeSecret({ name: a }), T0), true, 'the name is free again');
    });
  });
}
