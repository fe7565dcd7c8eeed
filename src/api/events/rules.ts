/**
 * The rule operations of EventBridge: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule,
 * DisableRule, PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget,
 * TestEventPattern, PutEvents and the tagging operations, over `services/event-rules.ts`.
 */
import { SluiceError } from '../../model/errors.ts';
import { checkBus, ruleNameOfArn, type EventScope } from '../../services/event-names.ts';
import { putEvents, type PutEventsEntry } from '../../services/event-publish.ts';
import { testEventPattern, type EventRuleService } from '../../services/event-rules.ts';
import { targetKindKey } from '../../services/event-targets.ts';
import type { EventTarget } from '../../store/event-ports.ts';
import type { OutboxStore } from '../../store/ports.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { timestampMs } from '../aws-json/timestamp.ts';
import { tagsIn, wireRule } from './wire.ts';

export const scopeOf = (context: CallContext): EventScope => ({ region: context.region, accountId: context.caller.accountId });
export const op = <I>(handle: (input: I, context: CallContext) => Promise<object>): Operation<never, object> => ({ handle });

interface RuleRef { Name: string; EventBusName?: string }
interface TargetsRef { Rule: string; EventBusName?: string }
interface Page { NextToken?: string; Limit?: number }
type Tags = { Key: string; Value: string }[];

export interface EventRuleApi {
  rules: EventRuleService;
  outbox: OutboxStore;
  now(): number;
  uuid: () => string;
  /** Events were put: deliver them now. */
  published(): void;
  /** Authorizes the caller for what a target will do on its behalf (see TARGET_ACTIONS). */
  authorize(caller: CallContext['caller'], action: string, resource: string, sourceIp: string): Promise<void>;
}

/**
 * The action a rule's target performs for the rule's author, by target kind: putting a target
 * needs that permission on the target itself, so `events:PutTargets` alone cannot start any
 * pipeline or publish to any topic (AWS gets the same from the target's role and iam:PassRole).
 */
const TARGET_ACTIONS: Record<string, string> = {
  codepipeline: 'codepipeline:StartPipelineExecution',
  sns: 'sns:Publish',
  'events:api-destination': 'events:InvokeApiDestination',
};

function ruleOfArn(context: CallContext, arn: string): string {
  const name = ruleNameOfArn(scopeOf(context), arn);
  if (name === undefined) throw new SluiceError('ResourceNotFoundException', `Resource ${arn} does not exist.`);
  return name;
}

