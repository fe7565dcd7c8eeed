/**
 * Event delivery on a real SQLite store with a fake clock: the input transformer's rules (table),
 * per-execution ordering, retry with backoff, dead letters after MaximumRetryAttempts, and
 * scheduled rules that fire once per due time across restarts of the loop.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/logging.ts';
import { EventDelivery } from '../../src/scheduler/event-delivery.ts';
import { fireDueSchedules } from '../../src/scheduler/schedules.ts';
import { targetInput, checkTargetInput, type TargetInputSettings } from '../../src/services/event-input.ts';
import { DeliveryFailure, type DeliveryRequest, type TargetKinds } from '../../src/services/event-targets.ts';
import { backoffMs } from '../../src/services/event-retry.ts';
import { parseSchedule } from '../../src/services/event-rules.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';
import type { BusEvent } from '../../src/model/events/envelope.ts';

const EVENT = { version: '0', id: 'e1', 'detail-type': 'T', source: 's', account: '1', time: 't', region: 'r', resources: [], detail: { state: 'OK', n: 3, o: { a: 1 }, q: 'say "hi"' } };
const CONTEXT = { ruleArn: 'arn:rule/x', ruleName: 'x', ingestionTime: '2024-01-01T00:00:00Z' };

describe('target input', () => {
  const table: { name: string; target: TargetInputSettings; want: string }[] = [
    { name: 'the whole event by default', target: {}, want: JSON.stringify(EVENT) },
    { name: 'constant Input', target: { Input: '{"k":1}' }, want: '{"k":1}' },
    { name: 'InputPath selects a part', target: { InputPath: '$.detail.o' }, want: '{"a":1}' },
    { name: 'unquoted string placeholder gets quotes', target: { InputTransformer: { InputPathsMap: { s: '$.detail.state' }, InputTemplate: '{"s": <s>}' } }, want: '{"s": "OK"}' },
    { name: 'quoted placeholder inserts the text', target: { InputTransformer: { InputPathsMap: { s: '$.detail.state' }, InputTemplate: '{"m": "state <s> now"}' } }, want: '{"m": "state OK now"}' },
    { name: 'quoted value is escaped', target: { InputTransformer: { InputPathsMap: { q: '$.detail.q' }, InputTemplate: '{"m": "<q>"}' } }, want: '{"m": "say \\"hi\\""}' },
    { name: 'numbers and objects as JSON', target: { InputTransformer: { InputPathsMap: { n: '$.detail.n', o: '$.detail.o' }, InputTemplate: '[<n>, <o>]' } }, want: '[3, {"a":1}]' },
    { name: 'missing path is null outside strings', target: { InputTransformer: { InputPathsMap: { m: '$.detail.none' }, InputTemplate: '{"m": <m>, "t": "<m>"}' } }, want: '{"m": null, "t": ""}' },
    { name: 'plain text inserts strings as they are', target: { InputTransformer: { InputPathsMap: { s: '$.detail.state' }, InputTemplate: 'state is <s>' } }, want: 'state is OK' },
    { name: 'reserved names', target: { InputTransformer: { InputTemplate: '{"r": <aws.events.rule-name>, "a": "<aws.events.rule-arn>", "e": <aws.events.event.json>}' } }, want: `{"r": "x", "a": "arn:rule/x", "e": ${JSON.stringify(EVENT)}}` },
    { name: 'unknown placeholders stay', target: { InputTransformer: { InputTemplate: 'a <b> c' } }, want: 'a <b> c' },
  ];
  for (const { name, target, want } of table) it(name, () => assert.equal(targetInput(target, EVENT, CONTEXT), want));

  it('refuses unusable settings, naming the problem', () => {
    assert.throws(() => checkTargetInput({ Input: '{', InputPath: '$' }), /Only one of Input, InputPath, or InputTransformer/);
    assert.throws(() => checkTargetInput({ Input: '{' }), /Input is not valid JSON/);
    assert.throws(() => checkTargetInput({ InputTransformer: { InputPathsMap: { 'a b': '$.x' }, InputTemplate: 'x' } }), /key "a b"/);
    assert.throws(() => checkTargetInput({ InputPath: '$[?(@.x)]' }), /not a valid JSONPath/);
    assert.throws(() => targetInput({ InputTransformer: { InputPathsMap: { s: '$.detail.state' }, InputTemplate: '{"s": <s>' } }, EVENT, CONTEXT), /did not produce valid JSON/);
  });
});

function pipelineEvent(id: string, executionId: string): BusEvent {
  return { version: '0', id, 'detail-type': 'CodePipeline Pipeline Execution State Change', source: 'aws.codepipeline', account: '000000000000',
    time: '2024-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: { pipeline: 'p', 'execution-id': executionId, state: id } };
}

async function setUp(deliver: (r: DeliveryRequest) => Promise<void>, retryPolicy?: { MaximumRetryAttempts: number }) {
  const clock = { t: 1_000_000, now() { return this.t; } };
  const store = await openSqliteStore({ path: ':memory:', clock });
  const kinds: TargetKinds = { codepipeline: { check: async () => undefined, deliver } };
  let n = 0;
  const delivery = new EventDelivery({ store, kinds, scope: { region: 'us-east-1', accountId: '000000000000' }, clock, logger: silentLogger,
    workerId: 'w', uuid: () => `d-${++n}`, random: () => 0.5, concurrency: 10 });
  await store.events.rules.put({ name: 'r', state: 'ENABLED', tags: [], eventPattern: '{"source":["aws.codepipeline"]}' }, clock.now(), 10);
  await store.events.rules.putTargets('r', [{ Id: 't', Arn: 'arn:aws:codepipeline:us-east-1:000000000000:b', ...(retryPolicy && { RetryPolicy: retryPolicy }) }], 5);
  return { clock, store, delivery };
}

describe('event delivery', () => {
  it('delivers one execution\'s events in order, other executions alongside', async () => {
    const seen: string[] = [];
    const { store, delivery } = await setUp(async (r) => { seen.push((JSON.parse(r.input) as BusEvent).id); });
    await store.outbox.append([pipelineEvent('A1', 'a'), pipelineEvent('A2', 'a'), pipelineEvent('B1', 'b'), pipelineEvent('A3', 'a')]);
    while (await delivery.matchPending());
    assert.equal(await delivery.deliverDue(), 2, 'only the first of each execution is claimable');
    assert.deepEqual(seen, ['A1', 'B1']);
    await delivery.deliverDue();
    await delivery.deliverDue();
    assert.deepEqual(seen, ['A1', 'B1', 'A2', 'A3']);
    assert.equal(await delivery.matchPending(), false, 'the cursor moved past every event');
    await store.close();
  });

  it('retries with backoff, holds later events of the execution, then dead-letters after MaximumRetryAttempts', async () => {
    const seen: string[] = [];
    const { clock, store, delivery } = await setUp(async (r) => {
      seen.push((JSON.parse(r.input) as BusEvent).id);
      throw new DeliveryFailure('receiver down', true);
    }, { MaximumRetryAttempts: 1 });
    await store.outbox.append([pipelineEvent('A1', 'a'), pipelineEvent('A2', 'a')]);
    while (await delivery.matchPending());
    assert.equal(await delivery.deliverDue(), 1);
    assert.equal(await delivery.deliverDue(), 0, 'nothing is due before the backoff, and A2 waits behind A1');
    clock.t += backoffMs(1, 0.5);
    assert.equal(await delivery.deliverDue(), 1, 'the retry is due after the backoff');
    const [dead] = await store.events.deliveries.list({ state: 'FAILED' }, { limit: 10 });
    assert.deepEqual([dead?.attempts, dead?.lastError, (JSON.parse(dead?.event ?? '{}') as BusEvent).id], [2, 'receiver down', 'A1']);
    assert.equal(await delivery.deliverDue(), 1, 'A2 is claimable once A1 is dead');
    assert.deepEqual(seen, ['A1', 'A1', 'A2']);
    await store.close();
  });

  it('dead-letters at once when the target can never accept the input', async () => {
    const { store, delivery } = await setUp(async () => { throw new DeliveryFailure('bad variables', false); });
    await store.outbox.append([pipelineEvent('A1', 'a')]);
    while (await delivery.matchPending());
    await delivery.deliverDue();
    assert.equal((await store.events.deliveries.list({ state: 'FAILED' }, { limit: 10 })).length, 1);
    await store.close();
  });

  it('a lost lease is claimed again; a second matcher never duplicates deliveries', async () => {
    const { clock, store, delivery } = await setUp(async () => undefined);
    await store.outbox.append([pipelineEvent('A1', 'a')]);
    const cursor = await store.events.deliveries.cursor();
    while (await delivery.matchPending());
    assert.equal(await store.events.deliveries.enqueue(cursor, cursor + 1, [], clock.now()), false, 'the stale cursor loses');
    const [claimed] = await store.events.deliveries.claim({ workerId: 'crashed', now: clock.now(), leaseMs: 1000, limit: 5 });
    assert.ok(claimed);
    assert.equal(await delivery.deliverDue(), 0, 'leased elsewhere');
    clock.t += 1001;
    assert.equal(await delivery.deliverDue(), 1, 'claimed again once the lease expired');
    assert.equal(await store.events.deliveries.complete(claimed.seq, 'crashed', clock.now()), false, 'the old holder cannot report');
    await store.close();
  });
});

describe('schedules', () => {
  it('fires a rate() rule once per due time, counted from creation, to every target', async () => {
    const clock = { t: Date.UTC(2024, 0, 1, 10, 0, 30), now() { return this.t; } };
    const store = await openSqliteStore({ path: ':memory:', clock });
    const scope = { region: 'us-east-1', accountId: '000000000000' };
    await store.events.rules.put({ name: 'tick', state: 'ENABLED', tags: [], scheduleExpression: 'rate(5 minutes)',
      nextFireAt: (created) => parseSchedule('rate(5 minutes)', created).next(clock.now()) }, clock.now(), 10);
    await store.events.rules.putTargets('tick', [{ Id: 't', Arn: 'arn:aws:codepipeline:us-east-1:000000000000:b' }], 5);
    let n = 0;
    const options = { deliveries: store.events.deliveries, scope, clock, logger: silentLogger, uuid: () => `u-${++n}`, fired: () => undefined };
    assert.equal(await fireDueSchedules(options), 0);
    clock.t = Date.UTC(2024, 0, 1, 10, 5, 0);
    assert.equal(await fireDueSchedules(options), 1);
    assert.equal(await fireDueSchedules(options), 0, 'a restarted loop does not fire the same time again');
    const [d] = await store.events.deliveries.list({}, { limit: 10 });
    const event = JSON.parse(d?.event ?? '{}') as BusEvent;
    assert.deepEqual([event.source, event['detail-type'], event.resources, event.detail, event.time],
      ['aws.events', 'Scheduled Event', ['arn:aws:events:us-east-1:000000000000:rule/tick'], {}, '2024-01-01T10:05:00Z']);
    clock.t = Date.UTC(2024, 0, 1, 10, 21, 0);
    assert.equal(await fireDueSchedules(options), 1, 'missed firings are not made up');
    assert.equal((await store.events.rules.get('tick'))?.nextFireAt, Date.UTC(2024, 0, 1, 10, 25, 0));
    await store.close();
  });
});
