/**
 * The Parameter Store and Secrets Manager services of a server: the data key from
 * `<dataDir>/secrets.key` (created on first start) and the random ids secrets need.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ParameterService } from '../services/parameters.ts';
import { loadOrCreateDataKey, makeSecretCrypto } from '../services/secret-crypto.ts';
import { SecretService } from '../services/secrets.ts';
import type { SecretStores } from '../store/secret-ports.ts';

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function newSuffix(): string {
  return Array.from({ length: 6 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join('');
}

export async function openSecretServices(stores: SecretStores, dataDir: string): Promise<{ parameters: ParameterService; secrets: SecretService }> {
  const crypto = makeSecretCrypto(await loadOrCreateDataKey(join(dataDir, 'secrets.key')));
  return {
    parameters: new ParameterService({ store: stores.parameters, crypto }),
    secrets: new SecretService({ store: stores.secrets, crypto, newSuffix, newVersionId: randomUUID }),
  };
}
