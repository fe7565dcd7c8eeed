/**
 * Contract: IAM service-specific credentials (password hashes only), kept per user and service,
 * found by login, and gone with their user.
 */
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import type { ServiceCredentialRecord } from '../../../src/store/service-credential-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

export function describeServiceCredentialContract(makeStore: MakeStore, test: ContractIt): void {
  describe('service-specific credentials', () => {
    const store = useStore(makeStore);
    const user = (userName: string) => ({ userName, userId: `AIDA${userName.toUpperCase()}`, arn: `arn:aws:iam::000000000000:user/${userName}`, createdAt: T0 });
    const credential = (userName: string, over: Partial<ServiceCredentialRecord> = {}): ServiceCredentialRecord => ({
      credentialId: uniqueName('ACCA'), userName, serviceName: 'codecommit.amazonaws.com', serviceUserName: `${userName}-at-000000000000`,
      passwordHash: 'scrypt$salt$hash', status: 'Active', createdAt: T0, ...over,
    });

    test('creates, finds by login and user, lists oldest first, per service', async () => {
      const name = uniqueName('carol');
      await assert.rejects(store().serviceCredentials.create(credential(name), 2), 'a credential needs its user');
      await store().identity.createUser(user(name));
      const first = credential(name, { expiresAt: T0 + 1000 });
      const second = credential(name, { createdAt: T0 + 1 });
      const other = credential(name, { serviceName: 'cassandra.amazonaws.com', createdAt: T0 + 2 });
      for (const c of [second, first, other]) assert.equal(await store().serviceCredentials.create(c, 2), 'created');
      assert.equal(await store().serviceCredentials.create(credential(name, { createdAt: T0 + 3 }), 2), 'limitExceeded', 'two per service at most');
      assert.equal(await store().serviceCredentials.create(credential(name, { serviceName: 'cassandra.amazonaws.com', createdAt: T0 + 3 }), 2), 'created', 'counted per service');
      assert.deepEqual(await store().serviceCredentials.get(first.credentialId), first);
      assert.deepEqual((await store().serviceCredentials.listByUser(name)).slice(0, 3).map((c) => c.credentialId), [first, second, other].map((c) => c.credentialId));
      assert.deepEqual((await store().serviceCredentials.listByUser(name, 'codecommit.amazonaws.com')).map((c) => c.credentialId), [first.credentialId, second.credentialId]);
      assert.deepEqual((await store().serviceCredentials.findByLogin(`${name}-at-000000000000`)).length, 4);
      assert.ok((await store().serviceCredentials.listAll('cassandra.amazonaws.com')).some((c) => c.credentialId === other.credentialId));
      assert.equal(await store().serviceCredentials.get('ACCA-none'), undefined);
    });

    test('changes password and status, deletes, and goes with the user', async () => {
      const name = uniqueName('dave');
      await store().identity.createUser(user(name));
      const c = credential(name);
      await store().serviceCredentials.create(c, 2);
      assert.equal(await store().serviceCredentials.setPassword(c.credentialId, 'scrypt$new$hash'), true);
      assert.equal(await store().serviceCredentials.setStatus(c.credentialId, 'Inactive'), true);
      assert.deepEqual(await store().serviceCredentials.get(c.credentialId), { ...c, passwordHash: 'scrypt$new$hash', status: 'Inactive' });
      assert.equal(await store().serviceCredentials.setStatus('ACCA-none', 'Active'), false);
      assert.equal(await store().serviceCredentials.delete(c.credentialId), true);
      assert.equal(await store().serviceCredentials.delete(c.credentialId), false);
      const kept = credential(name);
      await store().serviceCredentials.create(kept, 2);
      await store().identity.deleteUser(name);
      assert.equal(await store().serviceCredentials.get(kept.credentialId), undefined);
    });
  });
}
