/** Notification rules as CodeStar Notifications' wire shapes (timestamps in epoch seconds, as rest-json sends them). */
import { NOTIFICATION_EVENT_TYPES, type NotificationEventType } from '../../model/notifications/event-types.ts';
import type { NotificationRuleRecord, NotificationTarget } from '../../store/notification-ports.ts';

export const eventTypeWire = (t: NotificationEventType): object => ({
  EventTypeId: t.eventTypeId, ServiceName: t.serviceName, EventTypeName: t.eventTypeName, ResourceType: t.resourceType,
});

/** Targets are usable as soon as they are stored: Sluice checks them then. */
export const targetWire = (t: NotificationTarget): { TargetAddress: string; TargetType: string; TargetStatus: string } => ({
  TargetAddress: t.address, TargetType: t.type, TargetStatus: 'ACTIVE',
});

export function ruleWire(rule: NotificationRuleRecord): object {
  return {
    Arn: rule.arn, Name: rule.name, Resource: rule.resource, DetailType: rule.detailType, Status: rule.status, CreatedBy: rule.createdBy,
    EventTypes: NOTIFICATION_EVENT_TYPES.filter((t) => rule.eventTypeIds.includes(t.eventTypeId)).map(eventTypeWire),
    Targets: rule.targets.map(targetWire), Tags: rule.tags,
    CreatedTimestamp: rule.createdAt / 1000, LastModifiedTimestamp: rule.modifiedAt / 1000,
  };
}

export const targetOf = (wire: { TargetType?: string; TargetAddress?: string }): NotificationTarget => ({ type: wire.TargetType ?? '', address: wire.TargetAddress ?? '' });
