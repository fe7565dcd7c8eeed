/**
 * Failed console sign-ins counted per user and per IP in fixed windows, on an injected clock.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignInLimit } from '../../src/services/console-rate-limit.ts';

describe('SignInLimit', () => {
  it('locks a user out after its failures, for the rest of the window, and a success clears it', () => {
    let now = 1_000_000;
    const limit = new SignInLimit({ maxFailuresPerUser: 2, maxFailuresPerIp: 100, windowMs: 60_000, now: () => now });
    limit.failed('user:bob', '10.0.0.1');
    assert.equal(limit.blockedFor('user:bob', '10.0.0.1'), 0, 'one failure: not yet');
    now += 10_000;
    limit.failed('user:bob', '10.0.0.2');
    assert.equal(limit.blockedFor('user:bob', '10.0.0.3'), 50_000, 'from any address, until the window that began at the first failure ends');
    assert.equal(limit.blockedFor('user:alice', '10.0.0.1'), 0, 'other users are not affected');
    now += 50_000;
    assert.equal(limit.blockedFor('user:bob', '10.0.0.1'), 0, 'the window ended');
    limit.failed('user:bob', '10.0.0.1');
    limit.succeeded('user:bob');
    limit.failed('user:bob', '10.0.0.1');
    assert.equal(limit.blockedFor('user:bob', '10.0.0.1'), 0, 'a success cleared the count');
  });

  it('locks an address out after its failures, whatever user it tries', () => {
    let now = 0;
    const limit = new SignInLimit({ maxFailuresPerUser: 100, maxFailuresPerIp: 3, windowMs: 1000, now: () => now });
    for (const user of ['user:a', 'user:b', 'key:AKIA1']) limit.failed(user, '192.0.2.9');
    assert.equal(limit.blockedFor('user:new', '192.0.2.9'), 1000);
    assert.equal(limit.blockedFor('user:new', '192.0.2.10'), 0);
    now = 1000;
    assert.equal(limit.blockedFor('user:new', '192.0.2.9'), 0);
  });
});
