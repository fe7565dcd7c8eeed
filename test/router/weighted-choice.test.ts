/**
 * Smooth weighted round-robin: exact counts over a cycle, interleaving, zero weights and
 * eligibility.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SmoothWeighted } from '../../src/router/weighted-choice.ts';

const picks = (choice: SmoothWeighted<string>, n: number, eligible?: (item: string) => boolean): string[] =>
  Array.from({ length: n }, () => choice.next(eligible) ?? '-');

describe('SmoothWeighted', () => {
  it('chooses each item exactly its weight times per cycle, interleaved', () => {
    assert.deepEqual(picks(new SmoothWeighted([{ item: 'a', weight: 5 }, { item: 'b', weight: 1 }, { item: 'c', weight: 1 }]), 7), ['a', 'a', 'b', 'a', 'c', 'a', 'a']);
    const counts = new Map<string, number>();
    for (const item of picks(new SmoothWeighted([{ item: 'blue', weight: 90 }, { item: 'green', weight: 10 }]), 1000)) counts.set(item, (counts.get(item) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(counts), { blue: 900, green: 100 });
  });

  it('never chooses a zero weight or an ineligible item, and gives nothing when none is left', () => {
    const choice = new SmoothWeighted([{ item: 'a', weight: 0 }, { item: 'b', weight: 3 }, { item: 'c', weight: 1 }]);
    assert.deepEqual([...new Set(picks(choice, 20))].sort(), ['b', 'c']);
    assert.deepEqual(picks(choice, 3, (item) => item !== 'b'), ['c', 'c', 'c']);
    assert.equal(choice.next(() => false), undefined);
    assert.equal(new SmoothWeighted<string>([]).next(), undefined);
  });
});
