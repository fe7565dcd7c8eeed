/**
 * Webhooks end to end: PutWebhook and friends through the AWS SDK client, deliveries to the URL
 * Sluice hands out with plain fetch, as GitHub would send them. A delivery that starts the pipeline
 * shows up in ListPipelineExecutions with trigger `Webhook` and the webhook's ARN.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand, DeletePipelineCommand, DeleteWebhookCommand, DeregisterWebhookWithThirdPartyCommand,
  ListPipelineExecutionsCommand, ListWebhooksCommand, PutWebhookCommand, RegisterWebhookWithThirdPartyCommand,
  type ActionDeclaration, type CodePipelineClient, type ListWebhookItem, type PipelineDeclaration, type WebhookDefinition,
} from '@aws-sdk/client-codepipeline';
import { startTestServer, type TestServer } from '../support/server.ts';

const ACCOUNT = '000000000000';
const SECRET = 'correct horse battery staple';
const PUSH_MAIN = JSON.stringify({ ref: 'refs/heads/main', repository: { name: 'app' }, after: 'abc123' });

function pipeline(name: string, source: { provider: 'GitHub' | 'CodeCommit'; branch: string }): PipelineDeclaration {
  const action: Pick<ActionDeclaration, 'actionTypeId' | 'configuration'> = source.provider === 'GitHub'
    ? { actionTypeId: { category: 'Source' as const, owner: 'ThirdParty' as const, provider: 'GitHub', version: '1' },
      configuration: { Owner: 'octo', Repo: 'app', Branch: source.branch, OAuthToken: 'gh-token', PollForSourceChanges: 'false' } }
    : { actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeCommit', version: '1' },
      configuration: { RepositoryName: 'app', BranchName: source.branch } };
  return {
    name, roleArn: `arn:aws:iam::${ACCOUNT}:role/p`, artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [{ name: 'Src', ...action, outputArtifacts: [{ name: 'Out' }] }] },
      { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
  };
}

function webhook(name: string, over: Partial<WebhookDefinition> = {}): WebhookDefinition {
  return {
    name, targetPipeline: 'gh', targetAction: 'Src',
    filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
    authentication: 'GITHUB_HMAC', authenticationConfiguration: { SecretToken: SECRET },
    ...over,
  };
}

function sign(body: string, secret = SECRET, algorithm: 'sha256' | 'sha1' = 'sha256'): Record<string, string> {
  const header = algorithm === 'sha256' ? 'x-hub-signature-256' : 'x-hub-signature';
  return { [header]: `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}` };
}

async function deliver(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers }, body });
  return { status: response.status, json: await response.json() as Record<string, unknown> };
}

describe('webhooks', () => {
  let t: TestServer;
  let client: CodePipelineClient;

  async function put(definition: WebhookDefinition, tags?: { key: string; value: string }[]): Promise<ListWebhookItem> {
    const { webhook: item } = await client.send(new PutWebhookCommand({ webhook: definition, ...(tags && { tags }) }));
    assert.ok(item?.url);
    return item;
  }

  /** Executions the webhook started, newest first. */
  async function startedBy(pipelineName: string, arn: string | undefined): Promise<string[]> {
    const { pipelineExecutionSummaries = [] } = await client.send(new ListPipelineExecutionsCommand({ pipelineName }));
    return pipelineExecutionSummaries
      .filter((e) => e.trigger?.triggerType === 'Webhook' && e.trigger.triggerDetail === arn)
      .map((e) => e.pipelineExecutionId ?? '');
  }

  async function listed(name: string): Promise<ListWebhookItem | undefined> {
    const { webhooks = [] } = await client.send(new ListWebhooksCommand({ MaxResults: 100 }));
    return webhooks.find((w) => w.definition?.name === name);
  }

  before(async () => {
    t = await startTestServer();
    client = t.codepipeline();
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('gh', { provider: 'GitHub', branch: 'main' }) }));
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('cc', { provider: 'CodeCommit', branch: 'release' }) }));
  });
  after(() => t.close());

  it('puts a webhook: its URL is served by Sluice, its secret is never answered back', async () => {
    const item = await put(webhook('shape'), [{ key: 'team', value: 'web' }]);
    assert.match(item.url ?? '', new RegExp(`^${t.url}/webhooks/[A-Za-z0-9]{32}$`));
    assert.equal(item.arn, `arn:aws:codepipeline:us-east-1:${ACCOUNT}:webhook:shape`);
    assert.deepEqual(item.definition, { ...webhook('shape'), authenticationConfiguration: { SecretToken: '****' } });
    assert.deepEqual(item.tags, [{ key: 'team', value: 'web' }]);
    assert.equal(item.lastTriggered, undefined);
    assert.deepEqual(await listed('shape'), item);
  });

  it('GITHUB_HMAC: a good SHA-256 signature starts the pipeline with trigger Webhook and records lastTriggered', async () => {
    const item = await put(webhook('hmac'));
    const reply = await deliver(item.url ?? '', PUSH_MAIN, sign(PUSH_MAIN));
    assert.equal(reply.status, 200);
    assert.equal(reply.json.triggered, true);
    assert.deepEqual(await startedBy('gh', item.arn), [reply.json.pipelineExecutionId]);
    const after = await listed('hmac');
    assert.ok(after?.lastTriggered instanceof Date);
    assert.equal(after.errorCode, undefined);
  });

  it('GITHUB_HMAC: the legacy SHA-1 signature is accepted too', async () => {
    const item = await put(webhook('hmac-sha1'));
    const reply = await deliver(item.url ?? '', PUSH_MAIN, sign(PUSH_MAIN, SECRET, 'sha1'));
    assert.equal(reply.status, 200);
    assert.equal((await startedBy('gh', item.arn)).length, 1);
  });

  it('GITHUB_HMAC: a wrong, malformed or missing signature is refused with 403 and starts nothing', async () => {
    const item = await put(webhook('hmac-bad'));
    const url = item.url ?? '';
    for (const headers of [
      sign(PUSH_MAIN, 'wrong secret'),
      sign(`${PUSH_MAIN} `),
      { 'x-hub-signature-256': 'sha256=zz' },
      { 'x-hub-signature-256': sign(PUSH_MAIN, SECRET, 'sha1')['x-hub-signature'] ?? '' },
      // A valid SHA-1 signature does not rescue a wrong SHA-256 one.
      { ...sign(PUSH_MAIN, 'wrong secret'), ...sign(PUSH_MAIN, SECRET, 'sha1') },
      {},
    ]) {
      const reply = await deliver(url, PUSH_MAIN, headers);
      assert.equal(reply.status, 403, JSON.stringify(headers));
      assert.equal((reply.json.error as { code?: string }).code, 'AccessDeniedException');
    }
    assert.deepEqual(await startedBy('gh', item.arn), []);
    assert.equal((await listed('hmac-bad'))?.lastTriggered, undefined);
  });

  it('filters: {Branch} is filled from the target action; a payload that does not match is ignored with 200', async () => {
    const item = await put(webhook('filters', {
      filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }, { jsonPath: "$['repository']['name']", matchEquals: '{Repo}' }],
    }));
    const other = JSON.stringify({ ref: 'refs/heads/feature', repository: { name: 'app' } });
    const ignored = await deliver(item.url ?? '', other, sign(other));
    assert.deepEqual(ignored, { status: 200, json: { triggered: false } });
    assert.deepEqual(await startedBy('gh', item.arn), []);
    const matched = await deliver(item.url ?? '', PUSH_MAIN, sign(PUSH_MAIN));
    assert.equal(matched.json.triggered, true);
    assert.equal((await startedBy('gh', item.arn)).length, 1);
  });

  it('filters: {Branch} takes a CodeCommit action\'s BranchName', async () => {
    const item = await put(webhook('codecommit', {
      targetPipeline: 'cc', authentication: 'UNAUTHENTICATED', authenticationConfiguration: {},
      filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/{Branch}' }],
    }));
    assert.equal((await deliver(item.url ?? '', PUSH_MAIN)).json.triggered, false);
    const release = JSON.stringify({ ref: 'refs/heads/release' });
    assert.equal((await deliver(item.url ?? '', release)).json.triggered, true);
    assert.equal((await startedBy('cc', item.arn)).length, 1);
  });

  it('UNAUTHENTICATED accepts any delivery, including GitHub\'s form-encoded payloads', async () => {
    const item = await put(webhook('open', { authentication: 'UNAUTHENTICATED', authenticationConfiguration: {} }));
    assert.equal((await deliver(item.url ?? '', PUSH_MAIN)).status, 200);
    const form = new URLSearchParams({ payload: PUSH_MAIN }).toString();
    const reply = await deliver(item.url ?? '', form, { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(reply.json.triggered, true);
    assert.equal((await startedBy('gh', item.arn)).length, 2);
    const notJson = await deliver(item.url ?? '', '{not json');
    assert.equal(notJson.status, 400);
    assert.equal((notJson.json.error as { code?: string }).code, 'SerializationException');
  });

  it('IP: a source address inside AllowedIPRange (IPv4 or IPv4-mapped IPv6) is accepted, one outside is refused', async () => {
    for (const [name, range] of [['ip-v4', '127.0.0.0/8'], ['ip-mapped', '::ffff:127.0.0.0/104']] as const) {
      const item = await put(webhook(name, { authentication: 'IP', authenticationConfiguration: { AllowedIPRange: range } }));
      const reply = await deliver(item.url ?? '', PUSH_MAIN);
      assert.equal(reply.status, 200, range);
      assert.equal((await startedBy('gh', item.arn)).length, 1, range);
    }
    const outside = await put(webhook('ip-out', { authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '10.0.0.0/8' } }));
    assert.equal((await deliver(outside.url ?? '', PUSH_MAIN)).status, 403);
    assert.deepEqual(await startedBy('gh', outside.arn), []);
  });

  it('an unknown webhook URL is 404; other methods on it are not routed', async () => {
    const reply = await deliver(`${t.url}/webhooks/NoSuchWebhook0000000000000000000`, PUSH_MAIN);
    assert.equal(reply.status, 404);
    assert.equal((reply.json.error as { code?: string }).code, 'WebhookNotFoundException');
    const item = await put(webhook('get-me', { authentication: 'UNAUTHENTICATED', authenticationConfiguration: {} }));
    assert.equal((await fetch(item.url ?? '')).status, 404);
  });

  it('a replace keeps the URL and tags; sending **** back keeps the secret', async () => {
    const first = await put(webhook('replace'), [{ key: 'k', value: 'v' }]);
    const second = await put(webhook('replace', {
      authenticationConfiguration: { SecretToken: '****' }, filters: [{ jsonPath: '$.after' }],
    }));
    assert.equal(second.url, first.url);
    assert.deepEqual(second.tags, [{ key: 'k', value: 'v' }]);
    assert.deepEqual(second.definition?.filters, [{ jsonPath: '$.after' }]);
    const reply = await deliver(second.url ?? '', PUSH_MAIN, sign(PUSH_MAIN));
    assert.equal(reply.json.triggered, true, 'the stored secret still verifies');
  });

  it('a delivery whose pipeline is gone records the error on the webhook', async () => {
    await client.send(new CreatePipelineCommand({ pipeline: pipeline('doomed', { provider: 'GitHub', branch: 'main' }) }));
    const item = await put(webhook('orphan', { targetPipeline: 'doomed', authentication: 'UNAUTHENTICATED', authenticationConfiguration: {} }));
    await client.send(new DeletePipelineCommand({ name: 'doomed' }));
    const reply = await deliver(item.url ?? '', PUSH_MAIN);
    assert.equal(reply.status, 400);
    assert.equal((reply.json.error as { code?: string }).code, 'PipelineNotFoundException');
    const after = await listed('orphan');
    assert.deepEqual([after?.errorCode, after?.errorMessage], ['PipelineNotFoundException', 'Pipeline doomed not found']);
  });

  it('refuses definitions AWS refuses, with AWS\'s error types', async () => {
    const refused: [WebhookDefinition | (() => Promise<unknown>), string, RegExp][] = [
      [webhook('e1', { targetPipeline: 'missing' }), 'PipelineNotFoundException', /Pipeline missing not found/],
      [webhook('e2', { targetAction: 'Nope' }), 'ValidationException', /Action Nope not found in pipeline gh/],
      [webhook('e3', { targetAction: 'Ok' }), 'ValidationException', /Action Ok of pipeline gh is not a source action/],
      [webhook('e4', { authenticationConfiguration: {} }), 'InvalidWebhookAuthenticationParametersException', /needs a SecretToken/],
      [webhook('e5', { authentication: 'IP', authenticationConfiguration: { AllowedIPRange: '10.0.0.0/33' } }),
        'InvalidWebhookAuthenticationParametersException', /CIDR range/],
      [webhook('e6', { authentication: 'IP', authenticationConfiguration: { AllowedIPRange: 'example.com' } }),
        'InvalidWebhookAuthenticationParametersException', /CIDR range/],
      [webhook('e7', { authentication: 'IP', authenticationConfiguration: {} }), 'InvalidWebhookAuthenticationParametersException', /CIDR/],
      [webhook('e8', { authentication: 'UNAUTHENTICATED', authenticationConfiguration: { SecretToken: 'x' } }),
        'InvalidWebhookAuthenticationParametersException', /take no SecretToken/],
      [webhook('e9', { filters: [{ jsonPath: '$.ref' }, { jsonPath: '$.commits[?(@.id)]' }] }),
        'InvalidWebhookFilterPatternException', /filters\.2\.jsonPath '\$\.commits\[\?\(@\.id\)\]': Filter expressions are not supported/],
      [webhook('e10', { filters: [{ jsonPath: 'ref' }] }), 'InvalidWebhookFilterPatternException', /starts with \$/],
      [webhook('e11', { filters: Array.from({ length: 6 }, () => ({ jsonPath: '$.ref' })) }), 'ValidationException', /length less than or equal to 5/],
      [() => put(webhook('e12'), [{ key: 'aws:owner', value: 'x' }]), 'InvalidTagsException', /reserved prefix aws:/],
      [() => put(webhook('e13'), Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' }))), 'TooManyTagsException', /at most 50/],
    ];
    for (const [definition, name, message] of refused) {
      const attempt = typeof definition === 'function' ? definition() : put(definition);
      await assert.rejects(attempt, (e: Error) => {
        assert.equal(e.name, name);
        assert.match(e.message, message);
        return true;
      });
    }
    const { webhooks = [] } = await client.send(new ListWebhooksCommand({}));
    assert.deepEqual(webhooks.filter((w) => /^e\d+$/.test(w.definition?.name ?? '')), [], 'nothing refused was stored');
  });

  it('register and deregister check that the webhook exists; delete is idempotent', async () => {
    await put(webhook('lifecycle'));
    await client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'lifecycle' }));
    await client.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'lifecycle' }));
    await client.send(new DeleteWebhookCommand({ name: 'lifecycle' }));
    await client.send(new DeleteWebhookCommand({ name: 'lifecycle' }));
    assert.equal(await listed('lifecycle'), undefined);
    await assert.rejects(client.send(new RegisterWebhookWithThirdPartyCommand({ webhookName: 'lifecycle' })),
      { name: 'WebhookNotFoundException', message: 'Webhook lifecycle not found' });
    await assert.rejects(client.send(new DeregisterWebhookWithThirdPartyCommand({ webhookName: 'lifecycle' })), { name: 'WebhookNotFoundException' });
    await assert.rejects(client.send(new RegisterWebhookWithThirdPartyCommand({})), { name: 'ValidationException' });
  });

  it('ListWebhooks pages with PascalCase MaxResults and NextToken', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await put(webhook(name));
    const all: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListWebhooksCommand({ MaxResults: 2, ...(NextToken !== undefined && { NextToken }) }));
      assert.ok((page.webhooks ?? []).length <= 2);
      all.push(...(page.webhooks ?? []).map((w) => w.definition?.name ?? ''));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    assert.deepEqual(all, [...all].sort());
    assert.ok(['page-a', 'page-b', 'page-c'].every((n) => all.includes(n)));
    await assert.rejects(client.send(new ListWebhooksCommand({ NextToken: 'bogus' })), { name: 'InvalidNextTokenException' });
    // On the wire the members are PascalCase both ways.
    const raw = await client.send(new ListWebhooksCommand({ MaxResults: 1 }));
    assert.equal(typeof raw.NextToken, 'string');
  });
});
