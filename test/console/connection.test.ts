/**
 * The console when things go away, in real Chromium: a session that ends sends the user to
 * sign-in and back to the page they were on; a server restart shows the "reconnecting" banner,
 * and what happened meanwhile appears once the live stream resumes from its last event.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetPipelineStateCommand, PutApprovalResultCommand } from '@aws-sdk/client-codepipeline';
import { CreateLoginProfileCommand } from '@aws-sdk/client-iam';
import type { Browser } from 'playwright-core';
import { waitFor } from '../compat/support.ts';
import { createApprovalPipeline } from '../support/approval-pipeline.ts';
import { iamClient, makeUser, policyOf } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { buildAssets, launchBrowser, openConsole, signInWithKey, skipReason, type ConsolePage } from './support/browser.ts';

const skip = skipReason();

describe('console: sessions and connections', { skip }, () => {
  let t: TestServer;
  let browser: Browser;
  let dataDir: string;
  let assets: Awaited<ReturnType<typeof buildAssets>>;
  const open: ConsolePage[] = [];

  before(async () => {
    assets = await buildAssets();
    dataDir = await mkdtemp(join(tmpdir(), 'sluice-console-data-'));
    browser = await launchBrowser();
    t = await startTestServer({ dataDir, console: { assetsDir: assets.dir } });
  });
  after(async () => {
    await Promise.all(open.map((p) => p.close()));
    await browser?.close();
    await t?.close();
    await assets?.remove();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function approvalToken(name: string): Promise<string> {
    return waitFor(`${name} to wait for approval`, async () => {
      const state = await t.codepipeline().send(new GetPipelineStateCommand({ name }));
      const review = state.stageStates?.[1]?.actionStates?.[0]?.latestExecution;
      return review?.status === 'InProgress' ? review.token : undefined;
    }, 20_000);
  }

  it('signs in with a user name and password, showing the user', async () => {
    const userName = `pw-${randomUUID().slice(0, 8)}`;
    await makeUser(t, userName, policyOf({ Effect: 'Allow', Action: ['codepipeline:List*'], Resource: '*' }));
    const iam = iamClient(t);
    try {
      await iam.send(new CreateLoginProfileCommand({ UserName: userName, Password: 'correct horse battery' }));
    } finally {
      iam.destroy();
    }
    const c = await openConsole(browser, t.url);
    open.push(c);
    const { page } = c;
    await page.goto('/');
    c.expect({ method: 'POST', path: '/console/session', status: 401 });
    await page.getByLabel('User name', { exact: true }).fill(userName);
    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'NotAuthorizedException' }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('header .user', { hasText: userName }).waitFor();
    await page.getByRole('heading', { name: 'Pipelines' }).waitFor();
    c.assertClean();
  });

  it('sends a user whose session ended to sign-in, then back to the page they were on', async () => {
    const name = `expired-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    await approvalToken(name);
    const c = await openConsole(browser, t.url);
    open.push(c);
    const { page } = c;
    await page.goto(`/#/pipelines/${name}`);
    await signInWithKey(page, t.credentials, 'admin');
    await page.locator('section[data-stage="Gate"]').waitFor();

    // The session ends on the server (as after its idle expiry): the next call gets a 401.
    await c.context.clearCookies();
    c.expect({ method: 'POST', path: '/console/aws', status: 401 });
    c.expect({ method: 'GET', path: '/console/live', status: 401 });
    c.allowRequestFailures(/^\/console\/live$/);
    await page.getByRole('button', { name: 'Disable transition' }).click();
    await page.getByRole('dialog').getByLabel('Reason').fill('freeze');
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('heading', { name: 'Sign in to Sluice' }).waitFor();
    assert.equal(new URL(page.url()).hash, `#/pipelines/${name}`, 'the route is kept');

    await signInWithKey(page, t.credentials, 'admin');
    await page.locator('section[data-stage="Gate"]').waitFor();
    const state = await t.codepipeline().send(new GetPipelineStateCommand({ name }));
    assert.equal(state.stageStates?.[1]?.inboundTransitionState?.enabled, true, 'the refused call changed nothing');
    c.assertClean();
  });

  it('shows "reconnecting" while the server restarts, then catches up on what happened meanwhile', async () => {
    const name = `restart-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    const token = await approvalToken(name);
    const c = await openConsole(browser, t.url);
    open.push(c);
    const { page } = c;
    await page.goto(`/#/pipelines/${name}`);
    await signInWithKey(page, t.credentials, 'admin');
    await page.locator('section[data-stage="Gate"] .stage-head').getByText('InProgress').waitFor();

    const port = Number(new URL(t.url).port);
    c.allowRequestFailures(/^\/console\//);
    await t.close();
    const banner = page.getByRole('status').filter({ hasText: 'Reconnecting' });
    await banner.waitFor();
    await c.screenshot('reconnecting');
    t = await startTestServer({ dataDir, port, console: { assetsDir: assets.dir } });
    await t.codepipeline().send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token, result: { status: 'Approved', summary: 'while away' } }));
    await page.locator('section[data-stage="Gate"] .stage-head').getByText('Succeeded').waitFor({ timeout: 15_000 });
    await banner.waitFor({ state: 'detached' });
    c.assertClean();
  });
});
