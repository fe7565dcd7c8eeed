/**
 * The console in real Chromium (Debian's `chromium`, driven by playwright-core; never a downloaded
 * browser). One browser per test file, a fresh context (cookies, storage) per test. Every page
 * records what went wrong while it was used: console errors, uncaught exceptions, failed requests
 * and HTTP answers of 400 or more that the test did not declare; `assertClean` fails the test on
 * any of them. Screenshots go to `test-output/console/`.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildConsole } from '../../../scripts/build-console.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const SCREENSHOTS = join(import.meta.dirname, '..', '..', '..', 'test-output', 'console');

/** Why the browser tests cannot run here, or undefined when they can. */
export function skipReason(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found: install Debian's chromium (npm run setup)`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** The console built into a temporary directory (what the server under test serves). */
export async function buildAssets(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-console-'));
  await buildConsole({ outDir: dir });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** An HTTP answer a test provokes on purpose (say, the 401 of GET /console/session before sign-in). */
export interface ExpectedFailure { method?: string; path: string | RegExp; status: number }

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  problems: string[];
  /** Declares answers ≥ 400 that are part of the test. */
  expect(failure: ExpectedFailure): void;
  /** Declares requests that may fail while the test takes the server away (URL path pattern). */
  allowRequestFailures(path: RegExp): void;
  screenshot(name: string): Promise<void>;
  /** Fails on any console error, uncaught exception, failed request or undeclared failing answer. */
  assertClean(): void;
  close(): Promise<void>;
}

const STREAMS = /^\/console\/(live|builds\/[^/]+\/log)$/;

/** The answer every console load gives before sign-in: no session yet. */
export const NO_SESSION: ExpectedFailure = { method: 'GET', path: '/console/session', status: 401 };

export async function openConsole(browser: Browser, baseUrl: string, options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({
    baseURL: baseUrl, viewport: options.viewport ?? { width: 1280, height: 900 }, colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  const expected: ExpectedFailure[] = [NO_SESSION];
  const mayFail: RegExp[] = [];
  let closing = false;
  page.on('console', (message) => {
    // Chromium logs every answer ≥ 400 as "Failed to load resource"; those are judged below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Streams still open when the test closes the page are aborted by the browser, as they should be.
    const path = new URL(request.url()).pathname;
    // The page closing one of its own event streams (signed out, left the build page) aborts it.
    const closedStream = request.failure()?.errorText === 'net::ERR_ABORTED' && STREAMS.test(path);
    if (!closing && !closedStream && !mayFail.some((p) => p.test(path))) problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() < 400) return;
    const url = new URL(response.url());
    const method = response.request().method();
    const declared = expected.some((e) => e.status === response.status() && (e.method ?? method) === method
      && (typeof e.path === 'string' ? e.path === url.pathname : e.path.test(url.pathname)));
    if (!declared) problems.push(`HTTP ${response.status()}: ${method} ${url.pathname} ${response.request().headers()['x-amz-target'] ?? ''}`);
  });
  return {
    page, context, problems,
    expect: (failure) => { expected.push(failure); },
    allowRequestFailures: (path) => { mayFail.push(path); },
    async screenshot(name) {
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    assertClean() {
      assert.deepEqual(problems, [], 'the page had problems');
    },
    async close() {
      closing = true;
      await context.close();
    },
  };
}

/** Signs in through the page with an access key pair and waits for the signed-in header. */
export async function signInWithKey(page: Page, credentials: { accessKeyId: string; secretAccessKey: string }, userName: string): Promise<void> {
  await page.getByRole('radio', { name: 'Access key' }).check();
  await page.getByLabel('Access key ID').fill(credentials.accessKeyId);
  await page.getByLabel('Secret access key').fill(credentials.secretAccessKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header .user', { hasText: userName }).waitFor();
}
