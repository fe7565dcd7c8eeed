/**
 * Contract: notification rules — created once by name (within a limit), replaced whole with a
 * unique name, deleted, and a revision that grows with every change.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { NotificationRuleRecord } from '../../../src/store/notification-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

function makeRule(name = uniqueName('rule')): NotificationRuleRecord {
  const id = uniqueName('id');
  return {
    arn: `arn:aws:codestar-notifications:us-east-1:000000000000:notificationrule/${id}`, id, name,
    resource: 'arn:aws:codepipeline:us-east-1:000000000000:app',
    eventTypeIds: ['codepipeline-pipeline-pipeline-execution-failed'],
    targets: [{ type: 'SNS', address: 'arn:aws:sns:us-east-1:000000000000:builds' }],
    detailType: 'FULL', status: 'ENABLED', tags: { team: 'a' }, createdBy: 'arn:aws:iam::000000000000:user/admin',
    clientRequestToken: 'token-1', createdAt: T0, modifiedAt: T0,
  };
}

export function describeNotificationRuleContract(makeStore: MakeStore, test: ContractIt): void {
  describe('notification rules', () => {
    const store = useStore(makeStore);

    test('creates a rule once by name, reads it back and lists it', async () => {
      const rule = makeRule();
      const before = await store().notificationRules.revision();
      assert.deepEqual(await store().notificationRules.create(rule, 1000), { rule, created: true });
      assert.ok(await store().notificationRules.revision() > before);
      const again = await store().notificationRules.create({ ...makeRule(rule.name), detailType: 'BASIC' }, 1000);
      assert.deepEqual(again, { rule, created: false });
      assert.deepEqual(await store().notificationRules.get(rule.arn), rule);
      assert.equal(await store().notificationRules.get(`${rule.arn}-missing`), undefined);
      assert.deepEqual((await store().notificationRules.all()).filter((r) => r.arn === rule.arn), [rule]);
    });

    test('refuses a rule past the limit and writes nothing', async () => {
      const count = (await store().notificationRules.all()).length;
      const rule = makeRule();
      assert.equal(await store().notificationRules.create(rule, count), 'limit');
      assert.equal(await store().notificationRules.get(rule.arn), undefined);
    });

    test('replaces a rule whole, keeps names unique, and reports a missing one', async () => {
      const first = makeRule();
      const second = makeRule();
      await store().notificationRules.create(first, 1000);
      await store().notificationRules.create(second, 1000);
      const changed = { ...first, name: uniqueName('renamed'), status: 'DISABLED' as const, targets: [], modifiedAt: T0 + 5 };
      const before = await store().notificationRules.revision();
      assert.equal(await store().notificationRules.replace(changed), 'ok');
      assert.ok(await store().notificationRules.revision() > before);
      assert.deepEqual(await store().notificationRules.get(first.arn), changed);
      assert.equal(await store().notificationRules.replace({ ...second, name: changed.name }), 'name-taken');
      assert.deepEqual(await store().notificationRules.get(second.arn), second);
      assert.equal(await store().notificationRules.replace(makeRule()), 'missing');
    });

    test('deletes a rule once; its name is free again', async () => {
      const rule = makeRule();
      await store().notificationRules.create(rule, 1000);
      assert.equal(await store().notificationRules.delete(rule.arn), true);
      assert.equal(await store().notificationRules.delete(rule.arn), false);
      assert.equal(await store().notificationRules.get(rule.arn), undefined);
      const reborn = makeRule(rule.name);
      assert.deepEqual(await store().notificationRules.create(reborn, 1000), { rule: reborn, created: true });
    });
  });
}
