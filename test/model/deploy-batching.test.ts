/**
 * The minimum-healthy-hosts rule (spec appspec.md §4): the worked examples as a table, run
 * through `decideBatch` host by host, plus the deployment order and single decisions.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideBatch, healthRuleOf, orderHosts, type BatchHost, type HealthRule } from '../../src/model/deploy/batching.ts';
import type { MinimumHealthyHosts } from '../../src/model/deploy/configs.ts';

interface Run { status: 'Succeeded' | 'Failed'; attempted: number; widest: number }

/** Deploys `n` healthy hosts; host i (1-based) fails when in `failing`; in-flight hosts finish oldest first. */
function simulate(rule: HealthRule, n: number, failing: readonly number[]): Run {
  const hosts: BatchHost[] = Array.from({ length: n }, (_, i) => ({ name: `h${i + 1}`, progress: 'Waiting', healthyBefore: true }));
  const started: BatchHost[] = [];
  let widest = 0;
  for (;;) {
    const decision = decideBatch(hosts, rule);
    if (decision.kind === 'done') return { status: decision.status, attempted: started.length, widest };
    for (const name of decision.start) {
      const host = hosts.find((h) => h.name === name);
      assert.ok(host);
      host.progress = 'InFlight';
      started.push(host);
    }
    widest = Math.max(widest, hosts.filter((h) => h.progress === 'InFlight').length);
    const next = started.find((h) => h.progress === 'InFlight');
    assert.ok(next, 'a continuing deployment has a host in flight');
    next.progress = failing.includes(Number(next.name.slice(1))) ? 'Failed' : 'Succeeded';
  }
}

const count = (value: number): MinimumHealthyHosts => ({ type: 'HOST_COUNT', value });
const percent = (value: number): MinimumHealthyHosts => ({ type: 'FLEET_PERCENT', value });

describe('deployment batching: the worked examples', () => {
  const table: { name: string; input: { config?: string; min: MinimumHealthyHosts; n: number; failing: number[] }; want: Run | { unmet: true } }[] = [
    { name: 'HOST_COUNT 9 of 10: one at a time, all succeed', input: { min: count(9), n: 10, failing: [] }, want: { status: 'Succeeded', attempted: 10, widest: 1 } },
    { name: 'HOST_COUNT 9 of 10: the 3rd host fails ⇒ Failed, no more hosts tried', input: { min: count(9), n: 10, failing: [3] }, want: { status: 'Failed', attempted: 3, widest: 1 } },
    { name: 'HOST_COUNT 9 of 10: only the 10th fails ⇒ still Succeeded', input: { min: count(9), n: 10, failing: [10] }, want: { status: 'Succeeded', attempted: 10, widest: 1 } },
    { name: 'HOST_COUNT 8 of 10: two at a time', input: { min: count(8), n: 10, failing: [] }, want: { status: 'Succeeded', attempted: 10, widest: 2 } },
    { name: 'HOST_COUNT 8 of 10: two failures ⇒ Failed', input: { min: count(8), n: 10, failing: [1, 4] }, want: { status: 'Failed', attempted: 4, widest: 2 } },
    { name: 'HOST_COUNT 8 of 10: the second failure is the last host ⇒ Succeeded', input: { min: count(8), n: 10, failing: [2, 10] }, want: { status: 'Succeeded', attempted: 10, widest: 2 } },
    { name: 'FLEET_PERCENT 75 of 10 ⇒ minimum 8, batches of 2', input: { min: percent(75), n: 10, failing: [] }, want: { status: 'Succeeded', attempted: 10, widest: 2 } },
    { name: 'FLEET_PERCENT 95 of 10 ⇒ minimum 10: fails before any host', input: { min: percent(95), n: 10, failing: [] }, want: { unmet: true } },
    { name: 'HalfAtATime of 9 ⇒ minimum 5, batches of 4', input: { config: 'CodeDeployDefault.HalfAtATime', min: percent(50), n: 9, failing: [] }, want: { status: 'Succeeded', attempted: 9, widest: 4 } },
    { name: 'HalfAtATime of 9, the last four fail ⇒ 5 succeed ⇒ Succeeded', input: { config: 'CodeDeployDefault.HalfAtATime', min: percent(50), n: 9, failing: [6, 7, 8, 9] }, want: { status: 'Succeeded', attempted: 9, widest: 4 } },
    { name: 'HalfAtATime of 9, the first four fail ⇒ the other five cannot go offline ⇒ Failed', input: { config: 'CodeDeployDefault.HalfAtATime', min: percent(50), n: 9, failing: [1, 2, 3, 4] }, want: { status: 'Failed', attempted: 4, widest: 4 } },
    { name: 'AllAtOnce: every host at once', input: { config: 'CodeDeployDefault.AllAtOnce', min: count(0), n: 4, failing: [1, 2, 3] }, want: { status: 'Succeeded', attempted: 4, widest: 4 } },
    { name: 'AllAtOnce with 0 healthy at the end ⇒ Failed', input: { config: 'CodeDeployDefault.AllAtOnce', min: count(0), n: 3, failing: [1, 2, 3] }, want: { status: 'Failed', attempted: 3, widest: 3 } },
    { name: 'OneAtATime of 10: any host but the last failing ⇒ Failed', input: { config: 'CodeDeployDefault.OneAtATime', min: percent(99), n: 10, failing: [5] }, want: { status: 'Failed', attempted: 5, widest: 1 } },
    { name: 'OneAtATime of 10: the last failing ⇒ Succeeded', input: { config: 'CodeDeployDefault.OneAtATime', min: percent(99), n: 10, failing: [10] }, want: { status: 'Succeeded', attempted: 10, widest: 1 } },
    { name: 'OneAtATime of 1: the host must succeed', input: { config: 'CodeDeployDefault.OneAtATime', min: percent(99), n: 1, failing: [1] }, want: { status: 'Failed', attempted: 1, widest: 1 } },
    { name: 'OneAtATime of 1: success', input: { config: 'CodeDeployDefault.OneAtATime', min: percent(99), n: 1, failing: [] }, want: { status: 'Succeeded', attempted: 1, widest: 1 } },
  ];
  for (const { name, input, want } of table) {
    it(name, () => {
      const rule = healthRuleOf(input.config ?? 'Custom', input.min, input.n);
      if ('unmet' in want) {
        assert.ok('unmet' in rule, 'the rule cannot be met');
        assert.match(rule.unmet, /needs 10 healthy instance\(s\).*has 10 instance\(s\)/);
        return;
      }
      assert.ok(!('unmet' in rule));
      assert.deepEqual(simulate(rule, input.n, input.failing), want);
    });
  }
});

