/**
 * The HTTP(S) messages a topic sends its subscribers, in SNS's JSON format and headers, so
 * endpoints written for SNS (which switch on `Type` and confirm by fetching `SubscribeURL`) work
 * unchanged. `Signature` fields are left out: SNS signs with Amazon's certificates, which no
 * self-hosted server can; receivers authenticate Sluice with the delivery signature the delivery
 * queue adds instead.
 */
import type { SubscriptionRecord } from '../store/topic-ports.ts';

export interface TopicDelivery {
  subscriptionArn: string;
  endpoint: string;
  headers: Record<string, string>;
  body: string;
}

interface MessageContext { url: string; messageId: string; now: number }

function isoMillis(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function delivery(subscription: SubscriptionRecord, type: string, messageId: string, body: object): TopicDelivery {
  return {
    subscriptionArn: subscription.arn,
    endpoint: subscription.endpoint,
    headers: {
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': type,
      'x-amz-sns-message-id': messageId,
      'x-amz-sns-topic-arn': subscription.topicArn,
      ...(type === 'Notification' && { 'x-amz-sns-subscription-arn': subscription.arn }),
    },
    body: JSON.stringify(body),
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
