/**
 * Dead letters and delivery records of the event bus: `GET /api/events/deliveries` answers
 * `{ "Deliveries": [...], "NextToken"? }`, filtered by `?state=PENDING|DELIVERED|FAILED` and
 * `?rule=<name>`, paged with `?limit=` (1–100, default 50) and `?nextToken=`. Requests are
 * SigV4-signed for `events` and authorized as `events:ListDeliveries` (a Sluice action) on the
 * rule's ARN, or `…:rule/*` without a rule.
 */
import { SluiceError } from '../../model/errors.ts';
import { ruleArn, type EventScope } from '../../services/event-names.ts';
import type { DeliveryState, EventDeliveryStore } from '../../store/event-ports.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { clientErrorOf, statusOf } from '../aws-json/errors.ts';
import type { Caller } from '../aws-json/operation.ts';

export const EVENT_DELIVERIES_PATH = '/api/events/deliveries';
const STATES = new Set(['PENDING', 'DELIVERED', 'FAILED']);

export interface EventDeliveriesRouteOptions {
  deliveries: EventDeliveryStore;
  authenticate(call: IncomingCall): Promise<{ caller: Caller; region: string; signingService: string }>;
  authorize(caller: Caller, action: string, resource: string, sourceIp: string): Promise<void>;
}

function json(status: number, body: object): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function limitOf(text: string | null): number {
  const limit = text === null ? 50 : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new SluiceError('ValidationException', 'limit must be a whole number from 1 to 100.');
  return limit;
}

export function makeEventDeliveriesRoute(options: EventDeliveriesRouteOptions): (call: IncomingCall, url: URL) => Promise<Response> {
  return async (call, url) => {
    try {
      const { caller, region, signingService } = await options.authenticate(call);
      if (signingService !== 'events') throw new SluiceError('InvalidSignatureException', 'Credential should be scoped to correct service: \'events\'.');
      const scope: EventScope = { region, accountId: caller.accountId };
      const rule = url.searchParams.get('rule') ?? undefined;
      const state = url.searchParams.get('state') ?? undefined;
      if (state !== undefined && !STATES.has(state)) throw new SluiceError('ValidationException', 'state must be PENDING, DELIVERED or FAILED.');
      await options.authorize(caller, 'events:ListDeliveries', rule === undefined ? ruleArn(scope, '*') : ruleArn(scope, rule), call.sourceIp);
      const limit = limitOf(url.searchParams.get('limit'));
      const token = url.searchParams.get('nextToken');
      const afterSeq = token === null ? 0 : Number(token);
      if (!Number.isInteger(afterSeq) || afterSeq < 0) throw new SluiceError('ValidationException', 'The specified token is not valid.');
      const rows = await options.deliveries.list({ ...(state !== undefined && { state: state as DeliveryState }), ...(rule !== undefined && { ruleName: rule }) },
        { afterSeq, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return json(200, {
        Deliveries: page.map((d) => ({
          Id: d.id, Rule: d.ruleName, RuleArn: ruleArn(scope, d.ruleName), TargetId: d.target.Id, TargetArn: d.target.Arn, State: d.state,
          Attempts: d.attempts, CreatedAt: new Date(d.createdAt).toISOString(), UpdatedAt: new Date(d.updatedAt).toISOString(),
          Event: JSON.parse(d.event) as object, ...(d.lastError !== undefined && { LastError: d.lastError }),
          ...(d.state === 'PENDING' && { NextAttemptAt: new Date(d.nextAttemptAt).toISOString() }),
        })),
        ...(rows.length > limit && { NextToken: String(page.at(-1)?.seq) }),
      });
    } catch (e) {
      const { code, message } = clientErrorOf(e);
      return json(statusOf(code), { __type: code, message });
    }
  };
}
