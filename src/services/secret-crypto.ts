/**
 * Encryption at rest of secret material (SecureString parameter values, Secrets Manager values):
 * AES-256-GCM with a random 96-bit IV per value and the parameter or secret name as associated
 * data, so a sealed value copied onto another name is refused instead of read.
 *
 * The data key is 32 random bytes kept in `<dataDir>/secrets.key` (base64, mode 0600), created on
 * first start. Losing the file loses every secret; it must be backed up with the database, and
 * every server sharing one database needs the same file.
 *
 * A sealed value is base64 of `version (1 byte) ‖ IV (12) ‖ tag (16) ‖ ciphertext`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { SluiceError } from '../model/errors.ts';

const FORMAT_VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export interface SecretCrypto {
  /** Seals `plaintext` for `name`; a new IV every call, so equal values seal differently. */
  seal(name: string, plaintext: Uint8Array): string;
  /** Opens a value sealed for `name`; DecryptionFailure when it was tampered with, sealed for another name or with another key. */
  open(name: string, sealed: string): Buffer;
}

function decryptionFailure(): SluiceError {
  return new SluiceError('DecryptionFailure', 'The stored value cannot be decrypted with this server\'s data key (secrets.key)');
}

export function makeSecretCrypto(key: Uint8Array): SecretCrypto {
  if (key.byteLength !== KEY_BYTES) throw new Error(`A secrets data key is ${KEY_BYTES} bytes, not ${key.byteLength}`);
  const keyCopy = Buffer.from(key);
  return {
    seal(name, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyCopy, iv);
      cipher.setAAD(Buffer.from(name, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return Buffer.concat([Buffer.of(FORMAT_VERSION), iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(name, sealed) {
      const bytes = Buffer.from(sealed, 'base64');
      if (bytes.byteLength < HEADER_BYTES || bytes[0] !== FORMAT_VERSION) throw decryptionFailure();
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyCopy, bytes.subarray(1, 1 + IV_BYTES));
        decipher.setAAD(Buffer.from(name, 'utf8'));
        decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
      } catch {
        throw decryptionFailure();
      }
    },
  };
}

/**
 * Reads the data key file, creating it (mode 0600) when missing. Creation is exclusive (`wx`), so
 * two processes starting on one data directory end up with the same key.
 */
export async function loadOrCreateDataKey(path: string): Promise<Buffer> {
  try {
    await writeFile(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
  }
  const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
  if (key.byteLength !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte base64 key`);
  return key;
}
