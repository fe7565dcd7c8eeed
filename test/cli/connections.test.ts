/**
 * `sluice connections complete` as a user runs it: the real binary against a real server, with
 * the admin key from the server's data directory and secrets from the environment.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeStarConnectionsClient, CreateConnectionCommand, GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { sluice as run, type CliResult } from '../support/cli.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('sluice connections complete', () => {
  let t: TestServer;
  let client: CodeStarConnectionsClient;
  const sluice = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    run(['connections', 'complete', ...args], { env: { SLUICE_ENDPOINT: t.url, SLUICE_DATA_DIR: t.dataDir, ...env } });
  const create = async (name: string): Promise<string> =>
    (await client.send(new CreateConnectionCommand({ ConnectionName: name, ProviderType: 'GitHub' }))).ConnectionArn ?? '';

  before(async () => {
    t = await startTestServer({ gitPollIntervalMs: 0 });
    client = new CodeStarConnectionsClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
  });
  after(async () => {
    client.destroy();
    await t.close();
  });

  it('completes a connection with a token from the environment and prints the webhook URL', async () => {
    const arn = await create('cli-token');
    const result = await sluice([arn, '--url', 'https://github.com', '--output', 'json'], { SLUICE_GIT_TOKEN: 'ghp_cli-token', SLUICE_WEBHOOK_SECRET: 'cli-webhook-secret' });
    assert.equal(result.code, 0, result.stderr);
    const answer = JSON.parse(result.stdout) as { ConnectionArn: string; ConnectionStatus: string; WebhookUrl: string };
    assert.deepEqual(answer, { ConnectionArn: arn, ConnectionStatus: 'AVAILABLE', WebhookUrl: `${t.url}/connections/webhooks/${arn.split('/').at(-1) ?? ''}` });
    assert.equal((await client.send(new GetConnectionCommand({ ConnectionArn: arn }))).Connection?.ConnectionStatus, 'AVAILABLE');
  });

  it('reads an ssh key from a file and tells that the repositories will be polled without a webhook secret', async () => {
    const arn = await create('cli-ssh');
    const key = join(t.dataDir, 'id_test');
    await writeFile(key, '-----BEGIN OPENSSH PRIVATE KEY-----\nnot-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n');
    const result = await sluice([arn, '--url', 'ssh://git@git.example.com', '--ssh-key', key]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /AVAILABLE/);
    assert.match(result.stdout, /polls the repositories/);
  });

  it('prints the request with secrets hidden on --dry-run, and sends nothing', async () => {
    const arn = await create('cli-dry');
    const result = await sluice([arn, '--url', 'https://gitlab.com', '--username', 'bot', '--password', 'pw-never-shown', '--dry-run']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { UpdateConnectionCredentials: { ConnectionArn: arn, Url: 'https://gitlab.com', Username: 'bot', Password: '***' } });
    assert.equal((await client.send(new GetConnectionCommand({ ConnectionArn: arn }))).Connection?.ConnectionStatus, 'PENDING');
  });

  it('reports the server\'s error in one line and exits non-zero', async () => {
    const missing = 'arn:aws:codestar-connections:us-east-1:000000000000:connection/00000000-0000-0000-0000-000000000000';
    const result = await sluice([missing, '--url', 'https://github.com'], { SLUICE_GIT_TOKEN: 't0ken-value' });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /ResourceNotFoundException: Connection .* does not exist/);
    const both = await sluice([missing, '--url', 'https://github.com', '--token', 'a', '--password', 'b']);
    assert.notEqual(both.code, 0);
    assert.match(both.stderr, /one of --token, --password or --ssh-key/);
  });
});
