/**
 * The console's pipeline editor and build page in real Chromium against a real server: a
 * validation error shown at its line, fixed, reviewed as a diff and saved (from YAML); older
 * versions compared; and a build's log streaming with its ANSI colors, searchable and downloadable.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { CodeBuildClient, CreateProjectCommand, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import type { Browser } from 'playwright-core';
import { waitFor } from '../compat/support.ts';
import { createApprovalPipeline } from '../support/approval-pipeline.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { buildAssets, launchBrowser, openConsole, signInWithKey, skipReason, type ConsolePage } from './support/browser.ts';

const skip = skipReason();

describe('console: editor and builds', { skip }, () => {
  let t: TestServer;
  let browser: Browser;
  let assets: Awaited<ReturnType<typeof buildAssets>>;
  const open: ConsolePage[] = [];

  before(async () => {
    assets = await buildAssets();
    // One at a time: a browser left running (if the server failed to start) would keep the test process alive.
    browser = await launchBrowser();
    t = await startTestServer({ console: { assetsDir: assets.dir } });
  });
  after(async () => {
    await Promise.all(open.map((p) => p.close()));
    await browser?.close();
    await t?.close();
    await assets?.remove();
  });

  async function signedIn(hash: string): Promise<ConsolePage> {
    const c = await openConsole(browser, t.url);
    open.push(c);
    await c.page.goto(`/${hash}`);
    await signInWithKey(c.page, t.credentials, 'admin');
    return c;
  }

  it('shows a validation error at its line, then saves the fixed pipeline after showing the diff', async () => {
    const name = `edit-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    const c = await signedIn(`#/pipelines/${name}/edit`);
    const { page } = c;
    const editor = page.getByLabel('Pipeline declaration');
    await page.getByText('No problems found.').waitFor();
    const original = await editor.inputValue();
    assert.doesNotMatch(original, /^ {2}"version"/m, 'the server-assigned version is not part of the text');

    await editor.fill(original.replace('"name": "Review"', '"name": "Review now!"'));
    const problem = page.getByRole('list', { name: 'Problems' }).getByRole('listitem').first();
    assert.match(await problem.innerText(), /ValidationException: Value 'Review now!' at 'pipeline\.stages\.2\.member\.actions\.1\.member\.name'/);
    const line = Number(/Line (\d+)/.exec(await problem.innerText())?.[1]);
    assert.match((await editor.inputValue()).split('\n')[line - 1] ?? '', /"Review now!"/, 'the issue points at the line of the field');
    assert.equal(await editor.getAttribute('aria-invalid'), 'true');
    assert.ok(await page.getByRole('button', { name: 'Review changes' }).isDisabled());
    await c.screenshot('editor-error');

    await problem.getByRole('button', { name: `Line ${line}` }).click();
    assert.equal(await page.evaluate<string>("(() => { const el = document.querySelector('textarea'); return el.value.slice(el.selectionStart, el.selectionEnd).trim(); })()"), '"name": "Review now!",');
    await editor.fill(original.replace('"name": "Review"', '"name": "Sign-off"'));
    await page.getByRole('radio', { name: 'YAML' }).check();
    await waitFor('the text as YAML', async () => (/^name: edit-/m.test(await editor.inputValue()) ? true : undefined));
    await page.getByText('No problems found.').waitFor();
    await page.getByRole('button', { name: 'Review changes' }).click();
    const diff = page.getByLabel('Changes', { exact: true });
    assert.match(await diff.innerText(), /- {5,}"name": "Review",\n\+ {5,}"name": "Sign-off",/);
    await c.screenshot('editor-diff');
    await page.getByRole('button', { name: 'Save pipeline' }).click();
    await page.getByText('Saved as version 2.').waitFor();

    const saved = await t.codepipeline().send(new GetPipelineCommand({ name }));
    assert.equal(saved.pipeline?.version, 2);
    assert.equal(saved.pipeline?.stages?.[1]?.actions?.[0]?.name, 'Sign-off');
    await page.getByLabel('Version').selectOption('1');
    await page.getByRole('heading', { name: 'Version 1 compared with the current version' }).waitFor();
    assert.match(await page.locator('.panel .diff').innerText(), /\+ {5,}"name": "Review",/);
    c.assertClean();
  });

  it("shows the server's refusal of a save in the editor, and nothing changes", async () => {
    const name = `rename-${randomUUID().slice(0, 8)}`;
    await createApprovalPipeline(t, name);
    const c = await signedIn(`#/pipelines/${name}/edit`);
    const { page } = c;
    const editor = page.getByLabel('Pipeline declaration');
    await page.getByText('No problems found.').waitFor();
    // Valid on its own, but UpdatePipeline cannot rename: the server says so.
    await editor.fill((await editor.inputValue()).replace(`"name": "${name}"`, `"name": "${name}-renamed"`));
    await page.getByRole('button', { name: 'Review changes' }).click();
    c.expect({ method: 'POST', path: '/console/aws', status: 400 });
    await page.getByRole('button', { name: 'Save pipeline' }).click();
    const problem = page.getByRole('list', { name: 'Problems' }).getByRole('listitem');
    await problem.waitFor();
    assert.equal(await problem.innerText(), `ValidationException: Pipeline ${name}-renamed does not exist; create it with CreatePipeline`);
    const stored = await t.codepipeline().send(new GetPipelineCommand({ name }));
    assert.equal(stored.pipeline?.version, 1);
    c.assertClean();
  });

  it('streams a build log with its colors, searches it and downloads it', async () => {
    const cb = new CodeBuildClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const project = `log-${randomUUID().slice(0, 8)}`;
    const buildspec = [
      'version: 0.2', 'phases:', '  build:', '    commands:',
      "      - printf '\\033[32mall green\\033[0m <b>not bold</b>\\n'",
      '      - for i in $(seq 1 30); do echo "line $i"; done',
      '      - mkdir -p reports',
      `      - printf '%s' '<testsuite name="unit"><testcase classname="math" name="adds" time="0.5"/><testcase classname="math" name="divides"><failure message="by zero"/></testcase></testsuite>' > reports/unit.xml`,
      'reports:', '  unit:', '    files: [reports/*.xml]',
    ].join('\n');
    try {
      await cb.send(new CreateProjectCommand({
        name: project, serviceRole: 'arn:aws:iam::000000000000:role/build', source: { type: 'NO_SOURCE', buildspec },
        artifacts: { type: 'NO_ARTIFACTS' }, environment: { type: 'LINUX_CONTAINER', image: 'aws/codebuild/standard:7.0', computeType: 'BUILD_GENERAL1_SMALL' },
      }));
      const { build } = await cb.send(new StartBuildCommand({ projectName: project }));
      const id = build?.id ?? '';
      const c = await signedIn(`#/builds/${id}`);
      const { page } = c;
      const log = page.getByLabel('Build log');
      await log.locator('.fg-green', { hasText: 'all green' }).waitFor();
      assert.equal(await log.locator('b').count(), 0, 'log text is never markup');
      await log.getByText('line 30', { exact: true }).waitFor();
      await page.getByText('Streaming…').waitFor({ state: 'detached' });
      await page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'BUILD', exact: true }) }).getByText('SUCCEEDED').waitFor();

      const report = page.getByRole('region', { name: 'Test reports' });
      await report.getByText('1 passed').waitFor();
      assert.match(await report.innerText(), /2 cases, 1 passed 1 failed/);
      assert.match(await report.getByRole('listitem').innerText(), /math › divides\s+by zero/);

      await page.getByPlaceholder('Search the log').fill('line 3');
      await page.getByText('1 of 2').waitFor();
      assert.equal(await log.locator('.log-line.hit').count(), 2);
      await c.screenshot('build');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
      const text = await readFile(await download.path(), 'utf8');
      assert.match(text, /^all green <b>not bold<\/b>$/m, 'downloaded without escape codes');
      assert.match(text, /^line 30$/m);
      c.assertClean();
    } finally {
      cb.destroy();
    }
  });
});
