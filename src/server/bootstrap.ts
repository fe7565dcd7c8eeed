/**
 * First start of a server: an `admin` user with full access and an access key, written to
 * `<dataDir>/credentials` (mode 0600) and `<dataDir>/config` in the AWS shared-file formats, so
 * `AWS_SHARED_CREDENTIALS_FILE=<dataDir>/credentials AWS_CONFIG_FILE=<dataDir>/config aws …` works.
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../store/ports.ts';

export interface AdminCredentials { userName: string; accessKeyId: string; secretAccessKey: string }

export const ADMIN_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AKIA` + 16 characters, as AWS access key ids look (`ASIA` for temporary ones). */
export function newAccessKeyId(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  return prefix + [...randomBytes(16)].map((b) => KEY_ALPHABET[b % 32]).join('');
}

/** `AIDA` + 17 characters, as AWS user ids look. */
export function newUserId(): string {
  return 'AIDA' + [...randomBytes(17)].map((b) => KEY_ALPHABET[b % 32]).join('');
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/[+/]/g, (c) => (c === '+' ? 'A' : 'B'));
}

async function readKeyFromFile(dataDir: string): Promise<{ accessKeyId: string; secretAccessKey: string } | undefined> {
  const text = await readFile(join(dataDir, 'credentials'), 'utf8').catch(() => '');
  const id = /aws_access_key_id\s*=\s*(\S+)/.exec(text)?.[1];
  const secret = /aws_secret_access_key\s*=\s*(\S+)/.exec(text)?.[1];
  return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
}

export async function writeCredentialFiles(dataDir: string, key: { accessKeyId: string; secretAccessKey: string }, region: string): Promise<void> {
  await writeFile(join(dataDir, 'credentials'),
    `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`, { mode: 0o600 });
  await writeFile(join(dataDir, 'config'), `[default]\nregion = ${region}\n`, { mode: 0o600 });
}

export async function ensureAdmin(store: Store, dataDir: string, accountId: string, region: string): Promise<AdminCredentials & { created: boolean }> {
  const userName = 'admin';
  const created = await store.identity.createUser({
    userName, userId: newUserId(),
    arn: `arn:aws:iam::${accountId}:user/${userName}`, createdAt: Date.now(),
  });
  if (!created) {
    const fromFile = await readKeyFromFile(dataDir);
    const stored = fromFile && await store.identity.getAccessKey(fromFile.accessKeyId);
    if (fromFile && stored) return { userName, ...fromFile, created: false };
  }
  await store.identity.putUserPolicy({ userName, policyName: 'AdministratorAccess', document: ADMIN_POLICY });
  const key = { accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey() };
  await store.identity.createAccessKey({ ...key, userName, status: 'Active', createdAt: Date.now() });
  await writeCredentialFiles(dataDir, key, region);
  return { userName, ...key, created: true };
}
