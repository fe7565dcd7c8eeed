/**
 * IAM helpers for server tests: an IAM client on a test server, and users with a key and an
 * inline policy made through the server's own IAM API (as an administrator would).
 */
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type { TestServer } from './server.ts';

export interface Credentials { accessKeyId: string; secretAccessKey: string }

/** An IAM client signed with the admin key (or the given one); the caller destroys it. */
export function iamClient(t: TestServer, credentials: Credentials = t.credentials): IAMClient {
  return new IAMClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
}

/** Creates `userName` with an access key and, when given, an inline policy `policy`. */
export async function makeUser(t: TestServer, userName: string, policy?: object): Promise<Credentials> {
  const iam = iamClient(t);
  try {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    if (policy) await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'policy', PolicyDocument: JSON.stringify(policy) }));
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    return { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
  } finally {
    iam.destroy();
  }
}

/** `{ Version, Statement }` with the given statements. */
export function policyOf(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}

type ServiceError = Error & { $metadata?: { httpStatusCode?: number } };

/** Asserts `promise` fails with the SDK error `name`, `status` and a message matching `message`. */
export async function rejectsWith(promise: Promise<unknown>, name: string, status: number, message: RegExp | string): Promise<void> {
  await assert.rejects(promise, (e: ServiceError) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}
