/**
 * Contract: web console sessions (by token hash) and IAM login profiles (password hashes only),
 * both gone with their user; and the outbox's newest position, where a live reader starts.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { ConsoleSessionRecord } from '../../../src/store/console-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

export function describeConsoleContract(makeStore: MakeStore, test: ContractIt): void {
  describe('console sessions and login profiles', () => {
    const store = useStore(makeStore);
    const user = (userName: string) => ({ userName, userId: `AIDA${userName.toUpperCase()}`, arn: `arn:aws:iam::000000000000:user/${userName}`, createdAt: T0 });
    const session = (userName: string, over: Partial<ConsoleSessionRecord> = {}): ConsoleSessionRecord => ({
      tokenHash: uniqueName('hash'), sessionId: uniqueName('ASIA'), userName, csrfToken: 'csrf', createdAt: T0, lastSeenAt: T0,
      expiresAt: T0 + 1000, absoluteExpiresAt: T0 + 5000, ...over,
    });

    test('creates, touches, deletes sessions; ends those of a key and expired ones', async () => {
      const name = uniqueName('erin');
      await assert.rejects(store().console.sessions.create(session(name)), 'a session needs its user');
      await store().identity.createUser(user(name));
      const byKey = session(name, { signedInWithKey: 'AKIAERIN' });
      const byPassword = session(name, { expiresAt: T0 + 10 });
      for (const s of [byKey, byPassword]) await store().console.sessions.create(s);
      assert.deepEqual(await store().console.sessions.get(byKey.tokenHash), byKey);
      assert.equal(await store().console.sessions.touch(byPassword.tokenHash, T0 + 5, T0 + 20), true);
      assert.deepEqual(await store().console.sessions.get(byPassword.tokenHash), { ...byPassword, lastSeenAt: T0 + 5, expiresAt: T0 + 20 });
      assert.equal(await store().console.sessions.deleteByAccessKey('AKIAERIN'), 1);
      assert.equal(await store().console.sessions.get(byKey.tokenHash), undefined);
      assert.ok(await store().console.sessions.deleteExpired(T0 + 21) >= 1);
      assert.equal(await store().console.sessions.get(byPassword.tokenHash), undefined);
      assert.equal(await store().console.sessions.touch(byPassword.tokenHash, T0, T0), false);
      const last = session(name);
      await store().console.sessions.create(last);
      assert.equal(await store().console.sessions.delete(last.tokenHash), true);
      assert.equal(await store().console.sessions.delete(last.tokenHash), false);
      const kept = session(name);
      await store().console.sessions.create(kept);
      await store().identity.deleteUser(name);
      assert.equal(await store().console.sessions.get(kept.tokenHash), undefined);
    });

    test('creates one login profile per user, updates what is given, goes with the user', async () => {
      const name = uniqueName('frank');
      const profile = { userName: name, passwordHash: 'scrypt$a$b', createdAt: T0, passwordResetRequired: false };
      await assert.rejects(store().console.loginProfiles.create(profile), 'a login profile needs its user');
      await store().identity.createUser(user(name));
      assert.equal(await store().console.loginProfiles.create(profile), true);
      assert.equal(await store().console.loginProfiles.create({ ...profile, passwordHash: 'scrypt$c$d' }), false);
      assert.deepEqual(await store().console.loginProfiles.get(name), profile);
      assert.equal(await store().console.loginProfiles.update(name, { passwordResetRequired: true }), true);
      assert.deepEqual(await store().console.loginProfiles.get(name), { ...profile, passwordResetRequired: true });
      assert.equal(await store().console.loginProfiles.update(name, { passwordHash: 'scrypt$e$f' }), true);
      assert.deepEqual(await store().console.loginProfiles.get(name), { ...profile, passwordHash: 'scrypt$e$f', passwordResetRequired: true });
      assert.equal(await store().console.loginProfiles.update('nobody-here', { passwordResetRequired: true }), false);
      await store().identity.deleteUser(name);
      assert.equal(await store().console.loginProfiles.get(name), undefined);
      assert.equal(await store().console.loginProfiles.delete(name), false);
    });

    test('the outbox tells its newest position', async () => {
      const before = await store().outbox.lastSeq();
      const id = uniqueName('event');
      await store().outbox.append([{ version: '0', id, 'detail-type': 'Test', source: 'test', account: '000000000000', time: '2024-01-01T00:00:00Z', region: 'us-east-1', resources: [], detail: {} }]);
      const after = await store().outbox.lastSeq();
      assert.ok(after > before);
      assert.equal((await store().outbox.read(after - 1, 1))[0]?.event.id, id);
    });
  });
}
