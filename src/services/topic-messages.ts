/**
 * The HTTP(S) messages a topic sends its subscribers, in SNS's JSON format and headers, so
 * endpoints written for SNS (which switch on `Type` and confirm by fetching `SubscribeURL`) work
 * unchanged. `Signature` fields are left out: SNS signs with Amazon's certificates, which no
 * self-hosted server can; receivers authenticate Sluice with the delivery signature the delivery
 * queue adds instead.
 */
import type { SubscriptionRecord } from '../store/topic-ports.ts';

export type TopicMessageType = 'SubscriptionConfirmation' | 'Notification';

/** One message for one subscriber. */
export interface TopicDelivery {
  subscriptionArn: string;
  topicArn: string;
  type: TopicMessageType;
  messageId: string;
  /** The JSON document SNS posts. */
  body: string;
}

interface MessageContext { url: string; messageId: string; now: number }

function isoMillis(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function delivery(subscription: SubscriptionRecord, type: TopicMessageType, messageId: string, body: object): TopicDelivery {
  return { subscriptionArn: subscription.arn, topicArn: subscription.topicArn, type, messageId, body: JSON.stringify(body) };
}

/** The headers SNS sends with a message. */
export function topicMessageHeaders(message: Pick<TopicDelivery, 'type' | 'messageId' | 'topicArn' | 'subscriptionArn'>): Record<string, string> {
  return {
    'content-type': 'text/plain; charset=UTF-8',
    'user-agent': 'Sluice-SNS',
    'x-amz-sns-message-type': message.type,
    'x-amz-sns-message-id': message.messageId,
    'x-amz-sns-topic-arn': message.topicArn,
    ...(message.type === 'Notification' && { 'x-amz-sns-subscription-arn': message.subscriptionArn }),
  };
}

function actionUrl(base: string, params: Record<string, string>): string {
  const url = new URL('/', base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

export function confirmationMessage(subscription: SubscriptionRecord, context: MessageContext): TopicDelivery {
  const subscribeUrl = actionUrl(context.url, { Action: 'ConfirmSubscription', TopicArn: subscription.topicArn, Token: subscription.confirmationToken });
  return delivery(subscription, 'SubscriptionConfirmation', context.messageId, {
    Type: 'SubscriptionConfirmation',
    MessageId: context.messageId,
    Token: subscription.confirmationToken,
    TopicArn: subscription.topicArn,
    Message: `You have chosen to subscribe to the topic ${subscription.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    SubscribeURL: subscribeUrl,
    Timestamp: isoMillis(context.now),
  });
}

export function notificationMessage(subscription: SubscriptionRecord, context: MessageContext & { message: string; subject?: string }): TopicDelivery {
  return delivery(subscription, 'Notification', context.messageId, {
    Type: 'Notification',
    MessageId: context.messageId,
    TopicArn: subscription.topicArn,
    ...(context.subject !== undefined && { Subject: context.subject }),
    Message: context.message,
    Timestamp: isoMillis(context.now),
    UnsubscribeURL: actionUrl(context.url, { Action: 'Unsubscribe', SubscriptionArn: subscription.arn }),
  });
}
