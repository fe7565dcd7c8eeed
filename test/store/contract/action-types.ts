/**
 * Contract: custom action types — created once per key, read back whole, listed by key, marked
 * deleted (the key stays taken), updated in place (an update may restore a deleted type).
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { CustomActionTypeRecord } from '../../../src/store/action-type-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

function makeActionType(over: Partial<CustomActionTypeRecord> = {}): CustomActionTypeRecord {
  return {
    id: { category: 'Build', owner: 'Custom', provider: uniqueName('Make').slice(0, 35), version: '1' },
    settings: { entityUrlTemplate: 'https://ci.example.com/{Config:Project}' },
    configurationProperties: [
      { name: 'Project', required: true, key: true, secret: false, queryable: true, description: 'project', type: 'String' },
      { name: 'Token', required: false, key: false, secret: true },
    ],
    inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 2 },
    tags: [{ key: 'team', value: 'build' }],
    created: T0,
    updated: T0,
    ...over,
  };
}

export function describeActionTypeContract(makeStore: MakeStore, test: ContractIt): void {
  describe('action types', () => {
    const store = useStore(makeStore);

    test('creates a type once per key and reads it back whole', async () => {
      const record = makeActionType({
        description: 'builds things', allowedAccounts: ['000000000000'],
        executor: { type: 'JobWorker', configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ['000000000000'] } }, jobTimeout: 600 },
      });
      assert.equal(await store().actionTypes.create(record), true);
      assert.equal(await store().actionTypes.create({ ...record, settings: {} }), false, 'the key is taken');
      assert.deepEqual(await store().actionTypes.get(record.id), record);
      assert.equal(await store().actionTypes.get({ ...record.id, version: '2' }), undefined);
      const plain = makeActionType();
      await store().actionTypes.create(plain);
      assert.deepEqual(await store().actionTypes.get(plain.id), plain, 'absent optional members stay absent');
    });

    test('lists live types by key; deleted ones only when asked', async () => {
      const provider = uniqueName('Lint').slice(0, 30);
      const v1 = makeActionType({ id: { category: 'Test', owner: 'Custom', provider, version: '1' } });
      const v2 = makeActionType({ id: { ...v1.id, version: '2' } });
      await store().actionTypes.create(v2);
      await store().actionTypes.create(v1);
      const mine = (list: CustomActionTypeRecord[]) => list.filter((t) => t.id.provider === provider).map((t) => t.id.version);
      assert.deepEqual(mine(await store().actionTypes.list()), ['1', '2']);
      assert.equal(await store().actionTypes.delete(v1.id, T0 + 5), true);
      assert.equal(await store().actionTypes.delete(v1.id, T0 + 6), false, 'already deleted');
      assert.equal(await store().actionTypes.delete({ ...v1.id, version: '3' }, T0 + 6), false);
      assert.deepEqual(mine(await store().actionTypes.list()), ['2']);
      assert.deepEqual(mine(await store().actionTypes.list({ includeDeleted: true })), ['1', '2']);
      const deleted = await store().actionTypes.get(v1.id);
      assert.equal(deleted?.deletedAt, T0 + 5);
      assert.equal(deleted?.updated, T0 + 5);
      assert.equal(await store().actionTypes.create(v1), false, 'a deleted key stays taken');
    });

    test('update replaces the definition, and may restore a deleted type', async () => {
      const record = makeActionType();
      assert.equal(await store().actionTypes.update(record), false, 'nothing to update');
      await store().actionTypes.create(record);
      const changed: CustomActionTypeRecord = {
        ...record, settings: {}, configurationProperties: [], description: 'now described', updated: T0 + 10,
        outputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
      };
      assert.equal(await store().actionTypes.update(changed), true);
      assert.deepEqual(await store().actionTypes.get(record.id), changed);
      await store().actionTypes.delete(record.id, T0 + 20);
      assert.equal(await store().actionTypes.update({ ...changed, updated: T0 + 30 }), true);
      const restored = await store().actionTypes.get(record.id);
      assert.equal(restored?.deletedAt, undefined);
      assert.ok((await store().actionTypes.list()).some((t) => t.id.provider === record.id.provider));
    });
  });
}
