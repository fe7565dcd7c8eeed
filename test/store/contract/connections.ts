/**
 * Contract: connections — unique names, filters and pages, git access that makes a connection
 * AVAILABLE, atomic retagging of connections and hosts, webhook delivery ids remembered for a
 * window, and the refs last seen in a watched repository.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe } from 'node:test';
import { SluiceError } from '../../../src/model/errors.ts';
import type { NewConnection } from '../../../src/store/connection-ports.ts';
import { T0, uniqueName } from '../builders.ts';
import { type ContractIt, type MakeStore, useStore } from './helpers.ts';

function makeConnection(over: Partial<NewConnection> = {}): NewConnection {
  const id = randomUUID();
  return {
    id, arn: `arn:aws:codestar-connections:us-east-1:000000000000:connection/${id}`, name: uniqueName('conn').slice(0, 32),
    providerType: 'GitHub', ownerAccountId: '000000000000', tags: [], created: T0, ...over,
  };
}

export function describeConnectionContract(makeStore: MakeStore, test: ContractIt): void {
  describe('connections', () => {
    const store = useStore(makeStore);

    test('creates a PENDING connection, refuses its name twice and makes it AVAILABLE with git access', async () => {
      const connection = makeConnection({ tags: [{ key: 'team', value: 'web' }] });
      assert.equal(await store().connections.connections.create(connection), true);
      assert.equal(await store().connections.connections.create(makeConnection({ name: connection.name })), false);
      assert.deepEqual(await store().connections.connections.get(connection.id), { ...connection, status: 'PENDING' });
      const access = { url: 'https://github.com', auth: 'token' as const, sealedSecret: 'c2VhbGVk', updated: T0 + 1 };
      assert.equal(await store().connections.connections.setAccess(connection.id, access), true);
      assert.deepEqual(await store().connections.connections.get(connection.id), { ...connection, status: 'AVAILABLE', access });
      assert.equal(await store().connections.connections.setAccess(randomUUID(), access), false);
    });

    test('lists connections by name with provider and host filters', async () => {
      const prefix = uniqueName('l').slice(0, 12);
      const hostArn = `arn:aws:codestar-connections:us-east-1:000000000000:host/${prefix}-1234abcd`;
      const made = [
        makeConnection({ name: `${prefix}-a`, providerType: 'GitLab' }),
        makeConnection({ name: `${prefix}-b`, providerType: 'GitHubEnterpriseServer', hostArn }),
        makeConnection({ name: `${prefix}-c`, providerType: 'GitLab' }),
      ];
      for (const c of made) await store().connections.connections.create(c);
      const page = await store().connections.connections.list({}, { after: `${prefix}-a`, limit: 1 });
      assert.deepEqual(page.map((c) => c.name), [`${prefix}-b`]);
      const byHost = await store().connections.connections.list({ hostArn }, { limit: 10 });
      assert.deepEqual(byHost.map((c) => c.name), [`${prefix}-b`]);
      const gitlab = (await store().connections.connections.list({ providerType: 'GitLab' }, { limit: 1000 })).filter((c) => c.name.startsWith(prefix));
      assert.deepEqual(gitlab.map((c) => c.name), [`${prefix}-a`, `${prefix}-c`]);
      assert.ok(await store().connections.connections.count() >= 3);
    });

    test('retags connections and hosts atomically and leaves tags alone when the change throws', async () => {
      const connection = makeConnection();
      await store().connections.connections.create(connection);
      const host = { arn: `arn:aws:codestar-connections:us-east-1:000000000000:host/${uniqueName('h')}`, name: uniqueName('h'), providerType: 'GitLabSelfManaged' as const, providerEndpoint: 'https://git.example.com', tags: [], created: T0 };
      assert.equal(await store().connections.connections.createHost(host), true);
      assert.equal(await store().connections.connections.createHost({ ...host, arn: `${host.arn}x` }), false);
      assert.deepEqual(await store().connections.connections.retag(connection.arn, (tags) => [...tags, { key: 'a', value: '1' }]), [{ key: 'a', value: '1' }]);
      assert.deepEqual(await store().connections.connections.retag(host.arn, () => [{ key: 'h', value: '2' }]), [{ key: 'h', value: '2' }]);
      await assert.rejects(store().connections.connections.retag(connection.arn, () => { throw new SluiceError('LimitExceededException', 'too many'); }), { code: 'LimitExceededException' });
      assert.deepEqual((await store().connections.connections.get(connection.id))?.tags, [{ key: 'a', value: '1' }]);
      assert.deepEqual((await store().connections.connections.getHost(host.arn))?.tags, [{ key: 'h', value: '2' }]);
      assert.equal(await store().connections.connections.retag(`${host.arn}-missing`, (t) => t), undefined);
      assert.ok((await store().connections.connections.listHosts({ after: '', limit: 1000 })).some((h) => h.arn === host.arn));
      assert.equal(await store().connections.connections.deleteHost(host.arn), true);
      assert.equal(await store().connections.connections.deleteHost(host.arn), false);
    });

    test('remembers a delivery id until the window passes and forgets a released one', async () => {
      const connection = makeConnection();
      await store().connections.connections.create(connection);
      const watch = store().connections.watch;
      assert.equal(await watch.claimDelivery(connection.id, 'd-1', T0, T0 - 1000), true);
      assert.equal(await watch.claimDelivery(connection.id, 'd-1', T0 + 10, T0 - 1000), false);
      assert.equal(await watch.claimDelivery(connection.id, 'd-1', T0 + 2000, T0 + 1), true, 'older than the window: forgotten');
      assert.equal(await watch.claimDelivery(connection.id, 'd-2', T0 + 2000, T0), true);
      await watch.releaseDelivery(connection.id, 'd-2');
      assert.equal(await watch.claimDelivery(connection.id, 'd-2', T0 + 2001, T0), true);
    });

    test('keeps the refs seen in a repository and drops them with the connection', async () => {
      const connection = makeConnection();
      await store().connections.connections.create(connection);
      const repo = { connectionId: connection.id, fullRepositoryId: 'octo/app' };
      const watch = store().connections.watch;
      assert.equal(await watch.seenRefs(repo), undefined);
      await watch.saveSeenRefs(repo, new Map(), T0);
      assert.deepEqual(await watch.seenRefs(repo), new Map());
      await watch.saveSeenRefs(repo, new Map([['refs/heads/main', 'a'.repeat(40)], ['refs/tags/v1', 'b'.repeat(40)]]), T0);
      await watch.recordRef(repo, 'refs/heads/main', 'c'.repeat(40), T0 + 1);
      await watch.recordRef(repo, 'refs/tags/v1', undefined, T0 + 1);
      await watch.recordRef(repo, 'refs/heads/dev', 'd'.repeat(40), T0 + 1);
      assert.deepEqual(await watch.seenRefs(repo), new Map([['refs/heads/main', 'c'.repeat(40)], ['refs/heads/dev', 'd'.repeat(40)]]));
      assert.equal(await store().connections.connections.delete(connection.id), true);
      assert.equal(await store().connections.connections.delete(connection.id), false);
      assert.equal(await watch.seenRefs(repo), undefined);
    });
  });
}
