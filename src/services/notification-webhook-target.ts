/**
 * The target kind of notification rules' `Webhook` targets (key `codestar-notifications`): the
 * delivery's constant input is `{"webhook": <url>, "body": {"text": …}}`, fixed when the event was
 * matched, and the body is posted to the URL as JSON (Slack and Microsoft Teams incoming webhooks
 * accept it).
 *
 * Posts are signed like Sluice's other HTTP deliveries: `X-Sluice-Signature-256: sha256=<HMAC-SHA256
 * of the body keyed with the webhook URL>` (the URL is the secret the receiver and Sluice share),
 * `X-Sluice-Delivery` (the same on every retry) and `X-Sluice-Event-Id`.
 */
import { sendHttp, SIGNATURE_HEADER, signBody } from './event-http-target.ts';
import { DeliveryFailure, type TargetKind } from './event-targets.ts';

export const WEBHOOK_TARGET_KIND = 'codestar-notifications';

export function webhookInput(url: string, body: object): string {
  return JSON.stringify({ webhook: url, body });
}

export function makeNotificationWebhookKind(options: { timeoutMs?: number; fetch?: typeof fetch } = {}): TargetKind {
  return {
    async check() {
      return 'Notification rule targets are managed through the CodeStar Notifications API.';
    },
    async deliver({ input, deliveryId, eventId }) {
      const { webhook, body } = JSON.parse(input) as { webhook?: unknown; body?: unknown };
      if (typeof webhook !== 'string') throw new DeliveryFailure('The delivery names no webhook', false);
      const text = JSON.stringify(body);
      const headers = {
        'content-type': 'application/json; charset=utf-8', 'user-agent': 'Sluice-Notifications',
        [SIGNATURE_HEADER]: signBody(webhook, text), 'x-sluice-delivery': deliveryId, 'x-sluice-event-id': eventId,
      };
      await sendHttp({ url: webhook, method: 'POST', headers, body: text }, options);
    },
  };
}
