/** The limiter: never more than its limit at once, the rest in call order, failures release their slot. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeLimiter } from '../../src/model/limiter.ts';

describe('limiter', () => {
  it('runs at most the limit at once, starts waiting tasks in call order, and frees a failed task\'s slot', async () => {
    const limit = makeLimiter(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const task = (n: number, fail = false) => limit(async () => {
      started.push(n);
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      if (fail) throw new Error(`task ${n} failed`);
      return n;
    });
    const all = [task(1, true), task(2), task(3), task(4)];
    await Promise.resolve();
    assert.deepEqual(started, [1, 2]);
    releases.shift()?.();
    await assert.rejects(all[0]!, /task 1 failed/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [1, 2, 3]);
    while (releases.length > 0 || started.length < 4) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(await Promise.all(all.slice(1)), [2, 3, 4]);
    assert.deepEqual(started, [1, 2, 3, 4]);
    assert.equal(most, 2);
  });
});
