/**
 * Inbound webhook deliveries: `POST /webhooks/<id>`, the URL PutWebhook hands out. Requests are
 * not SigV4-signed (GitHub and other senders cannot sign them); each webhook authenticates its
 * own deliveries instead.
 *
 * Flow: find the webhook by the id in the path (404 when none) → authenticate per the webhook
 * (GITHUB_HMAC signature, source IP within AllowedIPRange, or UNAUTHENTICATED; 403 otherwise,
 * before the body is even parsed) → parse the JSON payload (also accepted as the `payload` field
 * of a form body, GitHub's other content type) → find the target pipeline and action → evaluate
 * every filter → start the pipeline with trigger `Webhook` (detail: the webhook ARN).
 *
 * Answers: 200 `{"triggered": true, "pipelineExecutionId"}` when started; 200
 * `{"triggered": false}` when a filter does not match (AWS ignores such deliveries silently, and
 * the answer does not say which filter failed: it would show the pipeline's configuration to
 * anyone holding the URL). When the pipeline cannot be started (deleted, action renamed, a
 * concurrency limit) the error is recorded on the webhook (`errorCode`, `errorMessage` in
 * ListWebhooks) and answered as `{"error": {"code", "message", "requestId"}}` with the status
 * the AWS JSON protocol uses for that code, so the sender's delivery log shows it.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logging.ts';
import { coerceError, isSluiceError, SluiceError, type ErrorCode } from '../../model/errors.ts';
import type { ActionDeclaration } from '../../model/pipeline.ts';
import { compileWebhookFilters, evaluateWebhookFilters } from '../../model/webhooks/filters.ts';
import type { PipelineService } from '../../services/pipelines.ts';
import type { Store } from '../../store/ports.ts';
import type { WebhookRecord } from '../../store/webhook-ports.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { INTERNAL_FAILURE_MESSAGE, statusOf } from '../aws-json/errors.ts';
import { parseIpRange } from './ip-range.ts';
import { verifyGitHubSignature } from './signature.ts';

/** The path of a webhook's inbound URL; the id is alphanumeric. */
export const WEBHOOK_PATH = /^\/webhooks\/([A-Za-z0-9]{1,128})$/;

export function webhookUrl(endpoint: string, urlId: string): string {
  return `${endpoint}/webhooks/${urlId}`;
}

export interface WebhookReceiverOptions {
  store: Pick<Store, 'webhooks' | 'pipelines'>;
  pipelines: Pick<PipelineService, 'startExecution'>;
  logger: Logger;
  /** @default Date.now */
  now?: () => number;
}

export type WebhookReceiver = (call: IncomingCall, urlId: string) => Promise<Response>;

function reply(requestId: string, status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId } });
}

function refuse(requestId: string, code: ErrorCode, message: string, status = statusOf(code)): Response {
  return reply(requestId, status, { error: { code, message, requestId } });
}

export function authenticates(webhook: WebhookRecord, call: IncomingCall): boolean {
  const { authentication, authenticationConfiguration: configuration } = webhook.definition;
  switch (authentication) {
    case 'GITHUB_HMAC':
      return configuration.SecretToken !== undefined && verifyGitHubSignature(call.body, configuration.SecretToken, call.request.headers);
    case 'IP':
      return parseIpRange(configuration.AllowedIPRange ?? '')?.contains(call.sourceIp) ?? false;
    case 'UNAUTHENTICATED':
      return true;
  }
}

export function parsePayload(call: IncomingCall): unknown {
  const text = new TextDecoder().decode(call.body);
  const type = call.request.headers.get('content-type') ?? '';
  const json = type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(text).get('payload') ?? '' : text;
  try {
    return JSON.parse(json);
  } catch {
    throw new SluiceError('SerializationException', 'The webhook payload is not valid JSON');
  }
}

/** The target action in the pipeline's current version; source actions are looked at first. */
async function targetAction(store: WebhookReceiverOptions['store'], webhook: WebhookRecord): Promise<ActionDeclaration> {
  const { targetPipeline, targetAction: actionName } = webhook.definition;
  const stored = await store.pipelines.get(targetPipeline);
  if (!stored) throw new SluiceError('PipelineNotFoundException', `Pipeline ${targetPipeline} not found`);
  const actions = stored.declaration.stages.flatMap((s) => s.actions).filter((a) => a.name === actionName);
  const action = actions.find((a) => a.actionTypeId.category === 'Source') ?? actions[0];
  if (!action) throw new SluiceError('ActionNotFoundException', `Action ${actionName} not found in pipeline ${targetPipeline}`);
  return action;
}

export function makeWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const { store, logger } = options;
  const now = options.now ?? Date.now;

  async function record(webhook: WebhookRecord, error?: { code: string; message: string }): Promise<void> {
    try {
      await store.webhooks.recordDelivery(webhook.definition.name, { at: now(), ...(error && { error }) });
    } catch (e) {
      logger.error({ err: coerceError(e), webhook: webhook.definition.name }, 'webhook delivery not recorded');
    }
  }

  async function deliver(requestId: string, webhook: WebhookRecord, call: IncomingCall): Promise<Response> {
    const log = logger.child({ requestId, webhook: webhook.definition.name });
    if (!authenticates(webhook, call)) {
      log.info({ sourceIp: call.sourceIp, authentication: webhook.definition.authentication }, 'webhook delivery refused');
      return refuse(requestId, 'AccessDeniedException', 'The delivery does not authenticate for this webhook', 403);
    }
    const payload = parsePayload(call);
    try {
      const action = await targetAction(store, webhook);
      const outcome = evaluateWebhookFilters(compileWebhookFilters(webhook.definition.filters).filters, payload, action.configuration ?? {});
      if (!outcome.matched) {
        log.debug({ reason: outcome.reason }, 'webhook delivery ignored: filters do not match');
        return reply(requestId, 200, { triggered: false });
      }
      const pipelineExecutionId = await options.pipelines.startExecution(webhook.definition.targetPipeline, {
        trigger: { triggerType: 'Webhook', triggerDetail: webhook.arn },
      });
      await record(webhook);
      log.info({ pipeline: webhook.definition.targetPipeline, pipelineExecutionId }, 'webhook started the pipeline');
      return reply(requestId, 200, { triggered: true, pipelineExecutionId });
    } catch (e) {
      const err = coerceError(e);
      // Sluice's own faults are logged and answered without details by the caller below.
      if (!isSluiceError(err) || err.code === 'InternalFailure') throw err;
      await record(webhook, { code: err.code, message: err.message });
      log.info({ code: err.code, message: err.message }, 'webhook could not start the pipeline');
      return refuse(requestId, err.code, err.message);
    }
  }

  return async (call, urlId) => {
    const requestId = randomUUID();
    try {
      const webhook = await store.webhooks.getByUrlId(urlId);
      if (!webhook) return refuse(requestId, 'WebhookNotFoundException', 'No webhook has this URL', 404);
      return await deliver(requestId, webhook, call);
    } catch (e) {
      const err = coerceError(e);
      if (isSluiceError(err) && err.code !== 'InternalFailure') return refuse(requestId, err.code, err.message);
      logger.error({ requestId, err }, 'webhook delivery failed');
      return refuse(requestId, 'InternalFailure', INTERNAL_FAILURE_MESSAGE, 500);
    }
  };
}
