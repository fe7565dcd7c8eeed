/**
 * `sluice audit lookup [--event-name X] [--user-name X] [--resource-name X] [--max-results N]`:
 * the audit trail newest first, through the server's CloudTrail LookupEvents (the call
 * `aws cloudtrail lookup-events` makes). Filters AND together; pages of 50 are fetched until N
 * events are shown.
 */
import { CloudTrailClient, type Event, type LookupAttribute, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { type Command, InvalidArgumentError } from 'commander';
import { callApi, clientConfig, type ConnectionFlags, reportingUsage, withConnection } from '../api/connection.ts';
import { formatDate, makePrinter, type OutputFormat } from '../api/output.ts';

type Flags = ConnectionFlags & { output: OutputFormat; eventName?: string; userName?: string; resourceName?: string; maxResults: string };

/** What CloudTrail's `CloudTrailEvent` record says about how the call ended. */
function errorOf(event: Event): string {
  try {
    return (JSON.parse(event.CloudTrailEvent ?? '{}') as { errorCode?: string }).errorCode ?? '';
  } catch {
    return '';
  }
}

function attributesOf(flags: Flags): LookupAttribute[] {
  return [
    flags.eventName !== undefined && { AttributeKey: 'EventName' as const, AttributeValue: flags.eventName },
    flags.userName !== undefined && { AttributeKey: 'Username' as const, AttributeValue: flags.userName },
    flags.resourceName !== undefined && { AttributeKey: 'ResourceName' as const, AttributeValue: flags.resourceName },
  ].filter((a) => a !== false);
}

async function lookupEvents(client: CloudTrailClient, attributes: LookupAttribute[], max: number): Promise<Event[]> {
  const events: Event[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new LookupEventsCommand({
      LookupAttributes: attributes, MaxResults: Math.min(50, max - events.length), ...(token !== undefined && { NextToken: token }),
    }));
    events.push(...page.Events ?? []);
    token = page.NextToken;
  } while (token !== undefined && events.length < max);
  return events;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('Read the audit trail: calls that changed something, and refused calls');
  withConnection(audit.command('lookup').description('Look up audit events, newest first'))
    .option('--event-name <name>', 'only this operation, e.g. DeletePipeline')
    .option('--user-name <name>', 'only calls by this user')
    .option('--resource-name <name>', 'only calls about this resource, e.g. a pipeline name')
    .option('--max-results <n>', 'at most this many events', '50')
    .action(async (flags: Flags, command: Command) => reportingUsage(command, async () => {
      const max = Number(flags.maxResults);
      if (!Number.isInteger(max) || max < 1) throw new InvalidArgumentError(`--max-results ${flags.maxResults}: expected a positive integer`);
      const client = new CloudTrailClient(await clientConfig(flags));
      const print = makePrinter(flags.output);
      try {
        const events = await callApi(flags.endpointUrl, () => lookupEvents(client, attributesOf(flags), max));
        if (print.format === 'json') return print.json({ Events: events });
        print.table(events, [
          { header: 'TIME', value: (e) => formatDate(e.EventTime) },
          { header: 'USER', value: (e) => e.Username ?? '-' },
          { header: 'EVENT', value: (e) => e.EventName ?? '' },
          { header: 'SOURCE', value: (e) => (e.EventSource ?? '').replace(/\.amazonaws\.com$/, '') },
          { header: 'RESOURCES', value: (e) => (e.Resources ?? []).map((r) => r.ResourceName).join(',') },
          { header: 'ERROR', value: errorOf, style: (v) => (v ? 'red' : undefined) },
        ]);
      } finally {
        client.destroy();
      }
    }));
}
