/**
 * IAM login profiles (console passwords) as AWS's clients see them: the SDK's IAM client and the
 * `aws iam` CLI against a real server — each operation's answers and errors (IAM's codes and
 * statuses), the password policy, a password hidden from the audit trail, and that a changed or
 * deleted password changes what signs in to the console.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateLoginProfileCommand, CreateUserCommand, DeleteLoginProfileCommand, GetLoginProfileCommand, type IAMClient, UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { postSignIn } from '../support/console-session.ts';
import { iamClient, makeUser, policyOf, rejectsWith } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);

describe('IAM login profiles', () => {
  let t: TestServer;
  let iam: IAMClient;
  const signInStatus = async (userName: string, password: string): Promise<number> => {
    const response = await postSignIn(t, { userName, password });
    await response.arrayBuffer();
    return response.status;
  };

  before(async () => {
    t = await startTestServer();
    iam = iamClient(t);
  });
  after(async () => {
    iam.destroy();
    await t.close();
  });

  it('creates, gets, updates and deletes a login profile, and sign-in follows', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'lp-dev' }));
    const before = Date.now();
    const { LoginProfile: created } = await iam.send(new CreateLoginProfileCommand({ UserName: 'lp-dev', Password: 'first password' }));
    assert.deepEqual([created?.UserName, created?.PasswordResetRequired], ['lp-dev', false]);
    assert.ok(created?.CreateDate instanceof Date && created.CreateDate.getTime() >= Math.floor(before / 1000) * 1000);
    const { LoginProfile: got } = await iam.send(new GetLoginProfileCommand({ UserName: 'lp-dev' }));
    assert.deepEqual(got, created);
    assert.equal(await signInStatus('lp-dev', 'first password'), 200);

    await iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-dev', Password: 'second password', PasswordResetRequired: true }));
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'lp-dev' }))).LoginProfile?.PasswordResetRequired, true);
    assert.equal(await signInStatus('lp-dev', 'first password'), 401);
    assert.equal(await signInStatus('lp-dev', 'second password'), 200);

    await iam.send(new DeleteLoginProfileCommand({ UserName: 'lp-dev' }));
    assert.equal(await signInStatus('lp-dev', 'second password'), 401);
    await rejectsWith(iam.send(new GetLoginProfileCommand({ UserName: 'lp-dev' })), 'NoSuchEntityException', 404, 'Login Profile for User lp-dev cannot be found.');
  });

  it("answers IAM's errors and changes nothing", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'lp-err' }));
    await rejectsWith(iam.send(new CreateLoginProfileCommand({ UserName: 'lp-err', Password: 'short' })), 'PasswordPolicyViolationException', 400,
      'Password does not conform to the account password policy: it must be 8 to 128 characters long.');
    await rejectsWith(iam.send(new GetLoginProfileCommand({ UserName: 'lp-err' })), 'NoSuchEntityException', 404, 'Login Profile for User lp-err cannot be found.');
    await rejectsWith(iam.send(new CreateLoginProfileCommand({ UserName: 'lp-err', Password: 'x'.repeat(129) })), 'ValidationError', 400,
      /password.*length less than or equal to 128/);
    await rejectsWith(iam.send(new CreateLoginProfileCommand({ UserName: 'lp-nobody', Password: 'long enough' })), 'NoSuchEntityException', 404,
      'The user with name lp-nobody cannot be found.');
    await iam.send(new CreateLoginProfileCommand({ UserName: 'lp-err', Password: 'x'.repeat(128) }));
    await rejectsWith(iam.send(new CreateLoginProfileCommand({ UserName: 'lp-err', Password: 'another one' })), 'EntityAlreadyExistsException', 409,
      'Login Profile for user lp-err already exists.');
    assert.equal(await signInStatus('lp-err', 'x'.repeat(128)), 200, 'the first password stands');
    await rejectsWith(iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-err', Password: 'seven77' })), 'PasswordPolicyViolationException', 400, /8 to 128/);
    assert.equal(await signInStatus('lp-err', 'x'.repeat(128)), 200, 'a refused update changes nothing');
    await rejectsWith(iam.send(new UpdateLoginProfileCommand({ UserName: 'lp-nobody', Password: 'long enough' })), 'NoSuchEntityException', 404,
      'The user with name lp-nobody cannot be found.');
    await rejectsWith(iam.send(new DeleteLoginProfileCommand({ UserName: 'admin' })), 'NoSuchEntityException', 404, 'Login Profile for User admin cannot be found.');
  });

  it('hides the password from the audit trail', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'lp-audit' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'lp-audit', Password: 'audited password' }));
    const trail = new CloudTrailClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    try {
      const { Events: events = [] } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'admin' }] }));
      const record = events.map((e) => e.CloudTrailEvent ?? '').find((text) => text.includes('"CreateLoginProfile"') && text.includes('lp-audit'));
      assert.ok(record, 'CreateLoginProfile is recorded');
      assert.doesNotMatch(record, /audited password/);
      assert.match(record, /"password":"HIDDEN_DUE_TO_SECURITY_REASONS"/);
    } finally {
      trail.destroy();
    }
  });

  it('lets a user set only their own password when a policy says so', async () => {
    const own = await makeUser(t, 'lp-self', policyOf({ Effect: 'Allow', Action: 'iam:*LoginProfile', Resource: 'arn:aws:iam::000000000000:user/${aws:username}' }));
    const client = iamClient(t, own);
    try {
      await client.send(new CreateLoginProfileCommand({ Password: 'my own password' }));
      assert.equal((await client.send(new GetLoginProfileCommand({}))).LoginProfile?.UserName, 'lp-self');
      await rejectsWith(client.send(new UpdateLoginProfileCommand({ UserName: 'lp-err', Password: 'taken over' })), 'AccessDenied', 403,
        /iam:UpdateLoginProfile on resource: arn:aws:iam::000000000000:user\/lp-err/);
    } finally {
      client.destroy();
    }
    assert.equal(await signInStatus('lp-self', 'my own password'), 200);
  });

  it('serves the aws iam CLI', async () => {
    const aws = async (...args: string[]): Promise<string> => (await run('aws', ['iam', ...args], { env: t.awsEnv() })).stdout;
    await aws('create-user', '--user-name', 'lp-cli');
    const created = JSON.parse(await aws('create-login-profile', '--user-name', 'lp-cli', '--password', 'from the cli', '--password-reset-required')) as
      { LoginProfile: { UserName: string; CreateDate: string; PasswordResetRequired: boolean } };
    assert.equal(created.LoginProfile.UserName, 'lp-cli');
    assert.equal(created.LoginProfile.PasswordResetRequired, true);
    assert.match(created.LoginProfile.CreateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await aws('update-login-profile', '--user-name', 'lp-cli', '--password', 'changed by the cli', '--no-password-reset-required');
    const got = JSON.parse(await aws('get-login-profile', '--user-name', 'lp-cli')) as { LoginProfile: { PasswordResetRequired: boolean } };
    assert.equal(got.LoginProfile.PasswordResetRequired, false);
    assert.equal(await signInStatus('lp-cli', 'changed by the cli'), 200);
    await aws('delete-login-profile', '--user-name', 'lp-cli');
    await assert.rejects(run('aws', ['iam', 'get-login-profile', '--user-name', 'lp-cli'], { env: t.awsEnv() }), /NoSuchEntity/);
  });
});
