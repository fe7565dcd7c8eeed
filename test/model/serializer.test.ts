/** The per-key serializer: call order within a key, independence across keys, survival of failures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeSerializer } from '../../src/model/serializer.ts';

describe('serializer', () => {
  it('runs tasks of one key in call order, other keys independently, and survives a failure', async () => {
    const serialize = makeSerializer();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const first = serialize('a', async () => { await gate; order.push('a1'); });
    const failing = serialize('a', async () => { order.push('a2'); throw new Error('boom'); });
    const third = serialize('a', async () => { order.push('a3'); });
    await serialize('b', async () => { order.push('b1'); });
    assert.deepEqual(order, ['b1']);
    release();
    await first;
    await assert.rejects(failing, /boom/);
    await third;
    assert.deepEqual(order, ['b1', 'a1', 'a2', 'a3']);
  });
});
