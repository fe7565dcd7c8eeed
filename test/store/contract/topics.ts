/**
 * Contract: notification topics — idempotent creation by name, attributes and tags, cascading
 * delete; subscriptions unique per endpoint, confirmed by their token, listed per topic.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { SubscriptionRecord, TopicRecord } from '../../../src/store/topic-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

function makeTopic(name = uniqueName('topic')): TopicRecord {
  return { arn: `arn:aws:sns:us-east-1:000000000000:${name}`, name, attributes: { DisplayName: 'Builds' }, tags: [{ key: 'team', value: 'a' }], created: T0 };
}

function makeSubscription(topicArn: string, endpoint = `https://hooks.example/${uniqueName('ep')}`): SubscriptionRecord {
  return {
    arn: `${topicArn}:${uniqueName('sub')}`, topicArn, protocol: 'https', endpoint, owner: '000000000000',
    confirmationToken: uniqueName('token'), confirmed: false, attributes: {}, created: T0,
  };
}

export function describeTopicContract(makeStore: MakeStore, test: ContractIt): void {
  describe('topics', () => {
    const store = useStore(makeStore);

    test('creates a topic once by name and reads it back', async () => {
      const topic = makeTopic();
      assert.deepEqual(await store().topics.create(topic), { topic, created: true });
      const again = await store().topics.create({ ...topic, arn: `${topic.arn}-other`, attributes: {}, created: T0 + 1 });
      assert.deepEqual(again, { topic, created: false });
      assert.deepEqual(await store().topics.get(topic.arn), topic);
      assert.equal(await store().topics.get(`${topic.arn}-missing`), undefined);
    });

    test('lists topics by ARN after a marker', async () => {
      const prefix = uniqueName('list');
      const topics = ['b', 'a', 'c'].map((x) => makeTopic(`${prefix}-${x}`));
      for (const topic of topics) await store().topics.create(topic);
      const mine = async (after?: string) => (await store().topics.list({ ...(after !== undefined && { after }), limit: 1000 }))
        .filter((t) => t.name.startsWith(prefix)).map((t) => t.name);
      assert.deepEqual(await mine(), [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
      assert.deepEqual(await mine(topics[0]?.arn), [`${prefix}-c`]);
      assert.equal((await store().topics.list({ limit: 2 })).length, 2);
    });

    test('sets attributes and retags; both report a missing topic', async () => {
      const topic = makeTopic();
      await store().topics.create(topic);
      assert.equal(await store().topics.setAttribute(topic.arn, 'DisplayName', 'Deploys "prod"'), true);
      assert.equal(await store().topics.retag(topic.arn, { add: [{ key: 'team', value: 'b' }, { key: 'env', value: 'prod' }], remove: ['missing'] }), true);
      assert.equal(await store().topics.retag(topic.arn, { remove: ['env'] }), true);
      const stored = await store().topics.get(topic.arn);
      assert.deepEqual(stored?.attributes, { DisplayName: 'Deploys "prod"' });
      assert.deepEqual(stored?.tags, [{ key: 'team', value: 'b' }]);
      assert.equal(await store().topics.setAttribute(`${topic.arn}-missing`, 'DisplayName', 'x'), false);
      assert.equal(await store().topics.retag(`${topic.arn}-missing`, {}), false);
    });

    test('subscribes once per endpoint, confirms by token (again harmlessly), and deletes with the topic', async () => {
      const topic = makeTopic();
      await store().topics.create(topic);
      const subscription = makeSubscription(topic.arn);
      assert.deepEqual(await store().topics.subscribe(subscription), { subscription, created: true });
      assert.deepEqual(await store().topics.subscribe({ ...subscription, arn: `${subscription.arn}-2` }), { subscription, created: false });
      assert.equal(await store().topics.subscribe(makeSubscription(`${topic.arn}-missing`)), undefined);
      assert.equal(await store().topics.confirm(topic.arn, 'wrong-token'), undefined);
      const confirmed = { ...subscription, confirmed: true };
      assert.deepEqual(await store().topics.confirm(topic.arn, subscription.confirmationToken), confirmed);
      assert.deepEqual(await store().topics.confirm(topic.arn, subscription.confirmationToken), confirmed);
      assert.deepEqual(await store().topics.getSubscription(subscription.arn), confirmed);
      assert.equal(await store().topics.delete(topic.arn), true);
      assert.equal(await store().topics.delete(topic.arn), false);
      assert.equal(await store().topics.getSubscription(subscription.arn), undefined);
    });

    test('lists subscriptions of one topic or all, and unsubscribes', async () => {
      const [one, two] = [makeTopic(), makeTopic()];
      await store().topics.create(one);
      await store().topics.create(two);
      const subscriptions = [makeSubscription(one.arn), makeSubscription(one.arn), makeSubscription(two.arn)];
      for (const s of subscriptions) await store().topics.subscribe(s);
      const ofOne = await store().topics.listSubscriptions({ topicArn: one.arn }, { limit: 10 });
      assert.deepEqual(ofOne.map((s) => s.arn), subscriptions.slice(0, 2).map((s) => s.arn).sort());
      assert.deepEqual((await store().topics.listSubscriptions({ topicArn: one.arn }, { after: ofOne[0]?.arn, limit: 10 })).map((s) => s.arn), [ofOne[1]?.arn]);
      const all = (await store().topics.listSubscriptions({}, { limit: 1000 })).map((s) => s.arn);
      for (const s of subscriptions) assert.ok(all.includes(s.arn));
      assert.equal(await store().topics.unsubscribe(subscriptions[0]!.arn), true);
      assert.equal(await store().topics.unsubscribe(subscriptions[0]!.arn), false);
      assert.equal((await store().topics.listSubscriptions({ topicArn: one.arn }, { limit: 10 })).length, 1);
    });
  });
}
