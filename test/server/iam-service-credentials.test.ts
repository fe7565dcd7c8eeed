/**
 * IAM service-specific credentials (git logins) as AWS's clients see them: the SDK's IAM client
 * and the `aws iam` CLI against a real server. What a credential signs in to is tested with git
 * in git-http.test.ts; here, each operation's answers, errors and limits, and that a reset,
 * deactivated or deleted credential no longer signs in.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateServiceSpecificCredentialCommand, CreateUserCommand, DeleteServiceSpecificCredentialCommand, type IAMClient,
  ListServiceSpecificCredentialsCommand, ResetServiceSpecificCredentialCommand, UpdateServiceSpecificCredentialCommand,
} from '@aws-sdk/client-iam';
import { makeGitHome, makeRepositories } from '../support/git.ts';
import { iamClient, makeUser, policyOf, rejectsWith } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const SERVICE = 'codecommit.amazonaws.com';


describe('IAM service-specific credentials', () => {
  let t: TestServer;
  let iam: IAMClient;

  /** Status of a git ref advertisement signed in with `login` / `password`. */
  async function signIn(login: string, password: string): Promise<number> {
    const response = await fetch(`${t.url}/v1/repos/signin/info/refs?service=git-upload-pack`, {
      headers: { authorization: `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}` },
    });
    await response.arrayBuffer();
    return response.status;
  }

  before(async () => {
    const repos = makeRepositories(`${await makeGitHome()}/hosted`);
    await repos.create('signin');
    t = await startTestServer({ findRepository: (name) => repos.find(name) });
    iam = iamClient(t);
  });
  after(async () => {
    iam.destroy();
    await t.close();
  });

  it('creates a credential with its password once, lists it without, and limits a user to two', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const { ServiceSpecificCredential: c } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'dev', ServiceName: SERVICE }));
    assert.equal(c?.ServiceUserName, 'dev-at-000000000000');
    assert.match(c?.ServicePassword ?? '', /^[A-Za-z0-9+/]{43}=$/);
    assert.match(c?.ServiceSpecificCredentialId ?? '', /^ACCA[A-Z2-7]{17}$/);
    assert.deepEqual([c?.UserName, c?.ServiceName, c?.Status], ['dev', SERVICE, 'Active']);
    assert.ok(c?.CreateDate instanceof Date);
    assert.equal(await signIn('dev-at-000000000000', c?.ServicePassword ?? ''), 403, 'signed in; no policy allows GitPull');
    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'dev', ServiceName: SERVICE }));
    await rejectsWith(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'dev', ServiceName: SERVICE })), 'LimitExceededException', 409,
      'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2');
    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dev' }));
    assert.equal(listed.ServiceSpecificCredentials?.length, 2);
    assert.ok(listed.ServiceSpecificCredentials?.some((m) => m.ServiceSpecificCredentialId === c?.ServiceSpecificCredentialId));
    assert.ok(listed.ServiceSpecificCredentials?.every((m) => !('ServicePassword' in m) && m.ServiceUserName === 'dev-at-000000000000'));
  });

  it('resets the password, deactivates and deletes; each change applies to signing in', async () => {
    await makeUser(t, 'puller', policyOf({ Effect: 'Allow', Action: 'codecommit:GitPull', Resource: '*' }));
    const { ServiceSpecificCredential: c } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'puller', ServiceName: SERVICE }));
    const id = c?.ServiceSpecificCredentialId ?? '';
    const login = c?.ServiceUserName ?? '';
    assert.equal(await signIn(login, c?.ServicePassword ?? ''), 200);
    const { ServiceSpecificCredential: reset } = await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'puller', ServiceSpecificCredentialId: id }));
    assert.notEqual(reset?.ServicePassword, c?.ServicePassword);
    assert.equal(await signIn(login, c?.ServicePassword ?? ''), 401, 'the old password no longer signs in');
    assert.equal(await signIn(login, reset?.ServicePassword ?? ''), 200);
    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'puller', ServiceSpecificCredentialId: id, Status: 'Inactive' }));
    assert.equal((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'puller' }))).ServiceSpecificCredentials?.[0]?.Status, 'Inactive');
    assert.equal(await signIn(login, reset?.ServicePassword ?? ''), 401, 'an inactive credential does not sign in');
    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'puller', ServiceSpecificCredentialId: id, Status: 'Active' }));
    assert.equal(await signIn(login, reset?.ServicePassword ?? ''), 200);
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'puller', ServiceSpecificCredentialId: id }));
    assert.equal(await signIn(login, reset?.ServicePassword ?? ''), 401);
    assert.deepEqual((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'puller' }))).ServiceSpecificCredentials, []);
  });

  it('sets an expiration date from CredentialAgeDays', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'temp' }));
    const { ServiceSpecificCredential: c } = await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'temp', ServiceName: SERVICE, CredentialAgeDays: 30 }));
    assert.equal((c?.ExpirationDate?.getTime() ?? 0) - (c?.CreateDate?.getTime() ?? 0), 30 * 86_400_000);
    const listed = await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'temp' }));
    assert.deepEqual(listed.ServiceSpecificCredentials?.map((m) => [m.Status, m.ExpirationDate?.getTime()]), [['Active', c?.ExpirationDate?.getTime()]]);
    await rejectsWith(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'temp', ServiceName: SERVICE, CredentialAgeDays: 0 })),
      'ValidationError', 400, /credentialAgeDays.*greater than or equal to 1/);
  });

  it('answers bad input with IAM\'s errors and changes nothing', async () => {
    await rejectsWith(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'dev', ServiceName: 'cassandra.amazonaws.com' })),
      'ServiceNotSupportedException', 404, /^Service cassandra\.amazonaws\.com is not supported for service-specific credentials/);
    await rejectsWith(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'ghost', ServiceName: SERVICE })),
      'NoSuchEntityException', 404, 'The user with name ghost cannot be found.');
    const missing = 'ACCAAAAAAAAAAAAAAAAAA';
    await rejectsWith(iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'dev', ServiceSpecificCredentialId: missing })),
      'NoSuchEntityException', 404, `The Service Specific Credential with id ${missing} cannot be found.`);
    await rejectsWith(iam.send(new DeleteServiceSpecificCredentialCommand({ ServiceSpecificCredentialId: 'short' })),
      'ValidationError', 400, /serviceSpecificCredentialId.*length greater than or equal to 20/);
    const devs = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dev' }))).ServiceSpecificCredentials ?? [];
    const otherUsers = devs[0]?.ServiceSpecificCredentialId ?? '';
    await rejectsWith(iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'puller', ServiceSpecificCredentialId: otherUsers })),
      'NoSuchEntityException', 404, `The Service Specific Credential with id ${otherUsers} cannot be found.`);
    assert.equal((await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dev' }))).ServiceSpecificCredentials?.length, 2);
  });

  it('lists every user\'s credentials with AllUsers, a page at a time', async () => {
    const first = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: SERVICE, MaxItems: 1 }));
    assert.equal(first.ServiceSpecificCredentials?.length, 1);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true, ServiceName: SERVICE, Marker: first.Marker }));
    const users = [...first.ServiceSpecificCredentials ?? [], ...rest.ServiceSpecificCredentials ?? []].map((c) => c.UserName);
    assert.deepEqual([...new Set(users)], ['dev', 'temp'], 'users in name order; puller\'s was deleted');
    assert.equal(users.length, 3);
  });

  it('lets a user manage only their own credentials when a policy says so', async () => {
    const own = await makeUser(t, 'selfserve', policyOf({ Effect: 'Allow', Action: 'iam:*ServiceSpecificCredential*', Resource: 'arn:aws:iam::000000000000:user/${aws:username}' }));
    const client = iamClient(t, own);
    try {
      const created = await client.send(new CreateServiceSpecificCredentialCommand({ UserName: 'selfserve', ServiceName: SERVICE }));
      const mine = await client.send(new ListServiceSpecificCredentialsCommand({}));
      assert.deepEqual(mine.ServiceSpecificCredentials?.map((m) => m.ServiceSpecificCredentialId), [created.ServiceSpecificCredential?.ServiceSpecificCredentialId]);
      await rejectsWith(client.send(new ListServiceSpecificCredentialsCommand({ UserName: 'dev' })), 'AccessDenied', 403,
        /iam:ListServiceSpecificCredentials on resource: arn:aws:iam::000000000000:user\/dev/);
    } finally {
      client.destroy();
    }
  });

  it('serves the aws iam CLI', async () => {
    const aws = async (...args: string[]): Promise<string> => (await run('aws', ['iam', ...args], { env: t.awsEnv() })).stdout;
    await aws('create-user', '--user-name', 'cli-dev');
    const created = JSON.parse(await aws('create-service-specific-credential', '--user-name', 'cli-dev', '--service-name', SERVICE)) as
      { ServiceSpecificCredential: { ServiceSpecificCredentialId: string; ServiceUserName: string; ServicePassword: string } };
    const id = created.ServiceSpecificCredential.ServiceSpecificCredentialId;
    assert.equal(created.ServiceSpecificCredential.ServiceUserName, 'cli-dev-at-000000000000');
    const reset = JSON.parse(await aws('reset-service-specific-credential', '--user-name', 'cli-dev', '--service-specific-credential-id', id)) as
      { ServiceSpecificCredential: { ServicePassword: string } };
    assert.notEqual(reset.ServiceSpecificCredential.ServicePassword, created.ServiceSpecificCredential.ServicePassword);
    await aws('update-service-specific-credential', '--user-name', 'cli-dev', '--service-specific-credential-id', id, '--status', 'Inactive');
    const listed = JSON.parse(await aws('list-service-specific-credentials', '--user-name', 'cli-dev', '--service-name', SERVICE)) as
      { ServiceSpecificCredentials: { ServiceSpecificCredentialId: string; Status: string }[] };
    assert.deepEqual(listed.ServiceSpecificCredentials.map((c) => [c.ServiceSpecificCredentialId, c.Status]), [[id, 'Inactive']]);
    await aws('delete-service-specific-credential', '--user-name', 'cli-dev', '--service-specific-credential-id', id);
    const after = JSON.parse(await aws('list-service-specific-credentials', '--user-name', 'cli-dev')) as { ServiceSpecificCredentials: unknown[] };
    assert.deepEqual(after.ServiceSpecificCredentials, []);
  });
});
