/**
 * Contract: webhooks — create or replace by name, lookup by inbound URL id, pages by name,
 * idempotent delete, atomic retagging and delivery outcomes.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { SluiceError } from '../../../src/model/errors.ts';
import type { NewWebhook, WebhookDefinition } from '../../../src/store/webhook-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

function makeWebhook(over: Partial<Omit<NewWebhook, 'definition'>> & { definition?: Partial<WebhookDefinition> } = {}): NewWebhook {
  const name = over.definition?.name ?? uniqueName('hook');
  const { definition, ...rest } = over;
  return {
    definition: {
      name, targetPipeline: 'app', targetAction: 'Source',
      filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
      authentication: 'GITHUB_HMAC', authenticationConfiguration: { SecretToken: 's3cr3t' },
      ...definition,
    },
    urlId: uniqueName('url'),
    endpoint: 'http://127.0.0.1:8090',
    arn: `arn:aws:codepipeline:us-east-1:000000000000:webhook:${name}`,
    ...rest,
  };
}

export function describeWebhookContract(makeStore: MakeStore, test: ContractIt): void {
  describe('webhooks', () => {
    const store = useStore(makeStore);

    test('puts a webhook and reads it back by name and by url id', async () => {
      const webhook = makeWebhook({ tags: [{ key: 'team', value: 'platform' }] });
      const stored = await store().webhooks.put(webhook, T0);
      const expected = { ...webhook, tags: [{ key: 'team', value: 'platform' }], created: T0, updated: T0 };
      assert.deepEqual(stored, expected);
      assert.deepEqual(await store().webhooks.get(webhook.definition.name), expected);
      assert.deepEqual(await store().webhooks.getByUrlId(webhook.urlId), expected);
      assert.equal(await store().webhooks.get(uniqueName('missing')), undefined);
      assert.equal(await store().webhooks.getByUrlId(uniqueName('missing')), undefined);
    });

    test('a put of an existing name replaces the definition but keeps url id, creation time and tags unless given', async () => {
      const first = makeWebhook({ tags: [{ key: 'a', value: '1' }] });
      await store().webhooks.put(first, T0);
      const replaced = await store().webhooks.put(makeWebhook({
        definition: { name: first.definition.name, authentication: 'UNAUTHENTICATED', authenticationConfiguration: {} },
        urlId: uniqueName('other-url'), endpoint: 'http://sluice.example:9000',
      }), T0 + 5);
      assert.equal(replaced.urlId, first.urlId);
      assert.equal(replaced.endpoint, 'http://sluice.example:9000');
      assert.equal(replaced.definition.authentication, 'UNAUTHENTICATED');
      assert.deepEqual(replaced.tags, [{ key: 'a', value: '1' }]);
      assert.deepEqual([replaced.created, replaced.updated], [T0, T0 + 5]);
      const retagged = await store().webhooks.put({ ...first, tags: [] }, T0 + 6);
      assert.deepEqual(retagged.tags, []);
      assert.equal((await store().webhooks.getByUrlId(first.urlId))?.definition.name, first.definition.name);
    });

    test('lists webhooks by name with pages', async () => {
      const prefix = uniqueName('list');
      const names = [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`];
      for (const name of names) await store().webhooks.put(makeWebhook({ definition: { name } }), T0);
      const seen: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await store().webhooks.list(nextToken === undefined ? { maxResults: 2 } : { maxResults: 2, nextToken });
        assert.ok(page.items.length <= 2);
        seen.push(...page.items.map((w) => w.definition.name));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      assert.deepEqual(seen.filter((n) => n.startsWith(prefix)), [...names].sort());
      assert.deepEqual(seen, [...seen].sort(), 'ascending by name');
      await assert.rejects(store().webhooks.list({ nextToken: 'not-a-token' }), { code: 'InvalidNextTokenException' });
    });

    test('deletes once', async () => {
      const webhook = makeWebhook();
      await store().webhooks.put(webhook, T0);
      assert.equal(await store().webhooks.delete(webhook.definition.name), true);
      assert.equal(await store().webhooks.delete(webhook.definition.name), false);
      assert.equal(await store().webhooks.getByUrlId(webhook.urlId), undefined);
    });

    test('retags atomically; a throwing change writes nothing', async () => {
      const webhook = makeWebhook({ tags: [{ key: 'a', value: '1' }] });
      await store().webhooks.put(webhook, T0);
      const name = webhook.definition.name;
      assert.deepEqual(await store().webhooks.retag(name, (tags) => [...tags, { key: 'b', value: '2' }]),
        [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
      await assert.rejects(store().webhooks.retag(name, () => { throw new SluiceError('TooManyTagsException', 'too many'); }),
        { code: 'TooManyTagsException', message: 'too many' });
      assert.deepEqual((await store().webhooks.get(name))?.tags, [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]);
      assert.equal(await store().webhooks.retag(uniqueName('missing'), (tags) => tags), undefined);
    });

    test('records delivery outcomes: errors stay until a success clears them', async () => {
      const webhook = makeWebhook();
      await store().webhooks.put(webhook, T0);
      const name = webhook.definition.name;
      await store().webhooks.recordDelivery(name, { at: T0 + 1 });
      await store().webhooks.recordDelivery(name, { at: T0 + 2, error: { code: 'PipelineNotFoundException', message: 'Pipeline app not found' } });
      const failed = await store().webhooks.get(name);
      assert.deepEqual([failed?.lastTriggered, failed?.errorCode, failed?.errorMessage], [T0 + 1, 'PipelineNotFoundException', 'Pipeline app not found']);
      await store().webhooks.recordDelivery(name, { at: T0 + 3 });
      const succeeded = await store().webhooks.get(name);
      assert.deepEqual([succeeded?.lastTriggered, succeeded?.errorCode, succeeded?.errorMessage], [T0 + 3, undefined, undefined]);
      assert.equal(await store().webhooks.put(makeWebhook({ definition: { name } }), T0 + 4).then((w) => w.lastTriggered), T0 + 3,
        'a replace keeps the delivery outcome');
    });
  });
}
