/**
 * The Elastic Load Balancing v2 API subset of Sluice's traffic router, on AWS's query protocol
 * (API version 2015-12-01, signing name `elasticloadbalancing`): load balancers, HTTP
 * listeners with weighted forward actions, target groups, targets and their health.
 *
 * IAM: `elasticloadbalancing:<Action>` on the resource's ARN (the load balancer's for
 * CreateListener; `*` for creating load balancers and target groups and for Describe calls).
 * Errors: ELB's codes (`TargetGroupNotFound`, `DuplicateListener`, `ValidationError`, …), all 400.
 */
import { readFileSync } from 'node:fs';
import type { RouterContext } from '../../services/router/context.ts';
import { createListener, deleteListener, describeListeners, modifyListener, type ActionInput } from '../../services/router/listeners.ts';
import { createLoadBalancer, deleteLoadBalancer, describeLoadBalancers } from '../../services/router/load-balancers.ts';
import {
  createTargetGroup, deleteTargetGroup, describeTargetGroupAttributes, describeTargetGroups, modifyTargetGroup, modifyTargetGroupAttributes,
  type CreateTargetGroupInput, type HealthCheckInput,
} from '../../services/router/target-groups.ts';
import { deregisterTargets, describeTargetHealth, registerTargets, type TargetInput } from '../../services/router/targets.ts';
import type { IncomingCall } from '../aws-json/dispatcher.ts';
import { queryErrorOf } from '../iam/errors.ts';
import { camelModel, type QueryModel } from '../iam/query-model.ts';
import { makeQueryHandler, type QueryHandlerOptions, type QueryOperation } from '../query/handler.ts';
import { renderListener, renderLoadBalancer, renderTargetGroup, renderTargetHealth } from './render.ts';

/** ELBv2's API model (the operations Sluice serves, documentation stripped), API version 2015-12-01. */
export const ELBV2_MODEL = camelModel(JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as QueryModel);

/** The signing name of ELBv2 requests, and the IAM action prefix. */
export const ELBV2_SERVICE = 'elasticloadbalancing';

type Op<I> = QueryOperation<RouterContext> & { resources(input: I, context: RouterContext): Promise<string[]>; handle(input: I, context: RouterContext): Promise<object | undefined> };
const op = <I>(operation: Op<I>): Op<I> => operation;

const ALL = async (): Promise<string[]> => ['*'];
const targetGroupOf = async (input: { targetGroupArn: string }): Promise<string[]> => [input.targetGroupArn];
interface Paging { marker?: string; pageSize?: number }
const paged = (page: { nextMarker?: string }): object => (page.nextMarker === undefined ? {} : { nextMarker: page.nextMarker });

