/**
 * Which provider sent a webhook delivery (by its headers), how the delivery proves it knows the
 * connection's webhook secret, and what its payload means:
 *
 * | provider | event header | delivery id | proof |
 * |---|---|---|---|
 * | Gitea / Forgejo | `X-Gitea-Event` / `X-Forgejo-Event` | `X-Gitea-Delivery` / `X-Forgejo-Delivery` | `X-Gitea-Signature` / `X-Forgejo-Signature`: hex HMAC-SHA256 of the body |
 * | GitLab | `X-Gitlab-Event` | `X-Gitlab-Event-UUID` | `X-Gitlab-Token`: the secret itself |
 * | GitHub | `X-GitHub-Event` | `X-GitHub-Delivery` | `X-Hub-Signature-256`: `sha256=` hex HMAC-SHA256 of the body |
 *
 * Gitea and Forgejo also send GitHub's headers, so they are recognised first. Every comparison
 * takes constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { verifyGitHubSignature } from '../../webhooks/signature.ts';
import { readGiteaEvent } from './gitea.ts';
import { readGitHubEvent } from './github.ts';
import { readGitLabEvent } from './gitlab.ts';
import type { WebhookMeaning } from './payload.ts';

export interface ProviderDelivery {
  provider: 'GitHub' | 'GitLab' | 'Gitea';
  event: string;
  deliveryId: string | undefined;
  verify(body: Uint8Array, secret: string): boolean;
  read(payload: Record<string, unknown>): WebhookMeaning;
}

function sameSecret(given: string, secret: string): boolean {
  // Digests first: equal lengths for timingSafeEqual, and nothing learned from the length.
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(secret).digest());
}

function verifyHexHmac(given: string | null, body: Uint8Array, secret: string): boolean {
  const hex = given?.trim().toLowerCase() ?? '';
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  return timingSafeEqual(Buffer.from(hex, 'hex'), createHmac('sha256', secret).update(body).digest());
}

/** The provider a delivery's headers name, or undefined when no known provider sent it. */
export function providerOf(headers: Headers): ProviderDelivery | undefined {
  const giteaEvent = headers.get('x-forgejo-event') ?? headers.get('x-gitea-event');
  if (giteaEvent !== null) {
    return {
      provider: 'Gitea', event: giteaEvent,
      deliveryId: headers.get('x-forgejo-delivery') ?? headers.get('x-gitea-delivery') ?? undefined,
      verify: (body, secret) => verifyHexHmac(headers.get('x-forgejo-signature') ?? headers.get('x-gitea-signature'), body, secret),
      read: (payload) => readGiteaEvent(giteaEvent, payload),
    };
  }
  const gitlabEvent = headers.get('x-gitlab-event');
  if (gitlabEvent !== null) {
    return {
      provider: 'GitLab', event: gitlabEvent, deliveryId: headers.get('x-gitlab-event-uuid') ?? undefined,
      verify: (_body, secret) => sameSecret(headers.get('x-gitlab-token') ?? '', secret) && headers.has('x-gitlab-token'),
      read: (payload) => readGitLabEvent(gitlabEvent, payload),
    };
  }
  const githubEvent = headers.get('x-github-event');
  if (githubEvent !== null) {
    return {
      provider: 'GitHub', event: githubEvent, deliveryId: headers.get('x-github-delivery') ?? undefined,
      // Only the SHA-256 signature: a connection's webhook is new, so there is no SHA-1-only sender to serve.
      verify: (body, secret) => headers.has('x-hub-signature-256') && verifyGitHubSignature(body, secret, headers),
      read: (payload) => readGitHubEvent(githubEvent, payload),
    };
  }
  return undefined;
}
