/**
 * The EventBridge service on the AWS JSON dispatcher: `AWSEvents.<Operation>`, signed for
 * `events`, authorized as `events:<Operation>` on the rule
 * (`arn:aws:events:<region>:<account>:rule/<name>`), the connection or API destination
 * (`…:connection/<name>`, `…:api-destination/<name>`), the bus (`…:event-bus/default`, PutEvents),
 * the resource ARN (tagging), `…:rule/*` (listings) or `*` (TestEventPattern).
 */
import { readFileSync } from 'node:fs';
import { busArn, type EventScope } from '../../services/event-names.ts';
import type { EventConnectionService } from '../../services/event-connections.ts';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { destinationOperations } from './destinations.ts';
import { ruleOperations, type EventRuleApi } from './rules.ts';

/** EventBridge's API model (the operations Sluice serves, documentation stripped), API version 2015-10-07. */
export const EVENTS_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

export function eventsResourceArns(operation: string, input: Record<string, unknown>, scope: EventScope): string[] {
  const base = `arn:aws:events:${scope.region}:${scope.accountId}`;
  switch (operation) {
    case 'TestEventPattern': return ['*'];
    case 'PutEvents': return [busArn(scope)];
    case 'ListRules': case 'ListRuleNamesByTarget': return [`${base}:rule/*`];
    case 'ListConnections': return [`${base}:connection/*`];
    case 'ListApiDestinations': return [`${base}:api-destination/*`];
    case 'TagResource': case 'UntagResource': case 'ListTagsForResource': return [input.ResourceARN as string];
    case 'PutTargets': case 'RemoveTargets': case 'ListTargetsByRule': return [`${base}:rule/${input.Rule as string}`];
    default:
      if (operation.endsWith('Connection')) return [`${base}:connection/${input.Name as string}`];
      if (operation.endsWith('ApiDestination')) return [`${base}:api-destination/${input.Name as string}`];
      return [`${base}:rule/${input.Name as string}`];
  }
}

export function eventsService(api: EventRuleApi & { connections: EventConnectionService }): AwsJsonService {
  return {
    targetPrefix: EVENTS_MODEL.metadata.targetPrefix,
    iamPrefix: 'events',
    signingName: 'events',
    model: EVENTS_MODEL,
    operations: { ...ruleOperations(api), ...destinationOperations(api.connections) },
    resourceArns: (operation, input, scope) => eventsResourceArns(operation, input, scope),
  };
}