const OPERATIONS = {
  CreateLoadBalancer: op<{ name: string; type?: string; scheme?: string }>({
    resources: ALL,
    handle: async (input, ctx) => ({ loadBalancers: [renderLoadBalancer(await createLoadBalancer(ctx, input), ctx.host)] }),
  }),
  DescribeLoadBalancers: op<{ loadBalancerArns?: string[]; names?: string[] } & Paging>({
    resources: ALL,
    handle: async (input, ctx) => {
      const page = await describeLoadBalancers(ctx, input);
      return { loadBalancers: page.items.map((b) => renderLoadBalancer(b, ctx.host)), ...paged(page) };
    },
  }),
  DeleteLoadBalancer: op<{ loadBalancerArn: string }>({
    resources: async (input) => [input.loadBalancerArn],
    handle: async (input, ctx) => { await deleteLoadBalancer(ctx, input.loadBalancerArn); return {}; },
  }),
  CreateTargetGroup: op<CreateTargetGroupInput>({
    resources: ALL,
    handle: async (input, ctx) => ({ targetGroups: [renderTargetGroup({ group: await createTargetGroup(ctx, input), loadBalancerArns: [] })] }),
  }),
  DescribeTargetGroups: op<{ loadBalancerArn?: string; targetGroupArns?: string[]; names?: string[] } & Paging>({
    resources: ALL,
    handle: async (input, ctx) => {
      const page = await describeTargetGroups(ctx, input);
      return { targetGroups: page.items.map(renderTargetGroup), ...paged(page) };
    },
  }),
  ModifyTargetGroup: op<HealthCheckInput & { targetGroupArn: string }>({
    resources: targetGroupOf,
    handle: async (input, ctx) => {
      const group = await modifyTargetGroup(ctx, input);
      const [view] = (await describeTargetGroups(ctx, { targetGroupArns: [group.arn] })).items;
      return { targetGroups: view ? [renderTargetGroup(view)] : [] };
    },
  }),
  DeleteTargetGroup: op<{ targetGroupArn: string }>({
    resources: targetGroupOf,
    handle: async (input, ctx) => { await deleteTargetGroup(ctx, input.targetGroupArn); return {}; },
  }),
  DescribeTargetGroupAttributes: op<{ targetGroupArn: string }>({
    resources: targetGroupOf,
    handle: async (input, ctx) => ({ attributes: await describeTargetGroupAttributes(ctx, input.targetGroupArn) }),
  }),
  ModifyTargetGroupAttributes: op<{ targetGroupArn: string; attributes: { key?: string; value?: string }[] }>({
    resources: targetGroupOf,
    handle: async (input, ctx) => ({ attributes: await modifyTargetGroupAttributes(ctx, input.targetGroupArn, input.attributes) }),
  }),
  RegisterTargets: op<{ targetGroupArn: string; targets: TargetInput[] }>({
    resources: targetGroupOf,
    handle: async (input, ctx) => { await registerTargets(ctx, input.targetGroupArn, input.targets); return {}; },
  }),
  DeregisterTargets: op<{ targetGroupArn: string; targets: TargetInput[] }>({
    resources: targetGroupOf,
    handle: async (input, ctx) => { await deregisterTargets(ctx, input.targetGroupArn, input.targets); return {}; },
  }),
  DescribeTargetHealth: op<{ targetGroupArn: string; targets?: TargetInput[] }>({
    resources: targetGroupOf,
    handle: async (input, ctx) => ({ targetHealthDescriptions: (await describeTargetHealth(ctx, input.targetGroupArn, input.targets)).map(renderTargetHealth) }),
  }),
  CreateListener: op<{ loadBalancerArn: string; protocol?: string; port?: number; defaultActions: ActionInput[] }>({
    resources: async (input) => [input.loadBalancerArn],
    handle: async (input, ctx) => ({ listeners: [renderListener(await createListener(ctx, input))] }),
  }),
  DescribeListeners: op<{ loadBalancerArn?: string; listenerArns?: string[] } & Paging>({
    resources: ALL,
    handle: async (input, ctx) => {
      const page = await describeListeners(ctx, input);
      return { listeners: page.items.map(renderListener), ...paged(page) };
    },
  }),
  ModifyListener: op<{ listenerArn: string; protocol?: string; port?: number; defaultActions?: ActionInput[] }>({
    resources: async (input) => [input.listenerArn],
    handle: async (input, ctx) => ({ listeners: [renderListener(await modifyListener(ctx, input))] }),
  }),
  DeleteListener: op<{ listenerArn: string }>({
    resources: async (input) => [input.listenerArn],
    handle: async (input, ctx) => { await deleteListener(ctx, input.listenerArn); return {}; },
  }),
};

/** The operations Sluice serves, by name. */
export const ELBV2_OPERATIONS: readonly string[] = Object.keys(OPERATIONS).sort();

export interface Elbv2HandlerOptions extends QueryHandlerOptions {
  router: RouterContext;
}

export function makeElbv2Handler(options: Elbv2HandlerOptions): (call: IncomingCall) => Promise<Response> {
  return makeQueryHandler<RouterContext>({
    name: ELBV2_SERVICE, model: ELBV2_MODEL, operations: OPERATIONS, errorOf: queryErrorOf,
    context: () => options.router,
  }, options);
}