export function ruleOperations(api: EventRuleApi): Record<string, Operation<never, object>> {
  const { rules } = api;
  const withBus = (context: CallContext, bus: string | undefined): void => checkBus(scopeOf(context), bus);
  return {
    PutRule: op<RuleRef & { EventPattern?: string; ScheduleExpression?: string; State?: string; Description?: string; RoleArn?: string; Tags?: Tags }>(async (input, context) => {
      withBus(context, input.EventBusName);
      const tags = tagsIn(input.Tags);
      await rules.putRule({
        name: input.Name, caller: context.caller.arn,
        ...(input.EventPattern !== undefined && { eventPattern: input.EventPattern }),
        ...(input.ScheduleExpression !== undefined && { scheduleExpression: input.ScheduleExpression }),
        ...(input.State !== undefined && { state: input.State }), ...(input.Description !== undefined && { description: input.Description }),
        ...(input.RoleArn !== undefined && { roleArn: input.RoleArn }), ...(tags !== undefined && { tags }),
      });
      return { RuleArn: wireRule(await rules.rule(input.Name), scopeOf(context)).Arn };
    }),
    DescribeRule: op<RuleRef>(async (input, context) => {
      withBus(context, input.EventBusName);
      const rule = await rules.rule(input.Name);
      return { ...wireRule(rule, scopeOf(context)), ...(rule.createdBy !== undefined && { CreatedBy: context.caller.accountId }) };
    }),
    ListRules: op<{ NamePrefix?: string; EventBusName?: string } & Page>(async (input, context) => {
      withBus(context, input.EventBusName);
      const page = await rules.listRules(input.NamePrefix, input.Limit ?? 100, input.NextToken);
      return { Rules: page.items.map((r) => wireRule(r, scopeOf(context))), ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    DeleteRule: op<RuleRef & { Force?: boolean }>(async (input, context) => {
      withBus(context, input.EventBusName);
      await rules.deleteRule(input.Name);
      return {};
    }),
    EnableRule: op<RuleRef>(async (input, context) => {
      withBus(context, input.EventBusName);
      await rules.setState(input.Name, 'ENABLED');
      return {};
    }),
    DisableRule: op<RuleRef>(async (input, context) => {
      withBus(context, input.EventBusName);
      await rules.setState(input.Name, 'DISABLED');
      return {};
    }),
    PutTargets: op<TargetsRef & { Targets: EventTarget[] }>(async (input, context) => {
      withBus(context, input.EventBusName);
      for (const target of input.Targets) {
        const action = TARGET_ACTIONS[targetKindKey(target.Arn)];
        if (action !== undefined) await api.authorize(context.caller, action, target.Arn, context.sourceIp);
      }
      const failed = await rules.putTargets(input.Rule, input.Targets);
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    }),
    RemoveTargets: op<TargetsRef & { Ids: string[]; Force?: boolean }>(async (input, context) => {
      withBus(context, input.EventBusName);
      const failed = await rules.removeTargets(input.Rule, input.Ids);
      return { FailedEntryCount: failed.length, FailedEntries: failed };
    }),
    ListTargetsByRule: op<TargetsRef & Page>(async (input, context) => {
      withBus(context, input.EventBusName);
      const all = await rules.targets(input.Rule);
      const start = input.NextToken === undefined ? 0 : Number.parseInt(input.NextToken, 10);
      if (!Number.isInteger(start) || start < 0 || start > all.length) throw new SluiceError('ValidationException', 'The specified token is not valid.');
      const end = start + (input.Limit ?? 100);
      return { Targets: all.slice(start, end), ...(end < all.length && { NextToken: String(end) }) };
    }),
    ListRuleNamesByTarget: op<{ TargetArn: string; EventBusName?: string } & Page>(async (input, context) => {
      withBus(context, input.EventBusName);
      const page = await rules.ruleNamesByTarget(input.TargetArn, input.Limit ?? 100, input.NextToken);
      return { RuleNames: page.items, ...(page.nextToken !== undefined && { NextToken: page.nextToken }) };
    }),
    TestEventPattern: op<{ EventPattern: string; Event: string }>(async (input) => ({ Result: testEventPattern(input.EventPattern, input.Event) })),
    PutEvents: op<{ Entries: (Omit<PutEventsEntry, 'Time'> & { Time?: unknown })[] }>(async (input, context) => {
      const entries = input.Entries.map((e): PutEventsEntry => {
        const { Time: time, ...rest } = e;
        return { ...rest, ...(time !== undefined && { Time: timestampMs(time) }) };
      });
      const results = await putEvents(api.outbox, scopeOf(context), entries, api.now(), api.uuid);
      if (results.some((r) => 'EventId' in r)) api.published();
      return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
    }),
    TagResource: op<{ ResourceARN: string; Tags: Tags }>(async (input, context) => {
      await rules.tag(ruleOfArn(context, input.ResourceARN), tagsIn(input.Tags) ?? []);
      return {};
    }),
    UntagResource: op<{ ResourceARN: string; TagKeys: string[] }>(async (input, context) => {
      await rules.untag(ruleOfArn(context, input.ResourceARN), input.TagKeys);
      return {};
    }),
    ListTagsForResource: op<{ ResourceARN: string }>(async (input, context) => {
      const rule = await rules.rule(ruleOfArn(context, input.ResourceARN));
      return { Tags: rule.tags.map((t) => ({ Key: t.key, Value: t.value })) };
    }),
  };
}
