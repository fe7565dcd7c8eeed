/**
 * The API destination target kind: `arn:aws:events:<region>:<account>:api-destination/<name>/<id>`
 * sends the input to the destination's endpoint with its HTTP method, authorized by its connection
 * (API_KEY: the key's header; BASIC: `Authorization: Basic …`), as EventBridge does.
 *
 * Sluice also signs every delivery so a receiver can verify it came from Sluice unchanged:
 *   X-Sluice-Signature-256: sha256=<hex HMAC-SHA256 of the body, keyed with the connection's
 *                           secret — the API key value or the basic-auth password>
 *   X-Sluice-Delivery:      the delivery id (the same on every retry: drop repeats with it)
 *   X-Sluice-Event-Id:      the event's id
 *
 * Outcomes follow EventBridge: 2xx delivered; 401, 407, 409, 429, 5xx and network errors or
 * timeouts are retried; any other status dead-letters the delivery.
 */
import { createHmac } from 'node:crypto';
import type { EventDestinationStore, EventTarget } from '../store/event-ports.ts';
import { parseResourceArn } from './event-names.ts';
import type { SecretCrypto } from './secret-crypto.ts';
import { DeliveryFailure, type TargetKind } from './event-targets.ts';

/** EventBridge gives an API destination 5 seconds to answer. */
export const HTTP_TARGET_TIMEOUT_MS = 5000;
const RETRIED_STATUSES = new Set([401, 407, 409, 429]);

export const SIGNATURE_HEADER = 'x-sluice-signature-256';

/** The name the connection's secret is sealed under (the crypto binds a sealed value to it). */
export const connectionSecretName = (name: string): string => `events/connection/${name}`;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface HttpTargetOptions {
  destinations: EventDestinationStore;
  crypto: SecretCrypto;
  /** @default HTTP_TARGET_TIMEOUT_MS */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

/**
 * Sends one delivery over HTTP; throws DeliveryFailure unless it is answered 2xx (retryable for
 * 401, 407, 409, 429, 5xx, network errors and timeouts).
 */
export async function sendHttp(request: { url: string; method: string; headers: Record<string, string>; body?: string }, options: { timeoutMs?: number; fetch?: typeof fetch }): Promise<void> {
  const send = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await send(request.url, {
      method: request.method, headers: request.headers, ...(request.body !== undefined && { body: request.body }), redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? HTTP_TARGET_TIMEOUT_MS),
    });
    await response.body?.cancel();
  } catch (e) {
    throw new DeliveryFailure(`${request.method} ${request.url} failed: ${(e as Error).message}`, true);
  }
  if (response.status >= 200 && response.status < 300) return;
  const retryable = response.status >= 500 || RETRIED_STATUSES.has(response.status);
  throw new DeliveryFailure(`${request.method} ${request.url} answered ${response.status}`, retryable);
}

export function makeHttpTargetKind(options: HttpTargetOptions): TargetKind {
  const destinationOf = async (target: EventTarget) => {
    const ref = parseResourceArn(target.Arn, 'api-destination');
    const destination = ref && await options.destinations.getApiDestination(ref.name);
    return destination?.uuid === ref?.uuid ? destination : undefined;
  };
  return {
    async check(target) {
      return await destinationOf(target) ? undefined : `API destination ${target.Arn} does not exist.`;
    },
    async deliver({ target, input, deliveryId, eventId }) {
      const destination = await destinationOf(target);
      if (!destination) throw new DeliveryFailure(`API destination ${target.Arn} does not exist`, false);
      const connection = await options.destinations.getConnection(destination.connectionName);
      if (!connection) throw new DeliveryFailure(`Connection ${destination.connectionName} does not exist`, false);
      const secret = options.crypto.open(connectionSecretName(connection.name), connection.authSecret).toString('utf8');
      const withBody = destination.httpMethod !== 'GET' && destination.httpMethod !== 'HEAD';
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8', 'user-agent': 'Sluice-EventBridge',
        [SIGNATURE_HEADER]: signBody(secret, withBody ? input : ''), 'x-sluice-delivery': deliveryId, 'x-sluice-event-id': eventId,
        ...(connection.authorizationType === 'API_KEY'
          ? { [connection.authName]: secret }
          : { authorization: `Basic ${Buffer.from(`${connection.authName}:${secret}`, 'utf8').toString('base64')}` }),
      };
      await sendHttp({ url: destination.endpoint, method: destination.httpMethod, headers, ...(withBody && { body: input }) }, options);
    },
  };
}
