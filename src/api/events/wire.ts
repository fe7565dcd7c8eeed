/**
 * EventBridge's wire shapes of rules, connections and API destinations (timestamps as epoch
 * seconds, as AWS JSON sends them). A connection's secret never leaves: only the key's header
 * name or the user name is answered.
 */
import type { ApiDestinationRecord, ConnectionRecord, EventRuleRecord } from '../../store/event-ports.ts';
import { apiDestinationArn, connectionArn, DEFAULT_BUS, ruleArn, type EventScope } from '../../services/event-names.ts';

const seconds = (ms: number): number => ms / 1000;

export function wireRule(rule: EventRuleRecord, scope: EventScope): Record<string, unknown> {
  return {
    Name: rule.name, Arn: ruleArn(scope, rule.name), State: rule.state, EventBusName: DEFAULT_BUS,
    ...(rule.eventPattern !== undefined && { EventPattern: rule.eventPattern }),
    ...(rule.scheduleExpression !== undefined && { ScheduleExpression: rule.scheduleExpression }),
    ...(rule.description !== undefined && { Description: rule.description }),
    ...(rule.roleArn !== undefined && { RoleArn: rule.roleArn }),
  };
}

export function wireConnectionSummary(c: ConnectionRecord, scope: EventScope): Record<string, unknown> {
  return {
    ConnectionArn: connectionArn(scope, c.name, c.uuid), Name: c.name, ConnectionState: 'AUTHORIZED', AuthorizationType: c.authorizationType,
    CreationTime: seconds(c.createdAt), LastModifiedTime: seconds(c.modifiedAt), LastAuthorizedTime: seconds(c.createdAt),
  };
}

export function wireConnection(c: ConnectionRecord, scope: EventScope): Record<string, unknown> {
  return {
    ...wireConnectionSummary(c, scope), ...(c.description !== undefined && { Description: c.description }),
    AuthParameters: c.authorizationType === 'API_KEY' ? { ApiKeyAuthParameters: { ApiKeyName: c.authName } } : { BasicAuthParameters: { Username: c.authName } },
  };
}

export function wireApiDestination(d: ApiDestinationRecord, scope: EventScope, connectionUuid: string): Record<string, unknown> {
  return {
    ApiDestinationArn: apiDestinationArn(scope, d.name, d.uuid), Name: d.name, ApiDestinationState: 'ACTIVE',
    ConnectionArn: connectionArn(scope, d.connectionName, connectionUuid), InvocationEndpoint: d.endpoint, HttpMethod: d.httpMethod,
    CreationTime: seconds(d.createdAt), LastModifiedTime: seconds(d.modifiedAt),
    ...(d.description !== undefined && { Description: d.description }),
    ...(d.rateLimitPerSecond !== undefined && { InvocationRateLimitPerSecond: d.rateLimitPerSecond }),
  };
}

export const tagsIn = (tags: { Key: string; Value: string }[] | undefined): { key: string; value: string }[] | undefined =>
  tags?.map((t) => ({ key: t.Key, value: t.Value }));
