/**
 * Notification topics on the event bus, as one target kind (`sns`):
 * - a rule's target may be a topic (`arn:aws:sns:<region>:<account>:<name>`): its input is
 *   published to the topic;
 * - a topic's message to one subscriber is itself a delivery, addressed to the subscription
 *   (`<topic arn>:<id>`) with the message as the target's constant `Input`, so it is queued,
 *   leased, retried with backoff and dead-lettered like every other delivery.
 *
 * Subscriber posts carry SNS's headers and body, plus Sluice's signature
 * `X-Sluice-Signature-256: sha256=<HMAC-SHA256 of the body keyed with the subscription's
 * confirmation token>` — the token the endpoint received in its SubscriptionConfirmation.
 */
import { eventTime } from '../model/events/envelope.ts';
import type { NewDelivery } from '../store/event-ports.ts';
import type { TopicStore } from '../store/topic-ports.ts';
import { sendHttp, SIGNATURE_HEADER, signBody } from './event-http-target.ts';
import { DeliveryFailure, type TargetKind } from './event-targets.ts';
import { topicMessageHeaders, type TopicDelivery } from './topic-messages.ts';
import type { TopicService } from './topics.ts';

/** A topic ARN has 6 colon-separated parts; a subscription's adds its id. */
const isSubscriptionArn = (arn: string): boolean => arn.split(':').length === 7;

/** The bus delivery of one topic message to one subscriber. */
export function subscriberDelivery(message: TopicDelivery, scope: { accountId: string; region: string }, now: number, id: string): NewDelivery {
  const topicName = message.topicArn.split(':')[5] ?? '';
  return {
    id,
    ruleName: `topic/${topicName}`,
    target: { Id: 'subscriber', Arn: message.subscriptionArn, Input: message.body },
    event: JSON.stringify({
      version: '0', id: message.messageId, 'detail-type': message.type, source: 'aws.sns', account: scope.accountId,
      time: eventTime(now), region: scope.region, resources: [message.topicArn], detail: {},
    }),
  };
}

export interface TopicTargetOptions {
  topics: TopicService;
  store: TopicStore;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function makeTopicTargetKind(options: TopicTargetOptions): TargetKind {
  return {
    async check(target) {
      if (isSubscriptionArn(target.Arn)) return `${target.Arn} is a subscription; name its topic instead.`;
      return await options.store.get(target.Arn) ? undefined : `Topic ${target.Arn} does not exist.`;
    },
    async deliver({ target, input, eventId }) {
      if (!isSubscriptionArn(target.Arn)) {
        if (!await options.store.get(target.Arn)) throw new DeliveryFailure(`Topic ${target.Arn} does not exist`, false);
        await options.topics.publish(target.Arn, { default: input });
        return;
      }
      const subscription = await options.store.getSubscription(target.Arn);
      if (!subscription) throw new DeliveryFailure(`Subscription ${target.Arn} was deleted`, false);
      const { Type: type } = JSON.parse(input) as { Type: TopicDelivery['type'] };
      if (type === 'Notification' && !subscription.confirmed) throw new DeliveryFailure(`Subscription ${target.Arn} is not confirmed`, false);
      const headers = {
        ...topicMessageHeaders({ type, messageId: eventId, topicArn: subscription.topicArn, subscriptionArn: subscription.arn }),
        [SIGNATURE_HEADER]: signBody(subscription.confirmationToken, input),
      };
      await sendHttp({ url: subscription.endpoint, method: 'POST', headers, body: input }, options);
    },
  };
}
