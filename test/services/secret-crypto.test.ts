/**
 * Sealing of secret material: round trips, a fresh IV per value, and refusal of a tampered value,
 * a value moved to another name and a value opened with another key. The key file is created once
 * with mode 0600 and read back on the next start.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadOrCreateDataKey, makeSecretCrypto } from '../../src/services/secret-crypto.ts';

describe('secret crypto', () => {
  const crypto = makeSecretCrypto(randomBytes(32));
  const plain = Buffer.from('hunter2 ✓', 'utf8');

  it('opens what it sealed, and seals equal values differently', () => {
    const a = crypto.seal('/app/db', plain);
    assert.deepEqual(crypto.open('/app/db', a), plain);
    assert.notEqual(crypto.seal('/app/db', plain), a);
    assert.ok(!Buffer.from(a, 'base64').includes(plain), 'the sealed form does not hold the plaintext');
  });

  it('refuses a tampered value, another name and another key', () => {
    const sealed = Buffer.from(crypto.seal('/app/db', plain), 'base64');
    const last = sealed.length - 1;
    sealed[last] = (sealed[last] ?? 0) ^ 1;
    assert.throws(() => crypto.open('/app/db', sealed.toString('base64')), { code: 'DecryptionFailure' });
    const good = crypto.seal('/app/db', plain);
    assert.throws(() => crypto.open('/app/other', good), { code: 'DecryptionFailure' });
    assert.throws(() => makeSecretCrypto(randomBytes(32)).open('/app/db', good), { code: 'DecryptionFailure' });
    assert.throws(() => crypto.open('/app/db', 'short'), { code: 'DecryptionFailure' });
    assert.throws(() => makeSecretCrypto(randomBytes(16)), /32 bytes/);
  });

  it('creates the key file once, mode 0600, and reads the same key back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-key-'));
    try {
      const path = join(dir, 'secrets.key');
      const first = await loadOrCreateDataKey(path);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.deepEqual(await loadOrCreateDataKey(path), first);
      assert.equal(first.byteLength, 32);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
