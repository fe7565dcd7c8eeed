/**
 * CodeStar Notifications operations: wire input → NotificationRuleService → wire output. Each
 * rule operation is authorized on the rule's ARN; creation on the new rule's ARN pattern
 * (`notificationrule/*`), listings and target operations on `*`, as AWS's IAM reference has them.
 */
import { NOTIFICATION_EVENT_TYPES } from '../../model/notifications/event-types.ts';
import type { NotificationRuleService } from '../../services/notification-rule-service.ts';
import { filtered, pageOf } from '../../services/notification-list.ts';
import type { NotificationRuleStatus } from '../../store/notification-ports.ts';
import type { RestJsonOperation } from '../rest-json/handler.ts';
import { eventTypeWire, ruleWire, targetOf, targetWire } from './wire.ts';

type Filter = { Name: string; Value: string };
type WireTarget = { TargetType?: string; TargetAddress?: string };
type DetailType = 'BASIC' | 'FULL';

const op = <I>(handle: (input: I, callerArn: string) => Promise<object>): RestJsonOperation => ({
  handle: (input: I, context: { caller: { arn: string } }) => handle(input, context.caller.arn),
});

export function notificationOperations(rules: NotificationRuleService): Record<string, RestJsonOperation> {
  return {
    CreateNotificationRule: op<{ Name: string; Resource: string; EventTypeIds: string[]; Targets: WireTarget[]; DetailType: DetailType; Status?: NotificationRuleStatus; Tags?: Record<string, string>; ClientRequestToken?: string }>(
      async (input, callerArn) => ({
        Arn: await rules.create({
          name: input.Name, resource: input.Resource, eventTypeIds: input.EventTypeIds, targets: input.Targets.map(targetOf), detailType: input.DetailType,
          ...(input.Status !== undefined && { status: input.Status }), ...(input.Tags !== undefined && { tags: input.Tags }),
          ...(input.ClientRequestToken !== undefined && { clientRequestToken: input.ClientRequestToken }),
        }, callerArn),
      })),
    DescribeNotificationRule: op<{ Arn: string }>(async ({ Arn }) => ruleWire(await rules.describe(Arn))),
    ListNotificationRules: op<{ Filters?: Filter[]; NextToken?: string; MaxResults?: number }>(async (input) => {
      const matching = filtered(await rules.all(), input.Filters ?? [], (rule, name) => {
        if (name === 'EVENT_TYPE_ID') return rule.eventTypeIds;
        if (name === 'CREATED_BY') return [rule.createdBy];
        if (name === 'RESOURCE') return [rule.resource];
        return rule.targets.map((t) => t.address);
      });
      const page = pageOf('rules', matching, (rule) => rule.arn, input);
      return { NotificationRules: page.items.map((rule) => ({ Id: rule.id, Arn: rule.arn })), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    UpdateNotificationRule: op<{ Arn: string; Name?: string; Status?: NotificationRuleStatus; EventTypeIds?: string[]; Targets?: WireTarget[]; DetailType?: DetailType }>(async (input) => {
      await rules.update(input.Arn, {
        ...(input.Name !== undefined && { name: input.Name }), ...(input.Status !== undefined && { status: input.Status }),
        ...(input.EventTypeIds !== undefined && { eventTypeIds: input.EventTypeIds }), ...(input.Targets !== undefined && { targets: input.Targets.map(targetOf) }),
        ...(input.DetailType !== undefined && { detailType: input.DetailType }),
      });
      return {};
    }),
    DeleteNotificationRule: op<{ Arn: string }>(async ({ Arn }) => {
      await rules.delete(Arn);
      return { Arn };
    }),
    Subscribe: op<{ Arn: string; Target: WireTarget }>(async ({ Arn, Target }) => {
      await rules.subscribe(Arn, targetOf(Target));
      return { Arn };
    }),
    Unsubscribe: op<{ Arn: string; TargetAddress: string }>(async ({ Arn, TargetAddress }) => {
      await rules.unsubscribe(Arn, TargetAddress);
      return { Arn };
    }),
    ListEventTypes: op<{ Filters?: Filter[]; NextToken?: string; MaxResults?: number }>(async (input) => {
      const matching = filtered(NOTIFICATION_EVENT_TYPES, input.Filters ?? [], (type, name) => [name === 'RESOURCE_TYPE' ? type.resourceType : type.serviceName]);
      const page = pageOf('event-types', matching, (type) => type.eventTypeId, input);
      return { EventTypes: page.items.map(eventTypeWire), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    ListTargets: op<{ Filters?: Filter[]; NextToken?: string; MaxResults?: number }>(async (input) => {
      const targets = [...new Map((await rules.all()).flatMap((rule) => rule.targets).map((t) => [t.address, targetWire(t)])).values()];
      const matching = filtered(targets, input.Filters ?? [], (target, name) =>
        [name === 'TARGET_TYPE' ? target.TargetType : name === 'TARGET_ADDRESS' ? target.TargetAddress : target.TargetStatus]);
      const page = pageOf('targets', matching, (target) => target.TargetAddress, input);
      return { Targets: page.items, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    DeleteTarget: op<{ TargetAddress: string; ForceUnsubscribeAll?: boolean }>(async (input) => {
      await rules.deleteTarget(input.TargetAddress, input.ForceUnsubscribeAll === true);
      return {};
    }),
    TagResource: op<{ Arn: string; Tags: Record<string, string> }>(async ({ Arn, Tags }) => ({ Tags: await rules.tag(Arn, Tags) })),
    UntagResource: op<{ Arn: string; TagKeys: string[] }>(async ({ Arn, TagKeys }) => {
      await rules.untag(Arn, TagKeys);
      return {};
    }),
    ListTagsForResource: op<{ Arn: string }>(async ({ Arn }) => ({ Tags: (await rules.describe(Arn)).tags })),
  };
}

const ON_RULE = new Set(['DescribeNotificationRule', 'UpdateNotificationRule', 'DeleteNotificationRule', 'Subscribe', 'Unsubscribe', 'TagResource', 'UntagResource', 'ListTagsForResource']);

export function notificationResourceArns(operation: string, input: Record<string, unknown>, scope: { region: string; accountId: string }): string[] {
  if (ON_RULE.has(operation)) return [String(input.Arn)];
  if (operation === 'CreateNotificationRule') return [`arn:aws:codestar-notifications:${scope.region}:${scope.accountId}:notificationrule/*`];
  return ['*'];
}
