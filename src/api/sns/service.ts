/**
 * The SNS API subset on AWS's query protocol: topics, HTTP(S) subscriptions, Publish and tags.
 * ConfirmSubscription and Unsubscribe are also served unsigned, because subscribers confirm and
 * leave by fetching the `SubscribeURL` / `UnsubscribeURL` of a message, as with SNS.
 *
 * IAM: `sns:<Action>` on the topic ARN (the subscription's topic for subscription actions;
 * `*` for ListTopics and ListSubscriptions).
 */
import { readFileSync } from 'node:fs';
import type { Tag } from '../../engine/state.ts';
import { SluiceError, type ErrorCode } from '../../model/errors.ts';
import type { PublishedMessage, TopicService } from '../../services/topics.ts';
import type { SubscriptionRecord, TopicRecord } from '../../store/topic-ports.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import type { Caller } from '../aws-json/operation.ts';
import { queryErrorOf } from '../iam/errors.ts';
import { camelModel, type QueryModel } from '../iam/query-model.ts';
import { makeQueryHandler, type QueryHandlerOptions, type QueryOperation } from '../query/handler.ts';

/** SNS's API model (the operations Sluice serves, documentation stripped), API version 2010-03-31. */
export const SNS_MODEL = camelModel(JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as QueryModel);

interface SnsContext { topics: TopicService; caller: Caller | undefined }

/** SNS answers its callers' mistakes as `InvalidParameter`, missing things as `NotFound`. */
const SNS_ERRORS: Partial<Record<ErrorCode, { code: string; status: number }>> = {
  InvalidParameterException: { code: 'InvalidParameter', status: 400 },
  ValidationException: { code: 'InvalidParameter', status: 400 },
  NotFoundException: { code: 'NotFound', status: 404 },
  ResourceNotFoundException: { code: 'ResourceNotFound', status: 404 },
  AccessDeniedException: { code: 'AuthorizationError', status: 403 },
  InternalFailure: { code: 'InternalError', status: 500 },
};

function snsErrorOf(code: ErrorCode, message: string): { code: string; status: number; message: string } {
  const entry = SNS_ERRORS[code];
  return entry ? { ...entry, message } : queryErrorOf(code, message);
}

type Op<I> = QueryOperation<SnsContext> & { resources(input: I, context: SnsContext): Promise<string[]>; handle(input: I, context: SnsContext): Promise<object | undefined> };
const op = <I>(operation: Op<I>): Op<I> => operation;

const topicOf = async (input: { topicArn: string }): Promise<string[]> => [input.topicArn];
const ALL = async (): Promise<string[]> => ['*'];

async function subscriptionTopic(input: { subscriptionArn: string }, context: SnsContext): Promise<string[]> {
  const subscription = await context.topics.getSubscription(input.subscriptionArn);
  return [subscription.topicArn];
}

function topicAttributes(topic: TopicRecord, subscriptions: SubscriptionRecord[]): Record<string, string> {
  return {
    TopicArn: topic.arn,
    Owner: topic.arn.split(':')[4] ?? '',
    DisplayName: '',
    ...topic.attributes,
    SubscriptionsConfirmed: String(subscriptions.filter((s) => s.confirmed).length),
    SubscriptionsPending: String(subscriptions.filter((s) => !s.confirmed).length),
    SubscriptionsDeleted: '0',
  };
}

function summary(s: SubscriptionRecord): object {
  return { subscriptionArn: s.confirmed ? s.arn : 'PendingConfirmation', owner: s.owner, protocol: s.protocol, endpoint: s.endpoint, topicArn: s.topicArn };
}

