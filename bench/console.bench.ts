/**
 * The web console in Debian's Chromium against a real server (in this process, on loopback):
 *
 *   BENCH console.first_load_kb          compressed bytes the browser transfers to open a pipeline
 *                                        page with a fresh cache (page, scripts, styles, icon and
 *                                        the page's API answers; the live event stream excluded)
 *   BENCH console.live_update_ms_p50     an approval answered (the action's state changes in the
 *                                        store) → the stage shows Succeeded in the open page
 *   BENCH console.live_event_ms_p50      baseline, same runs: the same change → its event arriving
 *                                        on an EventSource in the page (the SSE round trip alone,
 *                                        without the page's refetch and render)
 *   BENCH console.live_update_vs_event   ratio of the two p50s
 * Clocks: the page's `performance.timeOrigin + now()` and the bench's `Date.now()` are the same
 * machine's wall clock.
 */
import { existsSync } from 'node:fs';
import { GetPipelineStateCommand, PutApprovalResultCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-codepipeline';
import { chromium, type Page, type Request } from 'playwright-core';
import { buildConsole } from '../scripts/build-console.ts';
import { createApprovalPipeline } from '../test/support/approval-pipeline.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { percentile, report, tempDir } from './lib/report.ts';

const RUNS = 15;

// Scripts run in the page (kept as text: this project's TypeScript has no DOM types).
/** An EventSource of its own records when each approval's SUCCEEDED event arrives (wall clock ms). */
const LISTEN_FOR_EVENTS = `(() => {
  window.eventAt = [];
  const source = new EventSource('/console/live');
  source.onmessage = (m) => {
    const event = JSON.parse(m.data);
    if (event.detail?.action === 'Review' && event.detail.state === 'SUCCEEDED') window.eventAt.push(performance.timeOrigin + performance.now());
  };
})()`;
/** Resolves with the wall-clock ms at which the Gate stage shows Succeeded. */
const WHEN_GATE_SUCCEEDS = `new Promise((resolve) => {
  const observer = new MutationObserver(() => {
    if (document.querySelector('section[data-stage="Gate"] .stage-head')?.textContent?.includes('Succeeded')) {
      observer.disconnect();
      resolve(performance.timeOrigin + performance.now());
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });
})`;
const CHROMIUM = '/usr/bin/chromium';

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function approvalToken(t: TestServer, name: string): Promise<string> {
  return waitFor(async () => {
    const state = await t.codepipeline().send(new GetPipelineStateCommand({ name }));
    const review = state.stageStates?.[1]?.actionStates?.[0]?.latestExecution;
    return review?.status === 'InProgress' ? review.token : undefined;
  }, 'the approval');
}

async function signIn(page: Page, t: TestServer): Promise<void> {
  await page.goto('/');
  await page.getByRole('radio', { name: 'Access key' }).check();
  await page.getByLabel('Access key ID').fill(t.credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(t.credentials.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header .user').waitFor();
}

/**
 * Encoded (compressed) bytes and headers of every response while the pipeline page first loads,
 * up to its stages being on screen (the page renders them once all of its API answers are in).
 */
async function firstLoadBytes(page: Page, name: string): Promise<number> {
  const sizes: Promise<number>[] = [];
  const onFinished = (request: Request): void => {
    if (request.url().includes('/console/live')) return;
    sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
  };
  page.on('requestfinished', onFinished);
  await page.goto(`/#/pipelines/${name}`);
  await page.locator('section[data-stage="Gate"] .action').getByText('InProgress').waitFor();
  page.off('requestfinished', onFinished);
  return (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

const dataDir = tempDir('sluice-bench-console-');
const assetsDir = tempDir('sluice-bench-console-assets-');
if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (npm run setup)`);
await buildConsole({ outDir: assetsDir });
const t = await startTestServer({ dataDir, console: { assetsDir } });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const name = 'bench-console';
  await createApprovalPipeline(t, name);
  await approvalToken(t, name);

  const context = await browser.newContext({ baseURL: t.url });
  const first = await context.newPage();
  await signIn(first, t);
  await first.close();
  // A new context with the session's cookie: its HTTP cache is empty, as for a first visit.
  const fresh = await browser.newContext({ baseURL: t.url, storageState: await context.storageState() });
  const page = await fresh.newPage();
  report('console.first_load_kb', await firstLoadBytes(page, name) / 1024, 'KiB');

  await page.evaluate(LISTEN_FOR_EVENTS);
  const updates: number[] = [];
  const events: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const token = await approvalToken(t, name);
    await page.locator('section[data-stage="Gate"] .stage-head').getByText('InProgress').waitFor();
    const shown = page.evaluate<number>(WHEN_GATE_SUCCEEDS);
    const changedAt = Date.now();
    await t.codepipeline().send(new PutApprovalResultCommand({ pipelineName: name, stageName: 'Gate', actionName: 'Review', token, result: { status: 'Approved', summary: 'bench' } }));
    updates.push(await shown - changedAt);
    const eventAt = await waitFor(async () => page.evaluate<number | undefined>(`window.eventAt[${run}]`), 'the live event');
    events.push(eventAt - changedAt);
    await t.codepipeline().send(new StartPipelineExecutionCommand({ name }));
  }
  const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
  report('console.live_update_ms_p50', p50(updates), 'ms');
  report('console.live_event_ms_p50', p50(events), 'ms');
  report('console.live_update_vs_event', p50(updates) / p50(events), 'x');
  await fresh.close();
  await context.close();
} finally {
  await browser.close();
  await t.close();
}