describe('deployment batching: single decisions', () => {
  it('starts a host whose last deployment failed even when no healthy host may go offline', () => {
    const rule = { minimum: 2, batchSize: 1 };
    const hosts: BatchHost[] = [
      { name: 'sick', progress: 'Waiting', healthyBefore: false },
      { name: 'a', progress: 'Waiting', healthyBefore: true },
      { name: 'b', progress: 'Waiting', healthyBefore: true },
    ];
    assert.deepEqual(decideBatch(hosts, rule), { kind: 'continue', start: ['sick'] });
  });

  it('ends Failed at once when success is out of reach, even with hosts in flight', () => {
    const hosts: BatchHost[] = [
      { name: 'a', progress: 'Failed', healthyBefore: true },
      { name: 'b', progress: 'Failed', healthyBefore: true },
      { name: 'c', progress: 'InFlight', healthyBefore: true },
    ];
    assert.deepEqual(decideBatch(hosts, { minimum: 2, batchSize: 3 }), { kind: 'done', status: 'Failed', succeeded: 0, needed: 2 });
  });

  it('waits while hosts are in flight and the batch is full', () => {
    const hosts: BatchHost[] = [{ name: 'a', progress: 'InFlight', healthyBefore: true }, { name: 'b', progress: 'Waiting', healthyBefore: true }];
    assert.deepEqual(decideBatch(hosts, { minimum: 0, batchSize: 1 }), { kind: 'continue', start: [] });
  });

  it('orders hosts: last failed, unknown revision, old revision, current revision, then by name', () => {
    const ordered = orderHosts([
      { name: 'cur', revision: 'current' as const, lastResult: 'Succeeded' as const },
      { name: 'old-b', revision: 'old' as const },
      { name: 'old-a', revision: 'old' as const },
      { name: 'new', revision: 'unknown' as const },
      { name: 'broken', revision: 'current' as const, lastResult: 'Failed' as const },
    ]);
    assert.deepEqual(ordered.map((h) => h.name), ['broken', 'new', 'old-a', 'old-b', 'cur']);
  });
});
