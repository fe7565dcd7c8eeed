/**
 * Contract: hosted repository metadata — unique names, the repository limit, rename, partial
 * updates, the first branch becoming the default, atomic tag changes with their cap, triggers and
 * delete returning what was removed.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { RepositoryRecord } from '../../../src/store/repository-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, lastOutboxSeq, type MakeStore, useStore } from './helpers.ts';

function makeRepository(over: Partial<RepositoryRecord> = {}): RepositoryRecord {
  return {
    repositoryId: uniqueName('id'), repositoryName: uniqueName('repo'), createdAt: T0, modifiedAt: T0, tags: [],
    triggersConfigurationId: uniqueName('config'), triggers: [], ...over,
  };
}

const LIMITS = { maxRepositories: 1_000_000 };

export function describeRepositoryContract(makeStore: MakeStore, test: ContractIt): void {
  describe('repositories', () => {
    const store = useStore(makeStore);
    const repos = () => store().repositories;

    test('creates a repository once per name and reads it back whole', async () => {
      const record = makeRepository({ description: 'd', tags: [{ key: 'team', value: 'a' }] });
      assert.equal(await repos().create(record, LIMITS), 'created');
      assert.equal(await repos().create(makeRepository({ repositoryName: record.repositoryName }), LIMITS), 'nameExists');
      assert.deepEqual(await repos().get(record.repositoryName), record);
      assert.equal(await repos().get(uniqueName('missing')), undefined);
      const listed = (await repos().list()).find((r) => r.repositoryId === record.repositoryId);
      assert.deepEqual(listed, { repositoryName: record.repositoryName, repositoryId: record.repositoryId, modifiedAt: T0 });
    });

    test('refuses a repository past the limit and writes nothing', async () => {
      const count = (await repos().list()).length;
      const record = makeRepository();
      assert.equal(await repos().create(record, { maxRepositories: count }), 'limitExceeded');
      assert.equal(await repos().get(record.repositoryName), undefined);
    });

    test('renames unless the new name is taken', async () => {
      const a = makeRepository();
      const b = makeRepository();
      await repos().create(a, LIMITS);
      await repos().create(b, LIMITS);
      assert.equal(await repos().rename(a.repositoryName, b.repositoryName, T0 + 1), 'nameExists');
      assert.equal(await repos().rename(uniqueName('missing'), uniqueName('x'), T0 + 1), 'missing');
      const renamed = uniqueName('renamed');
      assert.equal(await repos().rename(a.repositoryName, renamed, T0 + 1), 'renamed');
      assert.equal(await repos().get(a.repositoryName), undefined);
      assert.deepEqual([(await repos().get(renamed))?.repositoryId, (await repos().get(renamed))?.modifiedAt], [a.repositoryId, T0 + 1]);
    });

    test('updates only the fields given; the first moved branch becomes the default', async () => {
      const record = makeRepository({ description: 'old' });
      await repos().create(record, LIMITS);
      assert.deepEqual(await repos().noteRefsMoved(record.repositoryId, { modifiedAt: T0 + 1, firstBranch: 'main', refs: [], events: [] }), { defaultBranch: 'main' });
      assert.deepEqual(await repos().noteRefsMoved(record.repositoryId, { modifiedAt: T0 + 2, firstBranch: 'dev', refs: [], events: [] }), { defaultBranch: 'main' }, 'a default is never replaced by a push');
      assert.equal(await repos().update(record.repositoryName, { modifiedAt: T0 + 3 }), true);
      assert.deepEqual(await repos().get(record.repositoryName), { ...record, description: 'old', defaultBranch: 'main', modifiedAt: T0 + 3 });
      await repos().update(record.repositoryName, { description: null, defaultBranch: 'dev', modifiedAt: T0 + 4 });
      const updated = await repos().get(record.repositoryName);
      assert.deepEqual([updated?.description, updated?.defaultBranch], [undefined, 'dev']);
      assert.equal(await repos().update(uniqueName('missing'), { modifiedAt: T0 }), false);
    });

    test('records moved refs and their events together, and reads the refs back', async () => {
      const record = makeRepository();
      await repos().create(record, LIMITS);
      const start = await lastOutboxSeq(store());
      const event = (ref: string) => ({ version: '0' as const, id: uniqueName('event'), 'detail-type': 'CodeCommit Repository State Change', source: 'aws.codecommit',
        account: '000000000000', time: '2023-11-14T22:13:20Z', region: 'us-east-1', resources: [], detail: { referenceFullName: ref } });
      const moved = [event('refs/heads/main'), event('refs/tags/v1')];
      await repos().noteRefsMoved(record.repositoryId, { modifiedAt: T0 + 1, refs: [{ ref: 'refs/heads/main', commit: 'a'.repeat(40) }, { ref: 'refs/tags/v1', commit: 'b'.repeat(40) }], events: moved });
      await repos().noteRefsMoved(record.repositoryId, { modifiedAt: T0 + 2, refs: [{ ref: 'refs/heads/main', commit: 'c'.repeat(40) }, { ref: 'refs/tags/v1' }], events: [] });
      assert.deepEqual(await repos().recordedRefs(record.repositoryId), new Map([['refs/heads/main', 'c'.repeat(40)]]));
      assert.deepEqual((await store().outbox.read(start, 10)).map((e) => e.event), moved);
      assert.deepEqual(await repos().recordedRefs(uniqueName('missing')), new Map());
    });

    test('changes tags atomically within the cap', async () => {
      const record = makeRepository({ tags: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }] });
      await repos().create(record, LIMITS);
      assert.equal(await repos().changeTags(record.repositoryName, { set: [{ key: 'c', value: '3' }], remove: [], maxTags: 2 }), 'tooManyTags');
      assert.equal(await repos().changeTags(record.repositoryName, { set: [{ key: 'a', value: 'x' }, { key: 'c', value: '3' }], remove: ['b'], maxTags: 2 }), 'changed');
      assert.deepEqual((await repos().get(record.repositoryName))?.tags, [{ key: 'a', value: 'x' }, { key: 'c', value: '3' }]);
      assert.equal(await repos().changeTags(uniqueName('missing'), { set: [], remove: [], maxTags: 2 }), 'missing');
    });

    test('stores triggers and deletes a repository, returning it', async () => {
      const record = makeRepository();
      await repos().create(record, LIMITS);
      const triggers = [{ name: 't', destinationArn: 'arn:aws:sns:us-east-1:000000000000:topic', branches: ['main'], events: ['all' as const] }];
      assert.equal(await repos().putTriggers(record.repositoryName, 'config-2', triggers), true);
      const stored = await repos().get(record.repositoryName);
      assert.deepEqual([stored?.triggersConfigurationId, stored?.triggers], ['config-2', triggers]);
      assert.equal((await repos().delete(record.repositoryName))?.repositoryId, record.repositoryId);
      assert.equal(await repos().delete(record.repositoryName), undefined);
      assert.equal(await repos().putTriggers(record.repositoryName, 'c', []), false);
    });
  });
}
