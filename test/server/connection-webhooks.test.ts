/**
 * Webhook deliveries to a connection on a real server, with a real "external" git server (bare
 * repositories behind a file:// URL): GitHub, GitLab and Gitea/Forgejo fixtures are verified,
 * translated and routed to a V2 pipeline whose trigger filters decide; each started execution is
 * pinned to the pushed commit. Bad or missing signatures are refused with 401 and change nothing;
 * replayed deliveries start nothing.
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { ListPipelineExecutionsCommand, type CodePipelineClient, type PipelineExecutionSummary } from '@aws-sdk/client-codepipeline';
import { CodeStarConnectionsClient, CreateConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { callConnections } from '../../src/cli/connections/signed-call.ts';
import { makeExternalRepo, type ExternalRepo } from '../support/external-git.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const SECRET = 'webhook-secret-for-tests';
const PIPELINE = 'connected-app';

async function fixture(name: string, values: Record<string, string | string[]>): Promise<string> {
  let text = await readFile(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8');
  for (const [key, value] of Object.entries(values)) {
    text = text.replaceAll(typeof value === 'string' ? `__${key}__` : `"__${key}__"`, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return text;
}

const hmac = (body: string, secret = SECRET): string => createHmac('sha256', secret).update(body).digest('hex');

function pipelineOf(connectionArn: string): object {
  return {
    name: PIPELINE, pipelineType: 'V2', roleArn: 'arn:aws:iam::000000000000:role/pipeline', artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [{
        name: 'Source', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
        configuration: { ConnectionArn: connectionArn, FullRepositoryId: 'octo/app', BranchName: 'main' }, outputArtifacts: [{ name: 'Src' }],
      }] },
      { name: 'Gate', actions: [{ name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
    triggers: [{ providerType: 'CodeStarSourceConnection', gitConfiguration: {
      sourceActionName: 'Source',
      push: [{ branches: { includes: ['main'] }, filePaths: { includes: ['src/**'] } }, { tags: { includes: ['v*'] } }],
      pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: { includes: ['main'] } }],
    } }],
  };
}

describe('connection webhooks', () => {
  let t: TestServer;
  let repo: ExternalRepo;
  let codepipeline: CodePipelineClient;
  let connections: CodeStarConnectionsClient;
  let connectionArn: string;
  let hookUrl: string;

  const deliver = (headers: Record<string, string>, body: string, url = hookUrl) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const webhookExecutions = async (): Promise<PipelineExecutionSummary[]> => ((await codepipeline.send(
    new ListPipelineExecutionsCommand({ pipelineName: PIPELINE }))).pipelineExecutionSummaries ?? []).filter((e) => e.trigger?.triggerType === 'WebhookV2');
  const github = (event: string, body: string, delivery = randomUUID(), signature = `sha256=${hmac(body)}`) =>
    deliver({ 'x-github-event': event, 'x-github-delivery': delivery, 'x-hub-signature-256': signature }, body);
  /** The commit an execution is pinned to (its source revision override, recorded when it started). */
  const pinnedCommit = async (pipelineExecutionId: string | undefined): Promise<string | undefined> =>
    (await t.server.runtime.store.executions.get(PIPELINE, pipelineExecutionId ?? ''))?.sourceRevisions.find((r) => r.actionName === 'Source')?.revisionValue;
  const pushed = async (files: Record<string, string>): Promise<{ before: string; after: string }> => {
    const before = await repo.head();
    return { before, after: await repo.commit(files) };
  };

  before(async () => {
    t = await startTestServer({ gitPollIntervalMs: 0 });
    repo = await makeExternalRepo();
    await repo.commit({ 'README.md': 'hello\n' });
    codepipeline = t.codepipeline();
    connections = new CodeStarConnectionsClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    connectionArn = (await connections.send(new CreateConnectionCommand({ ConnectionName: 'external', ProviderType: 'GitHub' }))).ConnectionArn ?? '';
    const answer = await callConnections({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 }, 'UpdateConnectionCredentials',
      { ConnectionArn: connectionArn, Url: repo.baseUrl, WebhookSecret: SECRET });
    hookUrl = String(answer.WebhookUrl);
    const { CreatePipelineCommand } = await import('@aws-sdk/client-codepipeline');
    await codepipeline.send(new CreatePipelineCommand({ pipeline: pipelineOf(connectionArn) as never }));
  });
  after(async () => {
    connections.destroy();
    await t.close();
  });

  it('starts the pipeline for a signed GitHub push that passes the filters, pinned to the pushed commit', async () => {
    const { before: from, after: to } = await pushed({ 'src/app.ts': 'export {};\n' });
    const body = await fixture('github-push', { BEFORE: from, AFTER: to, ADDED: ['src/app.ts'], MODIFIED: [] });
    const response = await github('push', body);
    assert.equal(response.status, 200);
    const answer = await response.json() as { executions: { pipelineName: string; pipelineExecutionId: string }[] };
    assert.deepEqual(answer.executions.map((e) => e.pipelineName), [PIPELINE]);
    const [execution] = (await webhookExecutions()).filter((e) => e.pipelineExecutionId === answer.executions[0]?.pipelineExecutionId);
    assert.equal(execution?.trigger?.triggerType, 'WebhookV2');
    assert.equal(await pinnedCommit(execution?.pipelineExecutionId), to);
  });

  it('refuses a replayed delivery with 401 and starts nothing', async () => {
    const { before: from, after: to } = await pushed({ 'src/replay.ts': '1\n' });
    const body = await fixture('github-push', { BEFORE: from, AFTER: to, ADDED: ['src/replay.ts'], MODIFIED: [] });
    const delivery = randomUUID();
    assert.equal(((await (await github('push', body, delivery)).json()) as { executions: unknown[] }).executions.length, 1);
    const count = (await webhookExecutions()).length;
    const replay = await github('push', body, delivery);
    assert.equal(replay.status, 401);
    assert.match(((await replay.json()) as { error: { message: string } }).error.message, /already received/);
    assert.equal((await webhookExecutions()).length, count);
  });

  it('refuses bad and missing signatures with 401, changing nothing and remembering no delivery', async () => {
    const { before: from, after: to } = await pushed({ 'src/refused.ts': '1\n' });
    const body = await fixture('github-push', { BEFORE: from, AFTER: to, ADDED: ['src/refused.ts'], MODIFIED: [] });
    const count = (await webhookExecutions()).length;
    const delivery = randomUUID();
    assert.equal((await github('push', body, delivery, `sha256=${hmac(body, 'wrong-secret')}`)).status, 401);
    assert.equal((await deliver({ 'x-github-event': 'push', 'x-github-delivery': delivery }, body)).status, 401);
    assert.equal((await github('push', `${body} `, delivery, `sha256=${hmac(body)}`)).status, 401, 'a body changed after signing');
    assert.equal((await webhookExecutions()).length, count);
    const accepted = await (await github('push', body, delivery)).json() as { executions: unknown[] };
    assert.equal(accepted.executions.length, 1, 'the refused deliveries did not use up the delivery id');
  });

  it('takes payloads larger than the API\'s 4 MiB body limit, up to its own 25 MiB', async () => {
    const { before: from, after: to } = await pushed({ 'src/big.ts': '1\n' });
    const body = await fixture('github-push', { BEFORE: from, AFTER: to, ADDED: ['src/big.ts'], MODIFIED: [] });
    // A push with many commits: the payload grows past 4 MiB (JSON allows any whitespace).
    const big = body.replace(/}\s*$/, `${' '.repeat(6 * 1024 * 1024)}}`);
    const response = await github('push', big);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { executions: unknown[] }).executions.length, 1);
  });

  it('starts nothing for a push whose files the trigger filter excludes', async () => {
    const { before: from, after: to } = await pushed({ 'docs/guide.md': 'words\n' });
    const body = await fixture('github-push', { BEFORE: from, AFTER: to, ADDED: ['docs/guide.md'], MODIFIED: [] });
    assert.deepEqual(await (await github('push', body)).json(), { executions: [] });
  });

  it('computes the changed files from the mirror when the payload does not list them all', async () => {
    const { before: from, after: to } = await pushed({ 'src/forced.ts': '1\n' });
    const body = (await fixture('github-push', { BEFORE: from, AFTER: to, ADDED: [], MODIFIED: [] })).replace('"forced": false', '"forced": true');
    const answer = await (await github('push', body)).json() as { executions: unknown[] };
    assert.equal(answer.executions.length, 1, 'src/forced.ts came from git diff, not the (empty) payload list');
    // Unknown files would pass the filter: only a computed list can refuse this docs-only push.
    const docs = await pushed({ 'docs/forced.md': '1\n' });
    const docsBody = (await fixture('github-push', { BEFORE: docs.before, AFTER: docs.after, ADDED: [], MODIFIED: [] })).replace('"forced": false', '"forced": true');
    assert.deepEqual(await (await github('push', docsBody)).json(), { executions: [] });
  });

  it('pins a pushed annotated tag to the commit it tags', async () => {
    const commit = await repo.commit({ 'CHANGELOG.md': 'v1\n' });
    const tagObject = await repo.tag('v1.0.0');
    assert.notEqual(tagObject, commit);
    const body = (await fixture('github-push', { BEFORE: '0'.repeat(40), AFTER: tagObject, ADDED: [], MODIFIED: [] }))
      .replace('"ref": "refs/heads/main"', '"ref": "refs/tags/v1.0.0"').replace('"created": false', '"created": true');
    const answer = await (await github('push', body)).json() as { executions: { pipelineExecutionId: string }[] };
    assert.equal(answer.executions.length, 1);
    assert.equal(await pinnedCommit(answer.executions[0]?.pipelineExecutionId), commit);
  });

  it('starts the pipeline for a GitHub pull request opened against main', async () => {
    const base = await repo.commit({ 'src/base.ts': '1\n' });
    const head = await repo.commit({ 'src/feature.ts': '1\n' }, 'feature/x');
    const body = await fixture('github-pull-request', { HEAD: head, BASE: base });
    const answer = await (await github('pull_request', body)).json() as { executions: { pipelineExecutionId: string }[] };
    assert.equal(answer.executions.length, 1);
    assert.equal(await pinnedCommit(answer.executions[0]?.pipelineExecutionId), head);
    const closedLabel = body.replace('"action": "opened"', '"action": "labeled"');
    assert.deepEqual(await (await github('pull_request', closedLabel)).json(), { ignored: 'pull_request action labeled' });
  });

  it('accepts GitLab push and merge request hooks with the right token only', async () => {
    const { before: from, after: to } = await pushed({ 'src/gitlab.ts': '1\n' });
    const body = await fixture('gitlab-push', { BEFORE: from, AFTER: to, ADDED: ['src/gitlab.ts'], MODIFIED: [] });
    const headers = (token: string) => ({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': randomUUID(), 'x-gitlab-token': token });
    assert.equal((await deliver(headers('not-the-secret'), body)).status, 401);
    const answer = await (await deliver(headers(SECRET), body)).json() as { executions: { pipelineExecutionId: string }[] };
    assert.equal(answer.executions.length, 1);
    const head = await repo.commit({ 'src/mr.ts': '1\n' }, 'feature/x');
    const mr = await fixture('gitlab-merge-request', { HEAD: head });
    const opened = await (await deliver({ ...headers(SECRET), 'x-gitlab-event': 'Merge Request Hook' }, mr)).json() as { executions: unknown[] };
    assert.equal(opened.executions.length, 1);
  });

  it('accepts Gitea and Forgejo deliveries signed with the secret only', async () => {
    const { before: from, after: to } = await pushed({ 'src/gitea.ts': '1\n' });
    const body = await fixture('gitea-push', { BEFORE: from, AFTER: to, ADDED: ['src/gitea.ts'], MODIFIED: [] });
    const gitea = { 'x-gitea-event': 'push', 'x-gitea-delivery': randomUUID(), 'x-github-event': 'push' };
    assert.equal((await deliver({ ...gitea, 'x-gitea-signature': hmac(body, 'wrong') }, body)).status, 401);
    const answer = await (await deliver({ ...gitea, 'x-gitea-signature': hmac(body) }, body)).json() as { executions: unknown[] };
    assert.equal(answer.executions.length, 1);
    const base = await repo.commit({ 'src/base2.ts': '1\n' });
    const head = await repo.commit({ 'src/sync.ts': '1\n' }, 'feature/x');
    const pr = await fixture('gitea-pull-request', { HEAD: head, BASE: base });
    const forgejo = { 'x-forgejo-event': 'pull_request', 'x-forgejo-delivery': randomUUID() };
    assert.equal((await deliver({ ...forgejo, 'x-forgejo-signature': hmac(pr, 'wrong') }, pr)).status, 401);
    const synced = await (await deliver({ ...forgejo, 'x-forgejo-signature': hmac(pr) }, pr)).json() as { executions: unknown[] };
    assert.equal(synced.executions.length, 1);
  });

  it('answers pings, unknown connections and unknown senders', async () => {
    const ping = await fixture('github-ping', {});
    assert.deepEqual(await (await github('ping', ping)).json(), { ping: true });
    const unknown = hookUrl.replace(/[0-9a-f-]{36}$/, randomUUID());
    assert.equal((await deliver({ 'x-github-event': 'ping', 'x-github-delivery': 'd', 'x-hub-signature-256': `sha256=${hmac(ping)}` }, ping, unknown)).status, 404);
    assert.equal((await deliver({}, ping)).status, 400);
    const pending = (await connections.send(new CreateConnectionCommand({ ConnectionName: 'no-secret', ProviderType: 'GitHub' }))).ConnectionArn ?? '';
    const pendingUrl = hookUrl.replace(/[0-9a-f-]{36}$/, pending.split('/').at(-1) ?? '');
    const refused = await deliver({ 'x-github-event': 'ping', 'x-github-delivery': 'd', 'x-hub-signature-256': `sha256=${hmac(ping)}` }, ping, pendingUrl);
    assert.equal(refused.status, 401);
    assert.match(((await refused.json()) as { error: { message: string } }).error.message, /no webhook secret/);
  });
});
