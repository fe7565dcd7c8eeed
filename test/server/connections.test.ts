/**
 * The CodeStar Connections API on a real server, through `@aws-sdk/client-codestar-connections`,
 * the renamed CodeConnections name and the `aws codestar-connections` CLI: every operation with
 * its success and error cases, the Sluice extension UpdateConnectionCredentials (PENDING →
 * AVAILABLE, secrets sealed, never answered, hidden from the audit trail), and authorization on
 * connection ARNs.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CodeStarConnectionsClient, CreateConnectionCommand, CreateHostCommand, DeleteConnectionCommand, DeleteHostCommand, GetConnectionCommand,
  GetHostCommand, ListConnectionsCommand, ListHostsCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-codestar-connections';
import { callConnections } from '../../src/cli/connections/signed-call.ts';
import { makeUser, policyOf, type Credentials } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { awsCliAvailable, waitFor } from '../compat/support.ts';

const run = promisify(execFile);
const ARN = /^arn:aws:codestar-connections:us-east-1:000000000000:connection\/[0-9a-f-]{36}$/;

describe('CodeStar Connections API', () => {
  let t: TestServer;
  let client: CodeStarConnectionsClient;
  const clients: { destroy(): void }[] = [];
  const connectionsClient = (credentials: Credentials = t.credentials): CodeStarConnectionsClient => {
    const c = new CodeStarConnectionsClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  const complete = (input: object, credentials: Credentials = t.credentials) =>
    callConnections({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 }, 'UpdateConnectionCredentials', input);

  before(async () => {
    t = await startTestServer({ gitPollIntervalMs: 0 });
    client = connectionsClient();
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await t.close();
  });

  it('creates a PENDING connection, reads, lists, and deletes it', async () => {
    const created = await client.send(new CreateConnectionCommand({ ConnectionName: 'web', ProviderType: 'GitHub', Tags: [{ Key: 'team', Value: 'web' }] }));
    assert.match(created.ConnectionArn ?? '', ARN);
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'web' }]);
    const { Connection: got } = await client.send(new GetConnectionCommand({ ConnectionArn: created.ConnectionArn }));
    assert.deepEqual(got, { ConnectionName: 'web', ConnectionArn: created.ConnectionArn, ProviderType: 'GitHub', OwnerAccountId: '000000000000', ConnectionStatus: 'PENDING' });
    await assert.rejects(client.send(new CreateConnectionCommand({ ConnectionName: 'web', ProviderType: 'GitLab' })), { name: 'ConflictException' });
    await client.send(new DeleteConnectionCommand({ ConnectionArn: created.ConnectionArn }));
    await assert.rejects(client.send(new GetConnectionCommand({ ConnectionArn: created.ConnectionArn })), { name: 'ResourceNotFoundException' });
    await assert.rejects(client.send(new DeleteConnectionCommand({ ConnectionArn: created.ConnectionArn })), { name: 'ResourceNotFoundException' });
  });

  it('refuses bad input with AWS error types and creates nothing', async () => {
    const before = (await client.send(new ListConnectionsCommand({}))).Connections?.length;
    await assert.rejects(client.send(new CreateConnectionCommand({ ConnectionName: 'x'.repeat(33), ProviderType: 'GitHub' })),
      { name: 'ValidationException', message: /Member must have length less than or equal to 32/ });
    await assert.rejects(client.send(new CreateConnectionCommand({ ConnectionName: 'nohost', ProviderType: 'GitLabSelfManaged' })),
      { name: 'ValidationException', message: /needs a HostArn/ });
    await assert.rejects(client.send(new CreateConnectionCommand({ ConnectionName: 'noprovider' })), { name: 'ValidationException', message: /ProviderType or HostArn/ });
    await assert.rejects(client.send(new CreateConnectionCommand({
      ConnectionName: 'ghosthost', HostArn: 'arn:aws:codestar-connections:us-east-1:000000000000:host/ghost-12345678',
    })), { name: 'ResourceNotFoundException' });
    await assert.rejects(client.send(new GetConnectionCommand({ ConnectionArn: 'arn:aws:codestar-connections:us-east-1:000000000000:connection/nope' })), { name: 'ResourceNotFoundException' });
    assert.equal((await client.send(new ListConnectionsCommand({}))).Connections?.length, before);
  });

  it('lists connections by page and by provider and host filters', async () => {
    const { HostArn: hostArn } = await client.send(new CreateHostCommand({ Name: 'corp-gitlab', ProviderType: 'GitLabSelfManaged', ProviderEndpoint: 'https://git.corp.example' }));
    for (const name of ['p-a', 'p-b', 'p-c']) await client.send(new CreateConnectionCommand({ ConnectionName: name, ProviderType: 'Bitbucket' }));
    await client.send(new CreateConnectionCommand({ ConnectionName: 'p-self', HostArn: hostArn }));
    const first = await client.send(new ListConnectionsCommand({ ProviderTypeFilter: 'Bitbucket', MaxResults: 2 }));
    assert.deepEqual(first.Connections?.map((c) => c.ConnectionName), ['p-a', 'p-b']);
    const second = await client.send(new ListConnectionsCommand({ ProviderTypeFilter: 'Bitbucket', MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual([second.Connections?.map((c) => c.ConnectionName), second.NextToken], [['p-c'], undefined]);
    const byHost = await client.send(new ListConnectionsCommand({ HostArnFilter: hostArn }));
    assert.deepEqual(byHost.Connections?.map((c) => [c.ConnectionName, c.ProviderType, c.HostArn]), [['p-self', 'GitLabSelfManaged', hostArn]]);
    await assert.rejects(client.send(new ListConnectionsCommand({ NextToken: 'bogus' })), { name: 'ValidationException' });
  });

  it('creates, reads, lists and deletes hosts', async () => {
    const { HostArn: arn } = await client.send(new CreateHostCommand({ Name: 'ghe', ProviderType: 'GitHubEnterpriseServer', ProviderEndpoint: 'https://ghe.example', Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.match(arn ?? '', /^arn:aws:codestar-connections:us-east-1:000000000000:host\/ghe-[0-9a-f]{8}$/);
    const got = await client.send(new GetHostCommand({ HostArn: arn }));
    assert.deepEqual([got.Name, got.Status, got.ProviderType, got.ProviderEndpoint], ['ghe', 'AVAILABLE', 'GitHubEnterpriseServer', 'https://ghe.example']);
    assert.ok((await client.send(new ListHostsCommand({}))).Hosts?.some((h) => h.HostArn === arn && h.Name === 'ghe'));
    await assert.rejects(client.send(new CreateHostCommand({ Name: 'gh', ProviderType: 'GitHub', ProviderEndpoint: 'https://github.com' })), { name: 'ValidationException' });
    await client.send(new DeleteHostCommand({ HostArn: arn }));
    await assert.rejects(client.send(new GetHostCommand({ HostArn: arn })), { name: 'ResourceNotFoundException' });
  });

  it('tags and untags connections and hosts', async () => {
    const { ConnectionArn: arn } = await client.send(new CreateConnectionCommand({ ConnectionName: 'tagged', ProviderType: 'GitLab' }));
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'a', Value: '3' }] }));
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['b'] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'a', Value: '3' }]);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await assert.rejects(client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tooMany })), { name: 'LimitExceededException', message: /at most 50 tags/ });
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'a', Value: '3' }]);
    await assert.rejects(client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:codestar-connections:us-east-1:000000000000:connection/00000000-0000-0000-0000-000000000000' })), { name: 'ResourceNotFoundException' });
  });

  it('completes a connection with git access: AVAILABLE, secrets never answered nor audited', async () => {
    const { ConnectionArn: arn } = await client.send(new CreateConnectionCommand({ ConnectionName: 'completed', ProviderType: 'GitHub' }));
    await assert.rejects(complete({ ConnectionArn: arn, Url: 'https://user:pw@github.com', Token: 't' }), { name: 'ValidationException', message: /must not hold credentials/ });
    await assert.rejects(complete({ ConnectionArn: arn, Url: 'file:///srv/git', Token: 'tok-123456' }), { name: 'ValidationException', message: /need an http\(s\) Url/ });
    for (const inside of [pathToFileURL(t.dataDir).href, pathToFileURL(join(t.dataDir, 'repos')).href, pathToFileURL(dirname(t.dataDir)).href]) {
      await assert.rejects(complete({ ConnectionArn: arn, Url: inside }), { name: 'ValidationException', message: /reaches Sluice's own data directory/ }, inside);
    }
    await assert.rejects(complete({ ConnectionArn: arn, Url: 'https://github.com', Token: 'a', Password: 'b', Username: 'u' }), { name: 'ValidationException', message: /one credential/ });
    await assert.rejects(complete({ ConnectionArn: arn, Url: 'https://github.com', WebhookSecret: 'short' }), { name: 'ValidationException', message: /WebhookSecret/ });
    assert.equal((await client.send(new GetConnectionCommand({ ConnectionArn: arn }))).Connection?.ConnectionStatus, 'PENDING');
    const answer = await complete({ ConnectionArn: arn, Url: 'https://github.com/', Token: 'ghp_do-not-leak-1', WebhookSecret: 'hook-secret-do-not-leak' });
    const id = arn?.split('/').at(-1);
    assert.deepEqual(answer, { ConnectionArn: arn, ConnectionStatus: 'AVAILABLE', WebhookUrl: `${t.url}/connections/webhooks/${id}` });
    const { Connection: got } = await client.send(new GetConnectionCommand({ ConnectionArn: arn }));
    assert.equal(got?.ConnectionStatus, 'AVAILABLE');
    assert.ok(!JSON.stringify(got).includes('do-not-leak'));
    const database = await readFile(`${t.dataDir}/sluice.db`).catch(() => Buffer.alloc(0));
    assert.ok(!database.includes('ghp_do-not-leak-1'), 'the token is stored sealed');
    const trail = new CloudTrailClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    clients.push(trail);
    const record = await waitFor('the audit record', async () => {
      const events = (await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateConnectionCredentials' }] }))).Events ?? [];
      return events.map((e) => e.CloudTrailEvent ?? '').find((e) => e.includes('AVAILABLE') || e.includes('ghp_') || e.includes('HIDDEN'));
    });
    assert.ok(record.includes('HIDDEN_DUE_TO_SECURITY_REASONS'));
    assert.ok(!record.includes('do-not-leak'));
  });

  it('serves the renamed CodeConnections API on the same connections', async () => {
    const { ConnectionArn: arn } = await client.send(new CreateConnectionCommand({ ConnectionName: 'renamed', ProviderType: 'GitHub' }));
    const signed = await fetch(t.url, { method: 'POST', headers: { 'x-amz-target': 'com.amazonaws.codeconnections.CodeConnections_20231201.GetConnection' } });
    assert.equal(signed.status, 403, 'unsigned calls are refused');
    const answer = await callConnections({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 }, 'GetConnection', { ConnectionArn: arn }, 'codeconnections');
    assert.equal((answer.Connection as { ConnectionName: string }).ConnectionName, 'renamed');
    const created = await callConnections({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 }, 'CreateConnection', { ConnectionName: 'renamed-2', ProviderType: 'GitLab' }, 'codeconnections');
    assert.match(String(created.ConnectionArn), /^arn:aws:codeconnections:us-east-1:000000000000:connection\//);
    const viaOldName = await client.send(new GetConnectionCommand({ ConnectionArn: String(created.ConnectionArn) }));
    assert.equal(viaOldName.Connection?.ConnectionName, 'renamed-2');
    assert.equal(signed.headers.get('content-type'), 'application/x-amz-json-1.0');
  });

  it('authorizes codestar-connections:<Operation> on the connection ARN', async () => {
    const { ConnectionArn: allowed } = await client.send(new CreateConnectionCommand({ ConnectionName: 'allowed', ProviderType: 'GitHub' }));
    const { ConnectionArn: denied } = await client.send(new CreateConnectionCommand({ ConnectionName: 'denied', ProviderType: 'GitHub' }));
    const reader = connectionsClient(await makeUser(t, 'conn-reader', policyOf(
      { Effect: 'Allow', Action: ['codestar-connections:GetConnection', 'codestar-connections:UpdateConnectionCredentials'], Resource: allowed },
    )));
    assert.equal((await reader.send(new GetConnectionCommand({ ConnectionArn: allowed }))).Connection?.ConnectionName, 'allowed');
    await assert.rejects(reader.send(new GetConnectionCommand({ ConnectionArn: denied })), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new DeleteConnectionCommand({ ConnectionArn: allowed })), { name: 'AccessDeniedException' });
    await assert.rejects(reader.send(new ListConnectionsCommand({})), { name: 'AccessDeniedException' });
    assert.equal((await client.send(new GetConnectionCommand({ ConnectionArn: allowed }))).Connection?.ConnectionName, 'allowed');
  });

  it('works with the aws CLI', { skip: awsCliAvailable().ok ? false : 'no aws CLI' }, async () => {
    const aws = async (...args: string[]) => JSON.parse((await run('aws', ['codestar-connections', ...args, '--output', 'json'], { env: t.awsEnv() })).stdout || '{}') as Record<string, unknown>;
    const created = await aws('create-connection', '--connection-name', 'cli', '--provider-type', 'GitLab') as { ConnectionArn: string };
    assert.match(created.ConnectionArn, ARN);
    const got = await aws('get-connection', '--connection-arn', created.ConnectionArn) as { Connection: { ConnectionStatus: string } };
    assert.equal(got.Connection.ConnectionStatus, 'PENDING');
    const listed = await aws('list-connections', '--provider-type-filter', 'GitLab') as { Connections: { ConnectionName: string }[] };
    assert.ok(listed.Connections.some((c) => c.ConnectionName === 'cli'));
    await aws('tag-resource', '--resource-arn', created.ConnectionArn, '--tags', 'Key=env,Value=prod');
    assert.deepEqual(await aws('list-tags-for-resource', '--resource-arn', created.ConnectionArn), { Tags: [{ Key: 'env', Value: 'prod' }] });
    await aws('delete-connection', '--connection-arn', created.ConnectionArn);
    const failed = await run('aws', ['codestar-connections', 'get-connection', '--connection-arn', created.ConnectionArn], { env: t.awsEnv() }).catch((e: { code: number; stderr: string }) => e);
    assert.equal((failed as { code: number }).code, 255);
    assert.match((failed as { stderr: string }).stderr, /ResourceNotFoundException/);
  });
});
