/**
 * The console's pipeline pages in real Chromium against a real server: sign-in and sign-out, the
 * pipelines list, an execution moving live, approving, retrying a failed stage, stopping, and a
 * user whose policy forbids an action seeing the API's denial with nothing changed. Every test
 * fails on a console error, a failed request or an unexpected error answer.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readFile } from 'node:fs/promises';
import {
  CreatePipelineCommand, GetPipelineCommand, GetPipelineExecutionCommand, GetPipelineStateCommand, ListPipelineExecutionsCommand,
  ListPipelinesCommand, PutApprovalResultCommand, UpdatePipelineCommand, type CodePipelineClient,
} from '@aws-sdk/client-codepipeline';
import { APPROVAL, createApprovalPipeline } from '../support/approval-pipeline.ts';
import type { Browser } from 'playwright-core';
import { waitFor } from '../compat/support.ts';
import { makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { buildAssets, launchBrowser, openConsole, signInWithKey, skipReason, type ConsolePage } from './support/browser.ts';

const skip = skipReason();

describe('console: pipelines', { skip }, () => {
  let t: TestServer;
  let browser: Browser;
  let cp: CodePipelineClient;
  let assets: Awaited<ReturnType<typeof buildAssets>>;
  const open: ConsolePage[] = [];

  before(async () => {
    assets = await buildAssets();
    // One at a time: a browser left running (if the server failed to start) would keep the test process alive.
    browser = await launchBrowser();
    t = await startTestServer({ console: { assetsDir: assets.dir } });
    cp = t.codepipeline();
  });
  after(async () => {
    await Promise.all(open.map((p) => p.close()));
    await browser?.close();
    await t?.close();
    await assets?.remove();
  });

  async function consolePage(hash = '', options?: Parameters<typeof openConsole>[2]): Promise<ConsolePage> {
    const c = await openConsole(browser, t.url, options);
    open.push(c);
    await c.page.goto(`/${hash}`);
    return c;
  }

  /** The approval token once the pipeline's run waits at Gate/Review. */
  async function waitingApproval(name: string): Promise<string> {
    return waitFor(`${name} to wait for approval`, async () => {
      const state = await cp.send(new GetPipelineStateCommand({ name }));
      const review = state.stageStates?.find((s) => s.stageName === 'Gate')?.actionStates?.[0]?.latestExecution;
      return review?.status === 'InProgress' ? review.token : undefined;
    }, 20_000);
  }

  async function executionStatus(name: string): Promise<string | undefined> {
    const state = await cp.send(new GetPipelineStateCommand({ name }));
    const id = state.stageStates?.[0]?.latestExecution?.pipelineExecutionId;
    const out = await cp.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id }));
    return out.pipelineExecution?.status;
  }

  it('signs in with an access key, lists pipelines with their latest execution, and signs out', async () => {
    const name = `list-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    const token = await waitingApproval(name);
    const c = await consolePage('#/pipelines');
    const { page } = c;
    c.expect({ method: 'POST', path: '/console/session', status: 401 });
    await page.getByRole('radio', { name: 'Access key' }).check();
    await page.getByLabel('Access key ID').fill(t.credentials.accessKeyId);
    await page.getByLabel('Secret access key').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'NotAuthorizedException' }).waitFor();
    await c.screenshot('sign-in');

    await signInWithKey(page, t.credentials, 'admin');
    const row = page.locator(`tr[data-pipeline="${name}"]`);
    await row.getByText('InProgress').waitFor();
    assert.match(await row.innerText(), /V1\s+SUPERSEDED/);
    assert.match(await row.innerText(), /[0-9a-f]{7}/, 'the source revision, as a short commit');
    await page.getByLabel('Name').fill('no-such-pipeline');
    await row.waitFor({ state: 'detached' });
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Latest status').selectOption('InProgress');
    await row.waitFor();
    await c.screenshot('pipelines');
    await page.getByLabel('Latest status').selectOption('');
    await cp.send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token, result: { status: 'Approved', summary: 'ok' } }));
    await row.getByText('Succeeded').waitFor();

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    assert.equal(await page.evaluate<string | undefined>('document.documentElement.dataset.theme'), 'dark', 'the theme picked is remembered');
    await c.screenshot('pipelines-dark');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    c.expect({ method: 'GET', path: '/console/session', status: 401 });
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    c.assertClean();
  });

  it('lists more pipelines than one page holds, 50 at a time', async () => {
    const prefix = `many-${randomUUID().slice(0, 8)}`;
    for (let i = 0; i < 52; i++) {
      await cp.send(new CreatePipelineCommand({ pipeline: {
        name: `${prefix}-${String(i).padStart(2, '0')}`, roleArn: 'arn:aws:iam::000000000000:role/p',
        artifactStore: { type: 'S3', location: `${prefix}-artifacts` },
        stages: [
          { name: 'Source', actions: [{ name: 'Zip', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
            configuration: { S3Bucket: `${prefix}-artifacts`, S3ObjectKey: 'none.zip', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Code' }] }] },
          { name: 'Gate', actions: [{ name: 'Review', actionTypeId: APPROVAL }] },
        ],
      } }));
    }
    const total = (await cp.send(new ListPipelinesCommand({}))).pipelines?.length ?? 0;
    const c = await consolePage('#/pipelines');
    const { page } = c;
    await signInWithKey(page, t.credentials, 'admin');
    const rows = page.locator('tbody tr');
    await page.getByText(/^50 of 50 loaded pipelines shown$/).waitFor();
    await page.getByRole('button', { name: 'Load more pipelines' }).click();
    await page.getByText(new RegExp(`^${total} of ${total} loaded pipelines shown$`)).waitFor();
    assert.equal(await rows.count(), total);
    assert.equal(await page.getByRole('button', { name: 'Load more pipelines' }).count(), 0, 'no further page');
    await page.getByLabel('Name').fill(prefix);
    assert.equal(await rows.count(), 52);
    c.assertClean();
  });

  it('shows an execution moving on the pipeline page live, without a reload', async () => {
    const name = `live-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name, { CustomData: 'Check the staging site first' });
    const token = await waitingApproval(name);
    const c = await consolePage(`#/pipelines/${name}`);
    await signInWithKey(c.page, t.credentials, 'admin');
    const gate = c.page.locator('section[data-stage="Gate"]');
    await gate.locator('.action[data-action="Review"]').getByText('InProgress').waitFor();
    await c.page.evaluate('window.marker = 1');

    await cp.send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token, result: { status: 'Approved', summary: 'from the CLI' } }));
    await gate.locator('.stage-head').getByText('Succeeded').waitFor({ timeout: 5000 });
    assert.equal(await c.page.evaluate<number | undefined>('window.marker'), 1, 'the page was not reloaded');
    assert.match(await c.page.getByRole('status').last().innerText(), /Gate Review: Succeeded/, 'the change is announced to screen readers');
    await c.screenshot('pipeline-live');
    c.assertClean();
  });

  it('approves from the page with a comment, in a dialog that traps focus and closes on Escape', async () => {
    const name = `approve-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name, { CustomData: 'Release 1.2 to production?', ExternalEntityLink: 'https://example.com/release/1.2' });
    await waitingApproval(name);
    const c = await consolePage(`#/pipelines/${name}`);
    const { page } = c;
    await signInWithKey(page, t.credentials, 'admin');
    const review = page.getByRole('button', { name: 'Review' });
    await review.click();
    const dialog = page.getByRole('dialog', { name: 'Approval: Gate / Review' });
    await dialog.getByText('Release 1.2 to production?').waitFor();
    assert.equal(await dialog.getByRole('link', { name: 'Review the change' }).getAttribute('href'), 'https://example.com/release/1.2');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate<string | undefined>('document.activeElement?.textContent'), 'Review', 'focus returns to the button that opened the dialog');

    await review.click();
    await dialog.getByLabel('Comment').fill('Looks good');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    assert.ok(await page.evaluate<boolean>("document.querySelector('dialog[open]').contains(document.activeElement)"), 'Tab stays inside the dialog');
    await c.screenshot('approval-dialog');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('section[data-stage="Gate"] .stage-head').getByText('Succeeded').waitFor();
    const state = await cp.send(new GetPipelineStateCommand({ name }));
    assert.equal(state.stageStates?.[1]?.actionStates?.[0]?.latestExecution?.summary, 'Looks good');
    c.assertClean();
  });

  it('shows the API error when an approval was answered elsewhere first, and changes nothing', async () => {
    const name = `stale-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    const token = await waitingApproval(name);
    const c = await consolePage(`#/pipelines/${name}`);
    await signInWithKey(c.page, t.credentials, 'admin');
    await c.page.getByRole('button', { name: 'Review' }).click();
    await cp.send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token, result: { status: 'Approved', summary: 'first' } }));
    c.expect({ method: 'POST', path: '/console/aws', status: 400 });
    const dialog = c.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Reject' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /^\w+Exception: /);
    assert.equal(await executionStatus(name), 'Succeeded', 'the late reject changed nothing');
    c.assertClean();
  });

  it('disables the transition into a stage with a reason, and enables it again', async () => {
    const name = `transition-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    await waitingApproval(name);
    const c = await consolePage(`#/pipelines/${name}`);
    const { page } = c;
    await signInWithKey(page, t.credentials, 'admin');
    await page.getByRole('button', { name: 'Disable transition' }).click();
    const dialog = page.getByRole('dialog', { name: 'Disable transition into Gate' });
    await dialog.getByLabel('Reason').fill('release freeze');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('Transition disabled: release freeze').waitFor();
    const inbound = async () => (await cp.send(new GetPipelineStateCommand({ name }))).stageStates?.[1]?.inboundTransitionState;
    assert.deepEqual([(await inbound())?.enabled, (await inbound())?.disabledReason], [false, 'release freeze']);
    await page.getByRole('button', { name: 'Enable transition' }).click();
    await page.getByRole('button', { name: 'Disable transition' }).waitFor();
    assert.equal((await inbound())?.enabled, true);
    c.assertClean();
  });

  it('retries a failed stage from the page', async () => {
    const name = `retry-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    const token = await waitingApproval(name);
    await cp.send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token, result: { status: 'Rejected', summary: 'not yet' } }));
    const c = await consolePage(`#/pipelines/${name}`);
    const { page } = c;
    await signInWithKey(page, t.credentials, 'admin');
    await page.locator('section[data-stage="Gate"] .stage-head').getByText('Failed').waitFor();
    await c.screenshot('pipeline-failed');
    await page.getByRole('button', { name: 'Retry stage' }).click();
    const dialog = page.getByRole('dialog', { name: 'Retry stage Gate' });
    await dialog.getByLabel('Failed actions').check();
    await dialog.getByRole('button', { name: 'Retry' }).click();
    await page.locator('section[data-stage="Gate"] .stage-head').getByText('InProgress').waitFor();
    await waitingApproval(name);
    c.assertClean();
  });

  it('stops an execution from the page (stop and abandon, with a reason)', async () => {
    const name = `stop-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    await waitingApproval(name);
    const c = await consolePage(`#/pipelines/${name}`);
    const { page } = c;
    await signInWithKey(page, t.credentials, 'admin');
    await page.getByRole('button', { name: 'Stop execution' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stop execution' });
    await dialog.getByLabel('Reason').fill('wrong branch');
    await dialog.getByRole('button', { name: 'Stop and abandon' }).click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the execution to stop', async () => (await executionStatus(name) === 'Stopped' ? true : undefined));
    await page.getByRole('link', { name: 'Execution history' }).click();
    await page.locator('tbody tr').first().getByText('Stopped').waitFor();
    await c.screenshot('executions');
    c.assertClean();
  });

  it('releases a change, and opens an execution with its timeline and a download of its artifact', async () => {
    const name = `history-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    await waitingApproval(name);
    const c = await consolePage(`#/pipelines/${name}`);
    const { page } = c;
    await signInWithKey(page, t.credentials, 'admin');
    await page.getByRole('button', { name: 'Release change' }).click();
    await page.getByRole('dialog', { name: `Release change: ${name}` }).getByRole('button', { name: 'Release' }).click();
    const runs = await waitFor('a second execution', async () => {
      const out = await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name }));
      return (out.pipelineExecutionSummaries?.length ?? 0) === 2 ? out.pipelineExecutionSummaries : undefined;
    });

    await page.getByRole('link', { name: 'Execution history' }).click();
    await page.locator('tbody tr').nth(1).waitFor();
    // The first execution: through Source and waiting at Gate (the released one may still be behind it).
    const first = runs[1]?.pipelineExecutionId ?? '';
    await page.getByRole('link', { name: first.slice(0, 8) }).click();
    await page.getByRole('heading', { name: `Execution ${first}` }).waitFor();
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Gate / Review').waitFor();
    assert.equal(await timeline.getByRole('listitem').count(), 2);
    await c.screenshot('execution');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Code' }).click()]);
    const bytes = await readFile(await download.path());
    assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'the source artifact, a zip');
    c.assertClean();
  });

  it('releases a V2 pipeline with a variable, then rolls a stage back to that execution', async () => {
    const name = `v2-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    const firstToken = await waitingApproval(name);
    await cp.send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token: firstToken, result: { status: 'Rejected', summary: 'v1' } }));
    const { pipeline } = await cp.send(new GetPipelineCommand({ name }));
    await cp.send(new UpdatePipelineCommand({ pipeline: { ...pipeline!, pipelineType: 'V2', variables: [{ name: 'TARGET', defaultValue: 'staging', description: 'Where to deploy' }] } }));

    const c = await consolePage(`#/pipelines/${name}`);
    const { page } = c;
    await signInWithKey(page, t.credentials, 'admin');
    await page.getByText('V2 · SUPERSEDED · version 2').waitFor();
    await page.getByRole('button', { name: 'Release change' }).click();
    const release = page.getByRole('dialog', { name: `Release change: ${name}` });
    await release.getByLabel('TARGET').fill('prod');
    await release.getByRole('button', { name: 'Release' }).click();
    const token = await waitingApproval(name);
    const [released] = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 1 }))).pipelineExecutionSummaries ?? [];
    const execution = await cp.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: released?.pipelineExecutionId }));
    assert.deepEqual(execution.pipelineExecution?.variables, [{ name: 'TARGET', resolvedValue: 'prod' }]);
    await cp.send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token, result: { status: 'Approved', summary: 'ship' } }));
    await page.locator('section[data-stage="Gate"] .stage-head').getByText('Succeeded').waitFor();

    await page.getByRole('button', { name: 'Roll back' }).click();
    const rollback = page.getByRole('dialog', { name: 'Roll back stage Gate' });
    await rollback.getByRole('button', { name: 'Roll back' }).click();
    await rollback.waitFor({ state: 'detached' });
    const latest = (await cp.send(new ListPipelineExecutionsCommand({ pipelineName: name, maxResults: 1 }))).pipelineExecutionSummaries?.[0];
    assert.equal(latest?.executionType, 'ROLLBACK');
    assert.equal(latest?.rollbackMetadata?.rollbackTargetPipelineExecutionId, released?.pipelineExecutionId);
    c.assertClean();
  });

  it('shows a user without permission the denial, and nothing changes', async () => {
    const name = `denied-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    await waitingApproval(name);
    const reader = await makeUser(t, `reader-${randomUUID().slice(0, 8)}`, policyOf(
      { Effect: 'Allow', Action: ['codepipeline:Get*', 'codepipeline:List*'], Resource: '*' },
    ));
    const c = await consolePage(`#/pipelines/${name}`, { viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
    const { page } = c;
    await page.getByRole('radio', { name: 'Access key' }).check();
    await page.getByLabel('Access key ID').fill(reader.accessKeyId);
    await page.getByLabel('Secret access key').fill(reader.secretAccessKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Review' }).click();
    c.expect({ method: 'POST', path: '/console/aws', status: 400 });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /^AccessDeniedException: .*codepipeline:PutApprovalResult/);
    await c.screenshot('denied-375-dark');
    assert.equal(await executionStatus(name), 'InProgress');
    assert.ok(await page.evaluate<boolean>('document.documentElement.scrollWidth <= 376'), 'no sideways scrolling at 375 px');
    c.assertClean();
  });
});