const OPERATIONS = {
  CreateTopic: op<{ name: string; attributes?: Record<string, string>; tags?: Tag[] }>({
    resources: async (input, context) => [context.topics.topicArn(input.name)],
    handle: async (input, context) => ({ topicArn: (await context.topics.createTopic(input.name, input.attributes, input.tags)).arn }),
  }),
  DeleteTopic: op<{ topicArn: string }>({
    resources: topicOf,
    handle: async (input, context) => { await context.topics.deleteTopic(input.topicArn); return undefined; },
  }),
  ListTopics: op<{ nextToken?: string }>({
    resources: ALL,
    handle: async (input, context) => {
      const { topics, next } = await context.topics.listTopics(input.nextToken);
      return { topics: topics.map((t) => ({ topicArn: t.arn })), ...(next !== undefined && { nextToken: next }) };
    },
  }),
  GetTopicAttributes: op<{ topicArn: string }>({
    resources: topicOf,
    handle: async (input, context) => {
      const topic = await context.topics.getTopic(input.topicArn);
      return { attributes: topicAttributes(topic, await context.topics.allSubscriptions(topic.arn)) };
    },
  }),
  SetTopicAttributes: op<{ topicArn: string; attributeName: string; attributeValue?: string }>({
    resources: topicOf,
    handle: async (input, context) => { await context.topics.setTopicAttribute(input.topicArn, input.attributeName, input.attributeValue ?? ''); return undefined; },
  }),
  Subscribe: op<{ topicArn: string; protocol: string; endpoint?: string; attributes?: Record<string, string>; returnSubscriptionArn?: boolean }>({
    resources: topicOf,
    handle: async (input, context) => {
      const subscription = await context.topics.subscribe(input.topicArn, input.protocol, input.endpoint, input.attributes);
      const shown = subscription.confirmed || input.returnSubscriptionArn === true;
      return { subscriptionArn: shown ? subscription.arn : 'pending confirmation' };
    },
  }),
  ConfirmSubscription: op<{ topicArn: string; token: string }>({
    resources: topicOf,
    handle: async (input, context) => ({ subscriptionArn: (await context.topics.confirmSubscription(input.topicArn, input.token)).arn }),
  }),
  Unsubscribe: op<{ subscriptionArn: string }>({
    resources: subscriptionTopic,
    handle: async (input, context) => { await context.topics.unsubscribe(input.subscriptionArn); return undefined; },
  }),
  GetSubscriptionAttributes: op<{ subscriptionArn: string }>({
    resources: subscriptionTopic,
    handle: async (input, context) => {
      const s = await context.topics.getSubscription(input.subscriptionArn);
      return { attributes: {
        SubscriptionArn: s.arn, TopicArn: s.topicArn, Owner: s.owner, Protocol: s.protocol, Endpoint: s.endpoint,
        PendingConfirmation: String(!s.confirmed), ConfirmationWasAuthenticated: 'false', RawMessageDelivery: 'false', ...s.attributes,
      } };
    },
  }),
  ListSubscriptions: op<{ nextToken?: string }>({
    resources: ALL,
    handle: async (input, context) => {
      const { subscriptions, next } = await context.topics.listSubscriptions(undefined, input.nextToken);
      return { subscriptions: subscriptions.map(summary), ...(next !== undefined && { nextToken: next }) };
    },
  }),
  ListSubscriptionsByTopic: op<{ topicArn: string; nextToken?: string }>({
    resources: topicOf,
    handle: async (input, context) => {
      const { subscriptions, next } = await context.topics.listSubscriptions(input.topicArn, input.nextToken);
      return { subscriptions: subscriptions.map(summary), ...(next !== undefined && { nextToken: next }) };
    },
  }),
  Publish: op<{ topicArn?: string; targetArn?: string; phoneNumber?: string; message: string; subject?: string; messageStructure?: string }>({
    resources: async (input) => [input.topicArn ?? input.targetArn ?? '*'],
    handle: async (input, context) => ({ messageId: await context.topics.publish(topicToPublish(input), messageFor(input), input.subject) }),
  }),
  TagResource: op<{ resourceArn: string; tags: Tag[] }>({
    resources: async (input) => [input.resourceArn],
    handle: async (input, context) => { await context.topics.retag(input.resourceArn, { add: input.tags }); return {}; },
  }),
  UntagResource: op<{ resourceArn: string; tagKeys: string[] }>({
    resources: async (input) => [input.resourceArn],
    handle: async (input, context) => { await context.topics.retag(input.resourceArn, { remove: input.tagKeys }); return {}; },
  }),
  ListTagsForResource: op<{ resourceArn: string }>({
    resources: async (input) => [input.resourceArn],
    handle: async (input, context) => {
      const topic = await context.topics.getTopic(input.resourceArn).catch(() => undefined);
      if (!topic) throw new SluiceError('ResourceNotFoundException', 'Resource does not exist');
      return { tags: topic.tags };
    },
  }),
};

/** The operations Sluice serves, by name. */
export const SNS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS).sort();

function topicToPublish(input: { topicArn?: string; targetArn?: string; phoneNumber?: string }): string {
  if (input.phoneNumber !== undefined) throw new SluiceError('InvalidParameterException', 'Invalid parameter: PhoneNumber (Sluice publishes to topics only)');
  const arn = input.topicArn ?? input.targetArn;
  if (arn === undefined) throw new SluiceError('InvalidParameterException', 'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter');
  return arn;
}

/** The message per protocol: the message itself, or with `MessageStructure: json` its `default`, `http` and `https` members. */
function messageFor(input: { message: string; messageStructure?: string }): PublishedMessage {
  if (input.messageStructure === undefined) return { default: input.message };
  if (input.messageStructure !== 'json') throw new SluiceError('InvalidParameterException', 'Invalid parameter: MessageStructure (only json)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.message);
  } catch {
    throw new SluiceError('InvalidParameterException', 'Invalid parameter: Message Structure - JSON message body failed to parse');
  }
  const members = typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {};
  if (typeof members.default !== 'string') throw new SluiceError('InvalidParameterException', 'Invalid parameter: Message Structure - No default entry in JSON message body');
  return {
    default: members.default,
    ...(typeof members.http === 'string' && { http: members.http }),
    ...(typeof members.https === 'string' && { https: members.https }),
  };
}

export interface SnsHandlerOptions extends QueryHandlerOptions {
  topics: TopicService;
}

export function makeSnsHandler(options: SnsHandlerOptions): (call: IncomingCall) => Promise<Response> {
  return makeQueryHandler<SnsContext>({
    name: 'sns', model: SNS_MODEL, operations: OPERATIONS, errorOf: snsErrorOf,
    unsigned: new Set(['ConfirmSubscription', 'Unsubscribe']),
    context: (_requestId, caller) => ({ topics: options.topics, caller }),
  }, options);
}
