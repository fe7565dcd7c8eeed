/**
 * `sluice iam create-login-profile` and `update-login-profile` as a user runs them: the real
 * binary against a real server, with the admin key from the server's data directory; the console
 * sign-in is the proof a password took.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sluice as run, type CliResult } from '../support/cli.ts';
import { postSignIn } from '../support/console-session.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('sluice iam login profiles', () => {
  let t: TestServer;
  const sluice = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    run(args, { env: { SLUICE_ENDPOINT: t.url, SLUICE_DATA_DIR: t.dataDir, ...env } });
  const ok = async (args: string[], env: Record<string, string> = {}): Promise<string> => {
    const result = await sluice(args, env);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  const signInStatus = async (userName: string, password: string): Promise<number> => {
    const response = await postSignIn(t, { userName, password });
    await response.arrayBuffer();
    return response.status;
  };

  before(async () => { t = await startTestServer(); });
  after(() => t.close());

  it('gives a user a console password, then changes it', async () => {
    await ok(['iam', 'create-user', '--user-name', 'operator']);
    const created = await ok(['iam', 'create-login-profile', '--user-name', 'operator', '--password', 'first console pw']);
    assert.match(created, /^USER\s+CREATED\s+PASSWORD RESET REQUIRED\noperator\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+false\n$/);
    assert.equal(await signInStatus('operator', 'first console pw'), 200);

    const updated = await ok(['iam', 'update-login-profile', '--user-name', 'operator', '--password-reset-required'], { SLUICE_CONSOLE_PASSWORD: 'from the environment' });
    assert.equal(updated, 'Updated the console password of operator\n');
    assert.equal(await signInStatus('operator', 'first console pw'), 401);
    assert.equal(await signInStatus('operator', 'from the environment'), 200);
  });

  it('prints JSON, and a dry run with the password hidden that changes nothing', async () => {
    await ok(['iam', 'create-user', '--user-name', 'dry']);
    const dry = JSON.parse(await ok(['iam', 'create-login-profile', '--user-name', 'dry', '--password', 'never sent', '--dry-run'])) as object;
    assert.deepEqual(dry, { CreateLoginProfile: { UserName: 'dry', Password: 'HIDDEN_DUE_TO_SECURITY_REASONS' } });
    assert.equal(await signInStatus('dry', 'never sent'), 401);
    const json = JSON.parse(await ok(['iam', 'create-login-profile', '--user-name', 'dry', '--password', 'now it is sent', '--output', 'json'])) as
      { LoginProfile: { UserName: string; PasswordResetRequired: boolean } };
    assert.deepEqual([json.LoginProfile.UserName, json.LoginProfile.PasswordResetRequired], ['dry', false]);
  });

  it("reports IAM's errors in one line", async () => {
    const short = await sluice(['iam', 'create-login-profile', '--user-name', 'operator', '--password', 'short']);
    assert.deepEqual([short.code, short.stderr], [1, 'error: PasswordPolicyViolationException: Password does not conform to the account password policy: it must be 8 to 128 characters long.\n']);
    const again = await sluice(['iam', 'create-login-profile', '--user-name', 'operator', '--password', 'long enough']);
    assert.deepEqual([again.code, again.stderr], [1, 'error: EntityAlreadyExistsException: Login Profile for user operator already exists.\n']);
    const nobody = await sluice(['iam', 'update-login-profile', '--user-name', 'nobody', '--password', 'long enough']);
    assert.deepEqual([nobody.code, nobody.stderr], [1, 'error: NoSuchEntityException: The user with name nobody cannot be found.\n']);
    const unnamed = await sluice(['iam', 'update-login-profile', '--password', 'long enough']);
    assert.equal(unnamed.code, 2, 'a usage error');
    assert.match(unnamed.stderr, /--user-name/);
  });
});
