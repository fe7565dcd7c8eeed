/**
 * The CloudWatch Logs service on the AWS JSON dispatcher, over build logs: GetLogEvents,
 * FilterLogEvents, DescribeLogStreams and DescribeLogGroups. IAM resources are log group ARNs
 * (`arn:aws:logs:<region>:<account>:log-group:<name>`), with `:log-stream:<stream>` for
 * GetLogEvents, as AWS authorizes them.
 */
import { readFileSync } from 'node:fs';
import type { Store } from '../../store/ports.ts';
import type { AwsJsonService } from '../aws-json/operation.ts';
import type { ServiceModel } from '../aws-json/shape-validator.ts';
import { describeOperations } from './describe.ts';
import { eventOperations } from './events.ts';

/** CloudWatch Logs' API model (documentation stripped), API version 2014-03-28, served operations only. */
export const LOGS_MODEL = JSON.parse(readFileSync(new URL('./service-model.json', import.meta.url), 'utf8')) as ServiceModel;

export function logsResourceArns(operation: string, input: Record<string, unknown>, scope: { region: string; accountId: string }): string[] {
  const base = `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:`;
  const given = input.logGroupName ?? input.logGroupIdentifier;
  if (operation === 'DescribeLogGroups' || typeof given !== 'string') return [`${base}*`];
  const group = given.startsWith('arn:') ? given.replace(/:\*$/, '') : `${base}${given}`;
  if (operation === 'GetLogEvents' && typeof input.logStreamName === 'string') return [`${group}:log-stream:${input.logStreamName}`];
  return [group];
}

export function logsService(api: { store: Store; accountId: string }): AwsJsonService {
  return {
    targetPrefix: LOGS_MODEL.metadata.targetPrefix,
    iamPrefix: 'logs',
    signingName: 'logs',
    model: LOGS_MODEL,
    operations: { ...eventOperations(api.store), ...describeOperations(api.store, api.accountId) },
    resourceArns: logsResourceArns,
  };
}
