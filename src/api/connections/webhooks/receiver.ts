/**
 * Webhook deliveries from git providers to a connection: `POST /connections/webhooks/<connection
 * id>`, the `WebhookUrl` UpdateConnectionCredentials answers. Not SigV4-signed: each delivery
 * proves it knows the connection's webhook secret instead (see providers.ts).
 *
 * Flow: find the connection (404) → recognise the provider by its headers (400) → verify the
 * signature or token (401, before the body is parsed; nothing changes) → remember the delivery id
 * (a replay within the window answers 401 and starts nothing) → read the
 * payload → fetch the mirror and route the changes, in order per repository → 200
 * `{"executions": [{pipelineName, pipelineExecutionId}]}`. A ping answers `{"ping": true}`;
 * events Sluice does not act on answer `{"ignored": "<why>"}`. When the mirror cannot be fetched
 * the delivery id is forgotten again, so the provider's redelivery is handled, and the answer
 * is 502 with git's reason.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../../logging.ts';
import { coerceError, isSluiceError } from '../../../model/errors.ts';
import type { ConnectionEvents } from '../../../services/connection-events.ts';
import type { GitAccess } from '../../../services/connection-access.ts';
import type { ConnectionRecord, GitWatchStore } from '../../../store/connection-ports.ts';
import type { IncomingCall } from '../../aws-json/dispatcher.ts';
import { parsePayload } from '../../webhooks/receiver.ts';
import { ConnectionGitError } from '../../../services/connection-git/run-git.ts';
import { obj } from './payload.ts';
import { providerOf } from './providers.ts';

/** The path of a connection's webhook URL; the id is the connection's UUID. */
export const CONNECTION_WEBHOOK_PATH = /^\/connections\/webhooks\/([0-9a-f-]{36})$/;

/** How long a delivery id is remembered: providers redeliver within hours, not days. @default 24 h */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** GitHub's own cap on a payload; larger bodies are refused before anything else. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export interface ConnectionWebhookReceiverOptions {
  connections: { byId(id: string): Promise<ConnectionRecord | undefined>; gitAccess(connection: ConnectionRecord): Promise<GitAccess> };
  events: ConnectionEvents;
  watch: GitWatchStore;
  logger: Logger;
  now(): number;
  /** @default REPLAY_WINDOW_MS */
  replayWindowMs?: number;
}

export type ConnectionWebhookReceiver = (call: IncomingCall, connectionId: string) => Promise<Response>;

function reply(requestId: string, status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId } });
}

const refuse = (requestId: string, status: number, code: string, message: string): Response => reply(requestId, status, { error: { code, message, requestId } });

export function makeConnectionWebhookReceiver(options: ConnectionWebhookReceiverOptions): ConnectionWebhookReceiver {
  const { logger } = options;
  return async (call, connectionId) => {
    const requestId = randomUUID();
    if (call.body.byteLength > MAX_WEBHOOK_BYTES) return refuse(requestId, 413, 'RequestEntityTooLargeException', `A webhook payload may be at most ${MAX_WEBHOOK_BYTES} bytes`);
    const connection = await options.connections.byId(connectionId);
    if (!connection) return refuse(requestId, 404, 'ResourceNotFoundException', 'No connection has this webhook URL');
    const delivery = providerOf(call.request.headers);
    if (!delivery) return refuse(requestId, 400, 'ValidationException', 'Not a GitHub, GitLab, Gitea or Forgejo webhook delivery (no event header)');
    const secret = connection.access ? (await options.connections.gitAccess(connection)).webhookSecret : undefined;
    if (secret === undefined || !delivery.verify(call.body, secret)) {
      return refuse(requestId, 401, 'AccessDeniedException', secret === undefined
        ? 'The connection has no webhook secret; set one with `sluice connections complete --webhook-secret`'
        : `The delivery's ${delivery.provider} signature does not match the connection's webhook secret`);
    }
    if (delivery.deliveryId === undefined) return refuse(requestId, 400, 'ValidationException', `The ${delivery.provider} delivery has no delivery id header`);
    const now = options.now();
    if (!await options.watch.claimDelivery(connection.id, delivery.deliveryId, now, now - (options.replayWindowMs ?? REPLAY_WINDOW_MS))) {
      return refuse(requestId, 401, 'AccessDeniedException', `The ${delivery.provider} delivery ${delivery.deliveryId} was already received; a replay starts nothing`);
    }
    try {
      const meaning = delivery.read(obj(parsePayload(call)));
      if (meaning.kind === 'ping') return reply(requestId, 200, { ping: true });
      if (meaning.kind === 'ignored') return reply(requestId, 200, { ignored: meaning.reason });
      const executions = await options.events.handle(connection, meaning.fullRepositoryId, meaning.changes);
      return reply(requestId, 200, { executions });
    } catch (e) {
      const err = coerceError(e);
      await options.watch.releaseDelivery(connection.id, delivery.deliveryId);
      if (isSluiceError(err)) return refuse(requestId, 400, err.code, err.message);
      logger.warn({ requestId, connection: connection.arn, err }, 'connection webhook could not be handled');
      const reason = err instanceof ConnectionGitError ? err.message : 'The delivery could not be handled; see the server log';
      return refuse(requestId, 502, 'ResourceUnavailableException', reason);
    }
  };
}
