/**
 * Build references to parameters and secrets: the `secret-id[:json-key[:version-stage[:version-id]]]`
 * grammar (ARNs included), whole secrets, JSON keys, stages and versions, and clear errors, over
 * the real services on an in-memory SQLite store.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ParameterService } from '../../src/services/parameters.ts';
import { makeSecretCrypto } from '../../src/services/secret-crypto.ts';
import { secretArn } from '../../src/services/secret-names.ts';
import { makeBuildSecretResolver, parseSecretReference, type BuildSecretResolver } from '../../src/services/secret-references.ts';
import { SecretService } from '../../src/services/secrets.ts';
import type { Store } from '../../src/store/ports.ts';
import { openSqliteStore } from '../../src/store/sqlite/open.ts';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/api-AbCdEf';

describe('parseSecretReference', () => {
  const table: { input: string; want: object }[] = [
    { input: 'prod/api', want: { secretId: 'prod/api' } },
    { input: 'prod/api:key', want: { secretId: 'prod/api', jsonKey: 'key' } },
    { input: 'prod/api::AWSPREVIOUS', want: { secretId: 'prod/api', versionStage: 'AWSPREVIOUS' } },
    { input: 'prod/api:key::v-1', want: { secretId: 'prod/api', jsonKey: 'key', versionId: 'v-1' } },
    { input: ARN, want: { secretId: ARN } },
    { input: `${ARN}:key:AWSCURRENT`, want: { secretId: ARN, jsonKey: 'key', versionStage: 'AWSCURRENT' } },
  ];
  for (const { input, want } of table) it(`parses ${input}`, () => assert.deepEqual(parseSecretReference(input), want));
  it('refuses too many parts, an empty id and a cut ARN', () => {
    for (const bad of ['a:b:c:d:e', ':key', 'arn:aws:secretsmanager:us-east-1']) {
      assert.throws(() => parseSecretReference(bad), { code: 'InvalidParameterException', message: /secret-id\[:json-key/ });
    }
  });
});

describe('build secret resolver', () => {
  let store: Store;
  let resolver: BuildSecretResolver;
  let secrets: SecretService;
  let ids = 0;
  before(async () => {
    store = await openSqliteStore({ path: ':memory:' });
    const crypto = makeSecretCrypto(randomBytes(32));
    const parameters = new ParameterService({ store: store.secrets.parameters, crypto });
    secrets = new SecretService({ store: store.secrets.secrets, crypto, newSuffix: () => 'AbCdEf', newVersionId: () => `version-${++ids}` });
    resolver = makeBuildSecretResolver({ parameters, secrets });
    await parameters.put({ name: '/app/db/password', value: 's3cret', type: 'SecureString', caller: 'admin' });
    await parameters.put({ name: '/app/plain', value: 'a,b', type: 'StringList', caller: 'admin' });
    await secrets.create({ name: 'prod/api', value: { kind: 'string', text: '{"key":"k1","port":5432}' } });
    await secrets.putValue('prod/api', { kind: 'string', text: '{"key":"k2"}' }, {});
    await secrets.create({ name: 'plain', value: { kind: 'string', text: 'not json' } });
  });
  after(() => store.close());

  it('resolves parameters, decrypted', async () => {
    assert.equal(await resolver.resolveParameter('/app/db/password'), 's3cret');
    assert.equal(await resolver.resolveParameter('/app/plain'), 'a,b');
    await assert.rejects(resolver.resolveParameter('/app/none'), { code: 'ParameterNotFound' });
  });

  it('resolves whole secrets, JSON keys, stages, version ids and ARNs', async () => {
    assert.equal(await resolver.resolveSecretReference('prod/api'), '{"key":"k2"}');
    assert.equal(await resolver.resolveSecretReference('prod/api:key'), 'k2');
    assert.equal(await resolver.resolveSecretReference('prod/api:key:AWSPREVIOUS'), 'k1');
    assert.equal(await resolver.resolveSecretReference('prod/api:port::version-1'), '5432');
    assert.equal(await resolver.resolveSecretReference(`${secretArn('us-east-1', '000000000000', { name: 'prod/api', suffix: 'AbCdEf' })}:key`), 'k2');
    assert.equal(await resolver.resolveSecretReference('arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/api:key'), 'k2', 'a partial ARN');
  });

  it('says clearly what is wrong', async () => {
    await assert.rejects(resolver.resolveSecretReference('prod/api:missing'), { code: 'ResourceNotFoundException', message: 'Secret prod/api has no JSON key missing' });
    await assert.rejects(resolver.resolveSecretReference('plain:key'), { code: 'InvalidParameterException', message: /not a JSON object/ });
    await assert.rejects(resolver.resolveSecretReference('nope'), { code: 'ResourceNotFoundException' });
    await assert.rejects(resolver.resolveSecretReference('prod/api::BLUE'), { code: 'ResourceNotFoundException', message: /staging label: BLUE/ });
  });
});
