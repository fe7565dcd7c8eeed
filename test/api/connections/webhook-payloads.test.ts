/**
 * What each provider's webhook payload means (the fixtures in test/fixtures/webhooks/): pushes
 * with a changed-file list only when the payload is complete, pull-request actions mapped to
 * OPEN / UPDATED / CLOSED, and the events Sluice leaves alone — as `{ input, want }` tables.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { providerOf } from '../../../src/api/connections/webhooks/providers.ts';
import type { WebhookMeaning } from '../../../src/api/connections/webhooks/payload.ts';
import type { GitPullRequestEventType } from '../../../src/model/vocabulary.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

function fixture(name: string, edit: (payload: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  const text = readFileSync(new URL(`../../fixtures/webhooks/${name}.json`, import.meta.url), 'utf8')
    .replaceAll('__BEFORE__', A).replaceAll('__AFTER__', B).replaceAll('__HEAD__', B).replaceAll('__BASE__', A)
    .replaceAll('"__ADDED__"', '["src/new.ts"]').replaceAll('"__MODIFIED__"', '["src/old.ts"]');
  const payload = JSON.parse(text) as Record<string, unknown>;
  edit(payload);
  return payload;
}

function read(headers: Record<string, string>, payload: Record<string, unknown>): WebhookMeaning | undefined {
  return providerOf(new Headers(headers))?.read(payload);
}

const files = ['src/new.ts', 'src/old.ts'];
const push = (over: object = {}): WebhookMeaning => ({ kind: 'changes', fullRepositoryId: 'octo/app', changes: [{ kind: 'push', ref: 'refs/heads/main', after: B, before: A, ...over }] });
const pr = (action: GitPullRequestEventType, id: string, over: object = {}): WebhookMeaning => ({
  kind: 'changes', fullRepositoryId: 'octo/app',
  changes: [{ kind: 'pullRequest', action, sourceBranch: 'feature/x', destinationBranch: 'main', headCommit: B, pullRequestId: id, ...over }],
});

const CASES: { name: string; headers: Record<string, string>; payload: Record<string, unknown>; want: WebhookMeaning }[] = [
  { name: 'GitHub push listing every commit', headers: { 'x-github-event': 'push' }, payload: fixture('github-push'), want: push({ files }) },
  { name: 'GitHub forced push: files left to the mirror', headers: { 'x-github-event': 'push' }, payload: fixture('github-push', (p) => { p.forced = true; }), want: push() },
  { name: 'GitHub ping', headers: { 'x-github-event': 'ping' }, payload: fixture('github-ping'), want: { kind: 'ping' } },
  { name: 'GitHub pull request opened', headers: { 'x-github-event': 'pull_request' }, payload: fixture('github-pull-request'), want: pr('OPEN', '42', { base: A }) },
  { name: 'GitHub pull request synchronize', headers: { 'x-github-event': 'pull_request' }, payload: fixture('github-pull-request', (p) => { p.action = 'synchronize'; }), want: pr('UPDATED', '42', { base: A }) },
  { name: 'GitHub pull request closed', headers: { 'x-github-event': 'pull_request' }, payload: fixture('github-pull-request', (p) => { p.action = 'closed'; }), want: pr('CLOSED', '42', { base: A }) },
  { name: 'GitHub issues event', headers: { 'x-github-event': 'issues' }, payload: fixture('github-ping'), want: { kind: 'ignored', reason: 'event issues' } },
  { name: 'GitLab push listing every commit', headers: { 'x-gitlab-event': 'Push Hook' }, payload: fixture('gitlab-push'), want: push({ files }) },
  { name: 'GitLab push of more commits than listed', headers: { 'x-gitlab-event': 'Push Hook' }, payload: fixture('gitlab-push', (p) => { p.total_commits_count = 25; }), want: push() },
  { name: 'GitLab merge request opened', headers: { 'x-gitlab-event': 'Merge Request Hook' }, payload: fixture('gitlab-merge-request'), want: pr('OPEN', '7') },
  { name: 'GitLab merge request merged', headers: { 'x-gitlab-event': 'Merge Request Hook' }, payload: fixture('gitlab-merge-request', (p) => { (p.object_attributes as Record<string, unknown>).action = 'merge'; }), want: pr('CLOSED', '7') },
  {
    name: 'GitLab merge request updated without new commits', headers: { 'x-gitlab-event': 'Merge Request Hook' },
    payload: fixture('gitlab-merge-request', (p) => { (p.object_attributes as Record<string, unknown>).action = 'update'; }),
    want: { kind: 'ignored', reason: 'merge request update without new commits' },
  },
  {
    name: 'GitLab merge request updated with new commits', headers: { 'x-gitlab-event': 'Merge Request Hook' },
    payload: fixture('gitlab-merge-request', (p) => { Object.assign(p.object_attributes as object, { action: 'update', oldrev: A }); }), want: pr('UPDATED', '7'),
  },
  { name: 'Gitea push listing every commit', headers: { 'x-gitea-event': 'push', 'x-github-event': 'push' }, payload: fixture('gitea-push'), want: push({ files }) },
  { name: 'Forgejo pull request synchronized', headers: { 'x-forgejo-event': 'pull_request' }, payload: fixture('gitea-pull-request'), want: pr('UPDATED', '3', { base: A }) },
];

describe('webhook payloads', () => {
  for (const c of CASES) {
    it(c.name, () => assert.deepEqual(read(c.headers, c.payload), c.want));
  }

  it('recognises no provider without an event header', () => {
    assert.equal(providerOf(new Headers({ 'x-hub-signature-256': 'sha256=00' })), undefined);
  });

  it('verifies each provider\'s proof of the secret and nothing else', async () => {
    const { createHmac } = await import('node:crypto');
    const body = new TextEncoder().encode('{"a":1}');
    const hex = createHmac('sha256', 'shh-secret').update(body).digest('hex');
    const verify = (headers: Record<string, string>): boolean | undefined => providerOf(new Headers(headers))?.verify(body, 'shh-secret');
    assert.equal(verify({ 'x-github-event': 'push', 'x-hub-signature-256': `sha256=${hex}` }), true);
    assert.equal(verify({ 'x-github-event': 'push', 'x-hub-signature': `sha1=${createHmac('sha1', 'shh-secret').update(body).digest('hex')}` }), false, 'SHA-1 alone is not enough');
    assert.equal(verify({ 'x-gitea-event': 'push', 'x-gitea-signature': hex }), true);
    assert.equal(verify({ 'x-forgejo-event': 'push', 'x-forgejo-signature': hex.replace(/^./, (c) => (c === '0' ? '1' : '0')) }), false);
    assert.equal(verify({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'shh-secret' }), true);
    assert.equal(verify({ 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'shh-secreT' }), false);
    assert.equal(verify({ 'x-gitlab-event': 'Push Hook' }), false);
  });
});
