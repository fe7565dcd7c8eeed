/**
 * Secrets Manager on a real server, through `@aws-sdk/client-secrets-manager` and the
 * `aws secretsmanager` CLI: every operation with success and error cases, staging labels,
 * idempotent tokens, scheduled deletion and restore, authorization on secret ARNs, no value in the
 * audit trail, and values read back after a restart.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, PutSecretValueCommand,
  RestoreSecretCommand, SecretsManagerClient, UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { makeUser, policyOf, type Credentials } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { awsCliAvailable, waitFor } from '../compat/support.ts';

const run = promisify(execFile);
const TOKEN_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

describe('Secrets Manager', () => {
  let t: TestServer;
  let sm: SecretsManagerClient;
  const clients: { destroy(): void }[] = [];
  const client = (credentials: Credentials = t.credentials): SecretsManagerClient => {
    const c = new SecretsManagerClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  before(async () => {
    t = await startTestServer();
    sm = client();
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('creates a secret with an ARN suffix, idempotently on its token, and reads it by name or ARN', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: '{"password":"p1"}', ClientRequestToken: TOKEN_A, Description: 'db', Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.match(created.ARN ?? '', /^arn:aws:secretsmanager:us-east-1:000000000000:secret:prod\/db-[A-Za-z0-9]{6}$/);
    assert.equal(created.VersionId, TOKEN_A);
    const again = await sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: '{"password":"p1"}', ClientRequestToken: TOKEN_A }));
    assert.equal(again.ARN, created.ARN, 'a retried create answers as the first');
    await assert.rejects(sm.send(new CreateSecretCommand({ Name: 'prod/db', SecretString: 'other' })), { name: 'ResourceExistsException' });
    const byArn = await sm.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    assert.deepEqual([byArn.SecretString, byArn.VersionStages, byArn.Name], ['{"password":"p1"}', ['AWSCURRENT'], 'prod/db']);
    await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: 'prod/none' })), { name: 'ResourceNotFoundException' });
    await assert.rejects(sm.send(new CreateSecretCommand({ Name: 'bad name!', SecretString: 'x' })), { name: 'ValidationException' });
    await assert.rejects(sm.send(new CreateSecretCommand({ Name: 'both', SecretString: 'x', SecretBinary: new Uint8Array([1]) })), { name: 'InvalidParameterException' });
  });

  it('moves AWSCURRENT on PutSecretValue and keeps AWSPREVIOUS readable', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'rotating', SecretString: 'v1' }));
    const put = await sm.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v2' }));
    assert.deepEqual(put.VersionStages, ['AWSCURRENT']);
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'rotating' }))).SecretString, 'v2');
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionStage: 'AWSPREVIOUS' }))).SecretString, 'v1');
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'rotating', VersionId: put.VersionId }))).SecretString, 'v2');
    await assert.rejects(sm.send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'v3', ClientRequestToken: put.VersionId })), { name: 'ResourceExistsException' });
    const described = await sm.send(new DescribeSecretCommand({ SecretId: 'rotating' }));
    assert.deepEqual(Object.values(described.VersionIdsToStages ?? {}).sort(), [['AWSCURRENT'], ['AWSPREVIOUS']]);
    assert.ok(described.LastAccessedDate instanceof Date);
    const binary = await sm.send(new UpdateSecretCommand({ SecretId: 'rotating', SecretBinary: new Uint8Array([0, 1, 2]), Description: 'now binary' }));
    assert.ok(binary.VersionId);
    const got = await sm.send(new GetSecretValueCommand({ SecretId: 'rotating' }));
    assert.deepEqual([...(got.SecretBinary ?? [])], [0, 1, 2]);
    assert.equal((await sm.send(new DescribeSecretCommand({ SecretId: 'rotating' }))).Description, 'now binary');
  });

  it('schedules deletion, refuses reads meanwhile, restores, and force-deletes', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'bye' }));
    await assert.rejects(sm.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 6 })), { name: 'InvalidParameterException' });
    await assert.rejects(sm.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })), { name: 'InvalidParameterException' });
    const deleted = await sm.send(new DeleteSecretCommand({ SecretId: 'doomed', RecoveryWindowInDays: 7 }));
    const days = ((deleted.DeletionDate?.getTime() ?? 0) - Date.now()) / 86_400_000;
    assert.ok(days > 6.9 && days <= 7, `deletion in 7 days, not ${days}`);
    await assert.rejects(sm.send(new GetSecretValueCommand({ SecretId: 'doomed' })), { name: 'InvalidRequestException', message: /marked for deletion/ });
    assert.ok((await sm.send(new DescribeSecretCommand({ SecretId: 'doomed' }))).DeletedDate instanceof Date);
    const listed = async (input: object) => ((await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['doomed'] }], ...input }))).SecretList ?? []).map((s) => s.Name);
    assert.deepEqual(await listed({}), []);
    assert.deepEqual(await listed({ IncludePlannedDeletion: true }), ['doomed']);
    await sm.send(new RestoreSecretCommand({ SecretId: 'doomed' }));
    assert.equal((await sm.send(new GetSecretValueCommand({ SecretId: 'doomed' }))).SecretString, 'bye');
    await sm.send(new DeleteSecretCommand({ SecretId: 'doomed', ForceDeleteWithoutRecovery: true }));
    await assert.rejects(sm.send(new DescribeSecretCommand({ SecretId: 'doomed' })), { name: 'ResourceNotFoundException' });
  });

  it('lists with name filters and pages', async () => {
    for (const name of ['list/a', 'list/b', 'list/c']) await sm.send(new CreateSecretCommand({ Name: name, SecretString: name }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await sm.send(new ListSecretsCommand({ MaxResults: 2, Filters: [{ Key: 'name', Values: ['list/'] }], ...(NextToken && { NextToken }) }));
      seen.push(...(page.SecretList ?? []).map((s) => s.Name ?? ''));
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(seen, ['list/a', 'list/b', 'list/c']);
    const negated = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: ['list/'] }, { Key: 'name', Values: ['!list/b'] }] }));
    assert.deepEqual(negated.SecretList?.map((s) => s.Name), ['list/a', 'list/c']);
    await assert.rejects(sm.send(new ListSecretsCommand({ NextToken: 'bogus' })), { name: 'InvalidNextTokenException' });
  });

  it('keeps secret values out of the audit trail', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'audited', SecretString: 'first-value' }));
    await sm.send(new PutSecretValueCommand({ SecretId: 'audited', SecretString: 'second-value' }));
    const trail = new CloudTrailClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    clients.push(trail);
    const lookup = async (name: string) => ((await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] }))).Events ?? [])
      .map((e) => e.CloudTrailEvent ?? '').filter((e) => e.includes('audited'));
    // The trail is written after the answer is sent: wait for both records.
    const records = await waitFor('both audit records', async () => {
      const found = [...await lookup('CreateSecret'), ...await lookup('PutSecretValue')];
      return found.length === 2 ? found : undefined;
    });
    for (const record of records) assert.ok(!record.includes('first-value') && !record.includes('second-value'), record);
  });

  it('authorizes secretsmanager:<Operation> on the secret ARN', async () => {
    await sm.send(new CreateSecretCommand({ Name: 'app/readable', SecretString: 'yes' }));
    await sm.send(new CreateSecretCommand({ Name: 'other/hidden', SecretString: 'no' }));
    const reader = client(await makeUser(t, 'sm-reader', policyOf({
      Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:app/readable-??????',
    })));
    assert.equal((await reader.send(new GetSecretValueCommand({ SecretId: 'app/readable' }))).SecretString, 'yes');
    await assert.rejects(reader.send(new GetSecretValueCommand({ SecretId: 'other/hidden' })), { name: 'AccessDeniedException', message: /secret:other\/hidden-[A-Za-z0-9]{6}/ });
    await assert.rejects(reader.send(new PutSecretValueCommand({ SecretId: 'app/readable', SecretString: 'x' })), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new ListSecretsCommand({})), { name: 'AccessDeniedException' });
  });

  it('works with the aws CLI', { skip: awsCliAvailable().ok ? false : 'no aws CLI' }, async () => {
    const aws = async (...args: string[]) => JSON.parse((await run('aws', ['secretsmanager', ...args, '--output', 'json'], { env: t.awsEnv() })).stdout || '{}') as Record<string, unknown>;
    const created = await aws('create-secret', '--name', 'cli/secret', '--secret-string', 'from-cli');
    assert.equal(created.Name, 'cli/secret');
    assert.equal((await aws('get-secret-value', '--secret-id', 'cli/secret')).SecretString, 'from-cli');
    await aws('put-secret-value', '--secret-id', 'cli/secret', '--secret-string', 'second');
    assert.equal((await aws('get-secret-value', '--secret-id', String(created.ARN), '--version-stage', 'AWSPREVIOUS')).SecretString, 'from-cli');
    const failed = await run('aws', ['secretsmanager', 'get-secret-value', '--secret-id', 'cli/none'], { env: t.awsEnv() }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((failed as { code: number }).code, 255);
    assert.match((failed as { stderr: string }).stderr, /ResourceNotFoundException/);
  });
});

describe('Secrets Manager across a restart', () => {
  it('reads a secret back after the server restarts on the same data directory', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    const sm1 = new SecretsManagerClient({ endpoint: first.url, region: 'us-east-1', credentials: first.credentials, maxAttempts: 1 });
    const { ARN } = await sm1.send(new CreateSecretCommand({ Name: 'restart/secret', SecretString: 'survives' }));
    sm1.destroy();
    await first.server.close();
    const second = await startTestServer({ dataDir });
    try {
      const sm2 = new SecretsManagerClient({ endpoint: second.url, region: 'us-east-1', credentials: second.credentials, maxAttempts: 1 });
      const got = await sm2.send(new GetSecretValueCommand({ SecretId: 'restart/secret' }));
      assert.deepEqual([got.SecretString, got.ARN], ['survives', ARN]);
      sm2.destroy();
    } finally {
      await second.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
