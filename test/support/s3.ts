/**
 * S3 clients against a test server: the AWS SDK's own S3 client (path-style, as job workers
 * configure it for a custom endpoint), users with inline policies and temporary keys made
 * through the identity store, and request capture to see what the SDK actually sent.
 */
import { randomBytes } from 'node:crypto';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { TestServer } from './server.ts';

export interface KeyPair { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/** An S3 client for the server, signed with the admin key unless `credentials` are given. */
export function s3Client(t: TestServer, credentials: KeyPair = t.credentials, config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ endpoint: t.url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1, ...config });
}

let captures = 0;

/** The headers of every request `client` sends, captured after signing. */
export function captureHeaders(client: S3Client): Record<string, string>[] {
  const seen: Record<string, string>[] = [];
  client.middlewareStack.add((next) => async (args) => {
    const request = args.request as { headers?: Record<string, string> };
    if (request.headers) seen.push({ ...request.headers });
    return next(args);
  }, { step: 'finalizeRequest', priority: 'low', name: `captureHeaders${++captures}` });
  return seen;
}

const id = (prefix: string): string => prefix + randomBytes(8).toString('hex').toUpperCase().slice(0, 16);

/** A user with one inline policy (none when `policy` is undefined) and an access key. */
export async function makeUser(t: TestServer, userName: string, policy?: object): Promise<KeyPair> {
  const { identity } = t.server.runtime.store;
  await identity.createUser({ userName, userId: id('AIDA'), arn: `arn:aws:iam::000000000000:user/${userName}`, createdAt: Date.now() });
  if (policy) await identity.putUserPolicy({ userName, policyName: 'inline', document: JSON.stringify(policy) });
  const key = { accessKeyId: id('AKIA'), secretAccessKey: randomBytes(30).toString('base64') };
  await identity.createAccessKey({ ...key, userName, status: 'Active', createdAt: Date.now() });
  return key;
}

/** Temporary credentials of `userName` (an ASIA… key with a session token), valid for `ttlMs`. */
export async function makeTemporaryKey(t: TestServer, userName: string, ttlMs = 3600_000): Promise<Required<KeyPair>> {
  const key = { accessKeyId: id('ASIA'), secretAccessKey: randomBytes(30).toString('base64'), sessionToken: randomBytes(48).toString('base64') };
  await t.server.runtime.store.identity.createAccessKey({ ...key, userName, status: 'Active', createdAt: Date.now(), expiresAt: Date.now() + ttlMs });
  return key;
}

/** Collects a response body stream into a Buffer. */
export async function bytesOf(body: { transformToByteArray(): Promise<Uint8Array> } | undefined): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  return Buffer.from(await body.transformToByteArray());
}
