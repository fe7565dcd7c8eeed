/**
 * `sluice iam …` and `sluice audit lookup` as a user runs them: the real binary, as a child
 * process, against a real server, with the admin key from the server's data directory.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { sluice as run, type CliResult } from '../support/cli.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('sluice iam and sluice audit', () => {
  let t: TestServer;
  const sluice = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    run(args, { env: { SLUICE_ENDPOINT: t.url, SLUICE_DATA_DIR: t.dataDir, ...env } });
  const ok = async (...args: string[]): Promise<string> => {
    const result = await sluice(args);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };

  before(async () => { t = await startTestServer(); });
  after(() => t.close());

  it('creates a user with a key and a managed policy, and the key works', async () => {
    const created = await ok('iam', 'create-user', '--user-name', 'viewer', '--path', '/team/');
    assert.match(created, /^USER\s+PATH\s+USER ID\s+CREATED\s+ARN\nviewer\s+\/team\/\s+AIDA\w{17}\s+\S+Z\s+arn:aws:iam::000000000000:user\/team\/viewer\n$/);
    await ok('iam', 'put-user-policy', '--user-name', 'viewer', '--managed-policy', 'AWSCodePipeline_ReadOnlyAccess');
    const key = JSON.parse(await ok('iam', 'create-access-key', '--user-name', 'viewer', '--output', 'json')) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string; CreateDate: string } };
    assert.match(key.AccessKey.CreateDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const client = t.codepipeline({ accessKeyId: key.AccessKey.AccessKeyId, secretAccessKey: key.AccessKey.SecretAccessKey });
    assert.ok((await client.send(new ListPipelinesCommand({}))).pipelines);

    const users = JSON.parse(await ok('iam', 'list-users', '--output', 'json')) as { Users: { UserName: string }[] };
    assert.deepEqual(users.Users.map((u) => u.UserName).filter((n) => n === 'viewer'), ['viewer']);
    assert.match(await ok('iam', 'list-access-keys', '--user-name', 'viewer'), new RegExp(`^ACCESS KEY ID\\s+STATUS\\s+USER\\s+CREATED\\n${key.AccessKey.AccessKeyId}\\s+Active\\s+viewer`));
    assert.equal(await ok('iam', 'list-user-policies', '--user-name', 'viewer'), 'POLICY\nAWSCodePipeline_ReadOnlyAccess\n');
  });

  it('puts a policy document from a file or inline, and deletes things', async () => {
    await ok('iam', 'create-user', '--user-name', 'approver');
    const file = join(t.dataDir, 'approve.json');
    await writeFile(file, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'codepipeline:PutApprovalResult', Resource: '*' }] }));
    await ok('iam', 'put-user-policy', '--user-name', 'approver', '--policy-name', 'approve', '--policy-document', `file://${file}`);
    await ok('iam', 'put-user-policy', '--user-name', 'approver', '--policy-name', 'read', '--policy-document',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"codepipeline:Get*","Resource":"*"}]}');
    const policies = JSON.parse(await ok('iam', 'list-user-policies', '--user-name', 'approver', '--output', 'json')) as { PolicyNames: string[] };
    assert.deepEqual(policies.PolicyNames, ['approve', 'read']);
    assert.equal(await ok('iam', 'delete-user-policy', '--user-name', 'approver', '--policy-name', 'read'), 'Deleted policy read of user approver\n');
    const dryRun = JSON.parse(await ok('iam', 'delete-user', '--user-name', 'approver', '--dry-run')) as object;
    assert.deepEqual(dryRun, { DeleteUser: { UserName: 'approver' } });
    assert.match(await ok('iam', 'list-users'), /approver/, 'a dry run changes nothing');
  });

  it('reports server errors, bad flags and an unreachable server in one line', async () => {
    const missing = await sluice(['iam', 'delete-user', '--user-name', 'ghost']);
    assert.deepEqual([missing.code, missing.stderr], [1, 'error: NoSuchEntityException: The user with name ghost cannot be found.\n']);
    const bad = await sluice(['iam', 'put-user-policy', '--user-name', 'viewer', '--managed-policy', 'PowerUser']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--managed-policy PowerUser: expected one of AdministratorAccess, AWSCodePipeline_FullAccess, AWSCodePipeline_ReadOnlyAccess/);
    const both = await sluice(['iam', 'put-user-policy', '--user-name', 'viewer', '--managed-policy', 'AdministratorAccess', '--policy-document', '{}']);
    assert.equal(both.code, 2);
    const away = await sluice(['iam', 'list-users'], { SLUICE_ENDPOINT: 'http://127.0.0.1:1' });
    assert.deepEqual([away.code, away.stderr], [1, 'error: cannot reach Sluice at http://127.0.0.1:1 (ECONNREFUSED); is `sluice server` running there?\n']);
  });

  it('looks up the audit trail, filtered, as a table or JSON', async () => {
    await sluice(['iam', 'delete-user', '--user-name', 'viewer']);
    const table = await ok('audit', 'lookup', '--user-name', 'admin', '--max-results', '3');
    const lines = table.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^TIME\s+USER\s+EVENT\s+SOURCE\s+RESOURCES\s+ERROR$/);
    assert.equal(lines.length, 4, 'header and three events');
    assert.match(lines[1] ?? '', /^\S+Z\s+admin\s+DeleteUser\s+iam\s+viewer\s+DeleteConflictException$/);
    const json = JSON.parse(await ok('audit', 'lookup', '--event-name', 'CreateUser', '--output', 'json')) as { Events: { EventName: string; Username: string }[] };
    assert.deepEqual(json.Events.map((e) => [e.EventName, e.Username]), [['CreateUser', 'admin'], ['CreateUser', 'admin']]);
  });
});
