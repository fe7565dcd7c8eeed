/**
 * SSM Parameter Store on a real server, through `@aws-sdk/client-ssm` and the `aws ssm` CLI:
 * every operation with its success and error cases, SecureString encryption (ciphertext without
 * decryption, no value in the audit trail), authorization on parameter ARNs, and values read back
 * after a restart.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  DeleteParameterCommand, DeleteParametersCommand, DescribeParametersCommand, GetParameterCommand, GetParameterHistoryCommand,
  GetParametersByPathCommand, GetParametersCommand, PutParameterCommand, SSMClient,
} from '@aws-sdk/client-ssm';
import { makeUser, policyOf, type Credentials } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { awsCliAvailable, waitFor } from '../compat/support.ts';

const run = promisify(execFile);
const ARN = 'arn:aws:ssm:us-east-1:000000000000:parameter';

describe('SSM Parameter Store', () => {
  let t: TestServer;
  let ssm: SSMClient;
  const clients: { destroy(): void }[] = [];
  const client = (credentials: Credentials = t.credentials): SSMClient => {
    const c = new SSMClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };

  before(async () => {
    t = await startTestServer();
    ssm = client();
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('puts versions and reads them back by name, version selector and ARN', async () => {
    assert.deepEqual((await ssm.send(new PutParameterCommand({ Name: '/app/url', Value: 'http://a', Type: 'String', Description: 'd' }))).Version, 1);
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: '/app/url', Value: 'x', Type: 'String' })), { name: 'ParameterAlreadyExists' });
    const second = await ssm.send(new PutParameterCommand({ Name: '/app/url', Value: 'http://b', Overwrite: true }));
    assert.deepEqual([second.Version, second.Tier], [2, 'Standard']);
    const { Parameter: latest } = await ssm.send(new GetParameterCommand({ Name: '/app/url' }));
    assert.deepEqual([latest?.Value, latest?.Version, latest?.Type, latest?.ARN, latest?.DataType], ['http://b', 2, 'String', `${ARN}/app/url`, 'text']);
    assert.ok(latest?.LastModifiedDate instanceof Date);
    const { Parameter: first } = await ssm.send(new GetParameterCommand({ Name: '/app/url:1' }));
    assert.deepEqual([first?.Value, first?.Selector], ['http://a', ':1']);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: `${ARN}/app/url` }))).Parameter?.Value, 'http://b');
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/app/url:9' })), { name: 'ParameterVersionNotFound' });
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/app/none' })), { name: 'ParameterNotFound', message: 'Parameter /app/none not found.' });
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/app/url', MaxResults: 1 }));
    assert.deepEqual(history.Parameters?.map((p) => [p.Version, p.Value, p.Description]), [[1, 'http://a', 'd']]);
    const rest = await ssm.send(new GetParameterHistoryCommand({ Name: '/app/url', NextToken: history.NextToken }));
    assert.deepEqual(rest.Parameters?.map((p) => [p.Version, p.Description]), [[2, 'd']], 'an overwrite keeps the description');
    await assert.rejects(ssm.send(new GetParameterHistoryCommand({ Name: '/app/url', NextToken: 'bogus' })), { name: 'InvalidNextToken' });
  });

  it('encrypts SecureStrings: ciphertext without decryption, the value with it', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/app/db/password', Value: 'hunter2', Type: 'SecureString' }));
    const hidden = (await ssm.send(new GetParameterCommand({ Name: '/app/db/password' }))).Parameter?.Value ?? '';
    assert.notEqual(hidden, 'hunter2');
    assert.match(hidden, /^[A-Za-z0-9+/]+=*$/, 'base64 ciphertext, as AWS shows its KMS blob');
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/app/db/password', WithDecryption: true }))).Parameter?.Value, 'hunter2');
    const [described] = (await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/app/db/password'] }] }))).Parameters ?? [];
    assert.deepEqual([described?.Type, described?.KeyId], ['SecureString', 'alias/aws/ssm']);
  });

  it('enforces AWS\'s name, pattern, tag and tier rules', async () => {
    const put = (input: object) => ssm.send(new PutParameterCommand({ Value: 'v', Type: 'String', Name: '/x', ...input }));
    await assert.rejects(put({ Name: '/aws/reserved' }), { name: 'ValidationException', message: /can't be prefixed with "aws" or "ssm"/ });
    await assert.rejects(put({ Name: 'no/leading/slash' }), { name: 'ValidationException' });
    await assert.rejects(put({ Name: '/bad name' }), { name: 'ValidationException' });
    await assert.rejects(put({ Name: `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}` }), { name: 'HierarchyLevelLimitExceededException' });
    await assert.rejects(put({ Name: '/digits', AllowedPattern: '^\\d+$', Value: '12a' }), { name: 'ParameterPatternMismatchException' });
    assert.equal((await put({ Name: '/digits', AllowedPattern: '^\\d+$', Value: '12' })).Version, 1);
    await assert.rejects(put({ Name: '/digits', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }), { name: 'ValidationException', message: /tags and overwrite can't be used together/ });
    await assert.rejects(put({ Name: '/big', Value: 'x'.repeat(4097) }), { name: 'ValidationException', message: /maximum parameter value of 4096/ });
    await assert.rejects(put({ Name: '/adv', Tier: 'Advanced' }), { name: 'ValidationException' });
    await assert.rejects(put({ Name: '/keyed', KeyId: 'alias/mine' }), { name: 'ValidationException', message: /SecureString/ });
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/digits' })).then(() => put({ Name: '/new-without-type', Type: undefined })), { name: 'ValidationException' });
  });

  it('lists by path (one level, recursive, Type filter, pages) and describes with filters', async () => {
    for (const [name, type] of [['/tree/a', 'String'], ['/tree/b', 'SecureString'], ['/tree/sub/c', 'String'], ['/treex/d', 'String']] as const) {
      await ssm.send(new PutParameterCommand({ Name: name, Value: `value-${name}`, Type: type }));
    }
    const names = async (input: object) => {
      const seen: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ssm.send(new GetParametersByPathCommand({ Path: '/tree', MaxResults: 1, ...input, ...(NextToken && { NextToken }) }));
        seen.push(...(page.Parameters ?? []).map((p) => `${p.Name}=${p.Value}`));
        NextToken = page.NextToken;
      } while (NextToken);
      return seen;
    };
    assert.deepEqual((await names({})).map((n) => n.split('=')[0]), ['/tree/a', '/tree/b']);
    assert.deepEqual((await names({ Recursive: true })).map((n) => n.split('=')[0]), ['/tree/a', '/tree/b', '/tree/sub/c']);
    assert.deepEqual(await names({ Recursive: true, WithDecryption: true, ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] }), ['/tree/b=value-/tree/b']);
    await assert.rejects(ssm.send(new GetParametersByPathCommand({ Path: '/tree', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] })), { name: 'InvalidFilterKey' });
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/tree'] }, { Key: 'Type', Values: ['String'] }] }));
    assert.deepEqual(described.Parameters?.map((p) => p.Name), ['/tree/a', '/tree/sub/c', '/treex/d']);
    const legacy = await ssm.send(new DescribeParametersCommand({ Filters: [{ Key: 'Name', Values: ['/treex'] }] }));
    assert.deepEqual(legacy.Parameters?.map((p) => p.Name), ['/treex/d']);
    const byPath = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/tree'] }], MaxResults: 2 }));
    assert.deepEqual(byPath.Parameters?.map((p) => p.Name), ['/tree/a', '/tree/b']);
    assert.ok(byPath.NextToken);
    await assert.rejects(ssm.send(new DescribeParametersCommand({ Filters: [], ParameterFilters: [] })), { name: 'ValidationException' });
    await assert.rejects(ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Option: 'BeginsWith', Values: ['S'] }] })), { name: 'InvalidFilterOption' });
  });

  it('gets and deletes several at once, naming the invalid ones', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/many/a', Value: '1', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/many/b', Value: '2', Type: 'String' }));
    const got = await ssm.send(new GetParametersCommand({ Names: ['/many/a', '/many/b', '/many/none'] }));
    assert.deepEqual([got.Parameters?.map((p) => p.Value), got.InvalidParameters], [['1', '2'], ['/many/none']]);
    await ssm.send(new DeleteParameterCommand({ Name: '/many/a' }));
    await assert.rejects(ssm.send(new DeleteParameterCommand({ Name: '/many/a' })), { name: 'ParameterNotFound' });
    const deleted = await ssm.send(new DeleteParametersCommand({ Names: ['/many/b', '/many/none'] }));
    assert.deepEqual([deleted.DeletedParameters, deleted.InvalidParameters], [['/many/b'], ['/many/none']]);
  });

  it('keeps parameter values out of the audit trail', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/audited', Value: 'audit-me-not', Type: 'SecureString' }));
    const trail = new CloudTrailClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    clients.push(trail);
    // The trail is written after the answer is sent: wait for the record.
    const record = await waitFor('the PutParameter record', async () => {
      const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutParameter' }] }))).Events ?? [];
      return events.map((e) => e.CloudTrailEvent ?? '').find((e) => e.includes('/audited'));
    });
    assert.ok(record.includes('HIDDEN_DUE_TO_SECURITY_REASONS'));
    assert.ok(!record.includes('audit-me-not'));
    assert.equal((JSON.parse(record) as { eventSource: string }).eventSource, 'ssm.amazonaws.com');
  });

  it('authorizes ssm:<Operation> on parameter ARNs', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/team/a/key', Value: 'ok', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/team/b/key', Value: 'no', Type: 'String' }));
    const reader = client(await makeUser(t, 'ssm-reader', policyOf({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `${ARN}/team/a/*` })));
    assert.equal((await reader.send(new GetParameterCommand({ Name: '/team/a/key' }))).Parameter?.Value, 'ok');
    await assert.rejects(reader.send(new GetParameterCommand({ Name: '/team/b/key' })), { name: 'AccessDeniedException', message: /ssm:GetParameter on resource: .*parameter\/team\/b\/key/ });
    await assert.rejects(reader.send(new PutParameterCommand({ Name: '/team/a/key', Value: 'x', Overwrite: true })), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new GetParametersByPathCommand({ Path: '/team/a' })), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new DescribeParametersCommand({})), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new DeleteParameterCommand({ Name: '/team/a/key' })), { name: 'AccessDeniedException' });
  });

  it('works with the aws CLI', { skip: awsCliAvailable().ok ? false : 'no aws CLI' }, async () => {
    const aws = async (...args: string[]) => JSON.parse((await run('aws', ['ssm', ...args, '--output', 'json'], { env: t.awsEnv() })).stdout || '{}') as Record<string, unknown>;
    assert.deepEqual(await aws('put-parameter', '--name', '/cli/token', '--value', 'cli-secret', '--type', 'SecureString'), { Version: 1, Tier: 'Standard' });
    const got = await aws('get-parameter', '--name', '/cli/token', '--with-decryption') as { Parameter: { Value: string } };
    assert.equal(got.Parameter.Value, 'cli-secret');
    const byPath = await aws('get-parameters-by-path', '--path', '/cli', '--recursive') as { Parameters: { Name: string }[] };
    assert.deepEqual(byPath.Parameters.map((p) => p.Name), ['/cli/token']);
    const failed = await run('aws', ['ssm', 'get-parameter', '--name', '/cli/none'], { env: t.awsEnv() }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((failed as { code: number }).code, 255);
    assert.match((failed as { stderr: string }).stderr, /ParameterNotFound/);
  });
});

describe('SSM Parameter Store across a restart', () => {
  it('reads SecureStrings back after the server restarts on the same data directory', async () => {
    const first = await startTestServer();
    const dataDir = first.dataDir;
    const ssm1 = new SSMClient({ endpoint: first.url, region: 'us-east-1', credentials: first.credentials, maxAttempts: 1 });
    await ssm1.send(new PutParameterCommand({ Name: '/restart/secret', Value: 'survives', Type: 'SecureString' }));
    ssm1.destroy();
    await first.server.close();
    const second = await startTestServer({ dataDir });
    try {
      const ssm2 = new SSMClient({ endpoint: second.url, region: 'us-east-1', credentials: second.credentials, maxAttempts: 1 });
      assert.equal((await ssm2.send(new GetParameterCommand({ Name: '/restart/secret', WithDecryption: true }))).Parameter?.Value, 'survives');
      ssm2.destroy();
    } finally {
      await second.close();
      const { rm } = await import('node:fs/promises');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
