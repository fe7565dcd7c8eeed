/**
 * Contract: users, access keys, inline policies and the audit trail.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { AuditEvent } from '../../../src/store/ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

export function describeIdentityContract(makeStore: MakeStore, test: ContractIt): void {
  describe('identity', () => {
    const store = useStore(makeStore);
    const user = (userName: string) => ({ userName, userId: `AIDA${userName.toUpperCase()}`, arn: `arn:aws:iam::000000000000:user/${userName}`, createdAt: T0 });

    test('creates users once, lists and deletes them with their keys and policies', async () => {
      const name = uniqueName('alice');
      assert.equal(await store().identity.createUser(user(name)), true);
      assert.equal(await store().identity.createUser(user(name)), false, 'a second user of that name is refused');
      assert.deepEqual(await store().identity.getUser(name), user(name));
      assert.ok((await store().identity.listUsers()).some((u) => u.userName === name));
      const keyId = uniqueName('AKIA');
      await store().identity.createAccessKey({ accessKeyId: keyId, secretAccessKey: 's3cr3t', userName: name, status: 'Active', createdAt: T0 });
      await store().identity.putUserPolicy({ userName: name, policyName: 'p', document: '{"Version":"2012-10-17","Statement":[]}' });
      assert.equal(await store().identity.deleteUser(name), true);
      assert.equal(await store().identity.getAccessKey(keyId), undefined);
      assert.deepEqual(await store().identity.listUserPolicies(name), []);
      assert.equal(await store().identity.deleteUser(name), false);
    });

    test('access keys: status changes, temporary keys expire, permanent keys are listed', async () => {
      const name = uniqueName('bob');
      await store().identity.createUser(user(name));
      const permanent = uniqueName('AKIA');
      const temporary = uniqueName('ASIA');
      await store().identity.createAccessKey({ accessKeyId: permanent, secretAccessKey: 'a', userName: name, status: 'Active', createdAt: T0 });
      await store().identity.createAccessKey({ accessKeyId: temporary, secretAccessKey: 'b', userName: name, status: 'Active', createdAt: T0, sessionToken: 'tok', expiresAt: T0 + 1000 });
      assert.deepEqual((await store().identity.listAccessKeys(name)).map((k) => k.accessKeyId), [permanent]);
      assert.equal((await store().identity.getAccessKey(temporary))?.sessionToken, 'tok');
      assert.equal(await store().identity.updateAccessKey(permanent, 'Inactive'), true);
      assert.equal((await store().identity.getAccessKey(permanent))?.status, 'Inactive');
      assert.ok(await store().identity.deleteExpiredKeys(T0 + 1001) >= 1);
      assert.equal(await store().identity.getAccessKey(temporary), undefined);
      assert.equal(await store().identity.deleteAccessKey(permanent), true);
      assert.equal(await store().identity.deleteAccessKey(permanent), false);
    });

    test('inline policies are replaced by name and deleted', async () => {
      const name = uniqueName('carol');
      await store().identity.createUser(user(name));
      await store().identity.putUserPolicy({ userName: name, policyName: 'read', document: '1' });
      await store().identity.putUserPolicy({ userName: name, policyName: 'read', document: '2' });
      assert.deepEqual(await store().identity.listUserPolicies(name), [{ userName: name, policyName: 'read', document: '2' }]);
      assert.equal(await store().identity.deleteUserPolicy(name, 'read'), true);
      assert.equal(await store().identity.deleteUserPolicy(name, 'read'), false);
    });
  });

  describe('audit trail', () => {
    const store = useStore(makeStore);
    const event = (over: Partial<AuditEvent>): AuditEvent => ({
      eventId: uniqueName('event'), eventTime: T0, eventSource: 'codepipeline.amazonaws.com', eventName: 'StartPipelineExecution',
      sourceIp: '127.0.0.1', requestId: uniqueName('req'), readOnly: false, resources: [], ...over,
    });

    test('looks events up newest first with filters and pagination', async () => {
      const user = uniqueName('dave');
      const pipeline = uniqueName('pipe');
      const resource = { type: 'AWS::CodePipeline::Pipeline', name: pipeline };
      const events = [
        event({ userName: user, eventTime: T0 + 1, resources: [resource] }),
        event({ userName: user, eventTime: T0 + 2, eventName: 'GetPipeline', readOnly: true, resources: [resource] }),
        event({ userName: user, eventTime: T0 + 3, errorCode: 'AccessDeniedException', resources: [resource] }),
      ];
      for (const e of events) await store().audit.append(e);
      const all = await store().audit.lookup({ userName: user }, {});
      assert.deepEqual(all.items.map((e) => e.eventId), events.map((e) => e.eventId).reverse());
      assert.deepEqual((await store().audit.lookup({ userName: user, readOnly: true }, {})).items.map((e) => e.eventName), ['GetPipeline']);
      assert.equal((await store().audit.lookup({ resourceName: pipeline, eventName: 'StartPipelineExecution' }, {})).items.length, 2);
      assert.equal((await store().audit.lookup({ userName: user, startTime: T0 + 2, endTime: T0 + 2 }, {})).items.length, 1);
      const first = await store().audit.lookup({ userName: user }, { maxResults: 2 });
      assert.equal(first.items.length, 2);
      const second = await store().audit.lookup({ userName: user }, { maxResults: 2, ...(first.nextToken !== undefined && { nextToken: first.nextToken }) });
      assert.deepEqual(second.items.map((e) => e.eventId), [events[0]?.eventId]);
      assert.equal(second.nextToken, undefined);
      assert.deepEqual(second.items[0], events[0]);
    });

    test('looks events up by id, source, access key and resource type', async () => {
      const key = uniqueName('AKIA');
      const user = uniqueName('erin');
      const events = [
        event({ userName: user, accessKeyId: key, eventSource: 'iam.amazonaws.com', eventName: 'CreateUser',
          resources: [{ type: 'AWS::IAM::User', name: uniqueName('frank') }] }),
        event({ userName: user, accessKeyId: key, resources: [{ type: 'AWS::CodePipeline::Webhook', name: uniqueName('hook') }] }),
      ];
      for (const e of events) await store().audit.append(e);
      const ids = async (filter: Parameters<ReturnType<typeof store>['audit']['lookup']>[0]): Promise<string[]> =>
        (await store().audit.lookup(filter, {})).items.map((e) => e.eventId);
      assert.deepEqual(await ids({ eventId: events[1]?.eventId ?? '' }), [events[1]?.eventId]);
      assert.deepEqual(await ids({ accessKeyId: key }), events.map((e) => e.eventId).reverse());
      assert.deepEqual(await ids({ accessKeyId: key, eventSource: 'iam.amazonaws.com' }), [events[0]?.eventId]);
      assert.deepEqual(await ids({ userName: user, resourceType: 'AWS::CodePipeline::Webhook' }), [events[1]?.eventId]);
      assert.deepEqual(await ids({ resourceName: events[0]?.resources[0]?.name ?? '' }), [events[0]?.eventId]);
    });
  });
}
