/**
 * DescribeLogGroups and DescribeLogStreams over build projects and builds: a project is a log
 * group, a build a log stream. Pages are of at most 50 (CloudWatch's limit); tokens hold the
 * position of the last item returned.
 */
import { SluiceError } from '../../model/errors.ts';
import type { Store } from '../../store/ports.ts';
import type { CallContext, Operation } from '../aws-json/operation.ts';
import { buildsOfGroup, GROUP_PREFIX, groupOf, streamNameOf } from './streams.ts';

type Input = Record<string, unknown>;

const DEFAULT_LIMIT = 50;

function encode(value: string | number): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new SluiceError('InvalidParameterException', 'The specified nextToken is invalid.');
  }
}

async function describeLogGroups(store: Store, input: Input, context: CallContext, accountId: string): Promise<object> {
  const prefix = (input.logGroupNamePrefix as string | undefined) ?? '';
  const limit = (input.limit as number | undefined) ?? DEFAULT_LIMIT;
  const after = input.nextToken === undefined ? '' : decode(input.nextToken as string);
  if (typeof after !== 'string') throw new SluiceError('InvalidParameterException', 'The specified nextToken is invalid.');
  const groups: object[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.buildProjects.list({ maxResults: 1000, ...(pageToken !== undefined && { nextToken: pageToken }) });
    const projects = await store.buildProjects.batchGet(page.items);
    for (const project of projects) {
      const name = `${GROUP_PREFIX}${project.name}`;
      if (!name.startsWith(prefix) || name <= after) continue;
      // One more group exists past a full page: continue after the last one returned.
      if (groups.length === limit) return { logGroups: groups, nextToken: encode((groups.at(-1) as { logGroupName: string }).logGroupName) };
      const arn = `arn:aws:logs:${context.region}:${accountId}:log-group:${name}`;
      groups.push({ logGroupName: name, creationTime: project.created, metricFilterCount: 0, arn: `${arn}:*`, logGroupArn: arn, storedBytes: 0, logGroupClass: 'STANDARD' });
    }
    pageToken = page.nextToken;
  } while (pageToken !== undefined);
  return { logGroups: groups };
}

async function describeLogStreams(store: Store, input: Input, context: CallContext, accountId: string): Promise<object> {
  const group = groupOf(input);
  const prefix = input.logStreamNamePrefix as string | undefined;
  const byTime = input.orderBy === 'LastEventTime';
  if (byTime && prefix !== undefined) throw new SluiceError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
  const limit = (input.limit as number | undefined) ?? DEFAULT_LIMIT;
  const { builds } = await buildsOfGroup(store, group);
  const streams = await Promise.all(builds.map(async (build) => {
    const name = streamNameOf(build);
    const summary = await store.buildLogs.summary(build.id);
    return {
      logStreamName: name, creationTime: build.startTime,
      ...(summary.firstTimestamp !== undefined && { firstEventTimestamp: summary.firstTimestamp }),
      ...(summary.lastTimestamp !== undefined && { lastEventTimestamp: summary.lastTimestamp, lastIngestionTime: summary.lastTimestamp }),
      arn: `arn:aws:logs:${context.region}:${accountId}:log-group:${group}:log-stream:${name}`, storedBytes: 0,
    };
  }));
  const sorted = streams.filter((s) => prefix === undefined || s.logStreamName.startsWith(prefix))
    .sort((a, b) => (byTime ? (a.lastEventTimestamp ?? a.creationTime) - (b.lastEventTimestamp ?? b.creationTime) : 0)
      || a.logStreamName.localeCompare(b.logStreamName));
  if (input.descending === true) sorted.reverse();
  const offset = input.nextToken === undefined ? 0 : decode(input.nextToken as string);
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0) throw new SluiceError('InvalidParameterException', 'The specified nextToken is invalid.');
  const page = sorted.slice(offset, offset + limit);
  return offset + limit < sorted.length ? { logStreams: page, nextToken: encode(offset + limit) } : { logStreams: page };
}

export function describeOperations(store: Store, accountId: string): Record<string, Operation<Input, object>> {
  return {
    DescribeLogGroups: { handle: (input, context) => describeLogGroups(store, input, context, accountId) },
    DescribeLogStreams: { handle: (input, context) => describeLogStreams(store, input, context, accountId) },
  };
}
