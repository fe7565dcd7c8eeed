/**
 * The audit trail as CloudTrail's clients read it: every mutating call and every refused one is
 * recorded (who, from where, what, how it ended) with secrets redacted, and LookupEvents finds
 * them through the SDK's CloudTrail client and `aws cloudtrail lookup-events`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CloudTrailClient, type Event, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { CreatePipelineCommand, GetPipelineCommand, ListPipelinesCommand, PutWebhookCommand } from '@aws-sdk/client-codepipeline';
import { CreateUserCommand } from '@aws-sdk/client-iam';
import { iamClient, makeUser } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const ACCOUNT = '000000000000';
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

const GITHUB_PIPELINE = {
  name: 'audited', roleArn: `arn:aws:iam::${ACCOUNT}:role/p`, artifactStore: { type: 'S3' as const, location: 'artifacts' },
  stages: [
    { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source' as const, owner: 'ThirdParty' as const, provider: 'GitHub', version: '1' },
      configuration: { Owner: 'octo', Repo: 'app', Branch: 'main', OAuthToken: 'ghp_supersecret', PollForSourceChanges: 'false' }, outputArtifacts: [{ name: 'Out' }] }] },
    { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] },
  ],
};

interface Record {
  eventVersion: string; userIdentity: { type: string; arn?: string; accountId: string; accessKeyId?: string; userName?: string };
  eventTime: string; eventSource: string; eventName: string; awsRegion: string; sourceIPAddress: string; userAgent: string;
  requestParameters: { [key: string]: unknown } | null; responseElements: null; requestID: string; eventID: string;
  readOnly: boolean; errorCode?: string; errorMessage?: string; eventType: string; recipientAccountId: string;
}

const recordOf = (event: Event | undefined): Record => JSON.parse(event?.CloudTrailEvent ?? 'null') as Record;

describe('audit trail', () => {
  let t: TestServer;
  let trail: CloudTrailClient;
  const lookup = async (input: LookupEventsCommandInput): Promise<Event[]> => (await trail.send(new LookupEventsCommand(input))).Events ?? [];
  const byName = (name: string) => lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }] });

  before(async () => {
    t = await startTestServer();
    trail = new CloudTrailClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const client = t.codepipeline();
    await client.send(new CreatePipelineCommand({ pipeline: GITHUB_PIPELINE }));
    await client.send(new GetPipelineCommand({ name: 'audited' }));
    await client.send(new PutWebhookCommand({ webhook: {
      name: 'audited-hook', targetPipeline: 'audited', targetAction: 'Src', filters: [{ jsonPath: '$.ref', matchEquals: 'refs/heads/main' }],
      authentication: 'GITHUB_HMAC', authenticationConfiguration: { SecretToken: 'hmac-secret-value' },
    } }));
  });
  after(async () => {
    trail.destroy();
    await t.close();
  });

  it('records a mutating call in CloudTrail\'s record format, with secrets hidden', async () => {
    const [event] = await byName('CreatePipeline');
    assert.ok(event, 'CreatePipeline is recorded');
    assert.equal(event.EventSource, 'codepipeline.amazonaws.com');
    assert.equal(event.Username, 'admin');
    assert.equal(event.AccessKeyId, t.credentials.accessKeyId);
    assert.equal(event.ReadOnly, 'false');
    assert.ok(event.EventTime instanceof Date && Math.abs(event.EventTime.getTime() - Date.now()) < 60_000);
    assert.deepEqual(event.Resources, [{ ResourceType: 'AWS::CodePipeline::Pipeline', ResourceName: 'audited' }]);
    const record = recordOf(event);
    assert.equal(record.eventVersion, '1.08');
    assert.deepEqual(record.userIdentity, {
      type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT, accessKeyId: t.credentials.accessKeyId, userName: 'admin',
    });
    assert.match(record.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual([record.eventSource, record.eventName, record.awsRegion, record.sourceIPAddress], ['codepipeline.amazonaws.com', 'CreatePipeline', 'us-east-1', '127.0.0.1']);
    assert.match(record.userAgent, /aws-sdk-js/);
    assert.deepEqual([record.eventType, record.recipientAccountId, record.readOnly, record.responseElements], ['AwsApiCall', ACCOUNT, false, null]);
    assert.equal(record.eventID, event.EventId);
    const pipeline = record.requestParameters?.pipeline as { stages: { actions: { configuration: { [key: string]: string } }[] }[] };
    const configuration = pipeline.stages[0]?.actions[0]?.configuration;
    assert.equal(configuration?.OAuthToken, HIDDEN);
    assert.equal(configuration?.Owner, 'octo', 'only secrets are hidden');
    assert.doesNotMatch(event.CloudTrailEvent ?? '', /ghp_supersecret/);
  });

  it('hides a webhook\'s secret token', async () => {
    const [event] = await byName('PutWebhook');
    const webhook = recordOf(event).requestParameters?.webhook as { authenticationConfiguration: { SecretToken: string } };
    assert.equal(webhook.authenticationConfiguration.SecretToken, HIDDEN);
    assert.doesNotMatch(event?.CloudTrailEvent ?? '', /hmac-secret-value/);
    assert.deepEqual(event?.Resources, [
      { ResourceType: 'AWS::CodePipeline::Webhook', ResourceName: 'audited-hook' },
      { ResourceType: 'AWS::CodePipeline::Pipeline', ResourceName: 'audited' },
    ]);
  });

  it('does not record calls that only read, unless refused', async () => {
    assert.deepEqual(await byName('GetPipeline'), []);
    const client = t.codepipeline(await makeUser(t, 'nobody-allowed'));
    await assert.rejects(client.send(new GetPipelineCommand({ name: 'audited' })), { name: 'AccessDeniedException' });
    const [denied] = await lookup({ LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'nobody-allowed' }] });
    assert.equal(denied?.EventName, 'GetPipeline');
    assert.equal(denied?.ReadOnly, 'true');
    const record = recordOf(denied);
    assert.equal(record.errorCode, 'AccessDeniedException');
    assert.match(record.errorMessage ?? '', /is not authorized to perform: codepipeline:GetPipeline on resource: arn:aws:codepipeline:us-east-1:000000000000:audited/);
  });

  it('records calls refused at authentication, without a user', async () => {
    const stranger = t.codepipeline({ accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x' });
    await assert.rejects(stranger.send(new ListPipelinesCommand({})), { name: 'UnrecognizedClientException' });
    const events = await byName('ListPipelines');
    const record = recordOf(events[0]);
    assert.deepEqual(record.userIdentity, { type: 'Unknown', accountId: ACCOUNT });
    assert.equal(record.errorCode, 'UnrecognizedClientException');
  });

  it('records IAM calls under iam.amazonaws.com with lower-camel parameters', async () => {
    const iam = iamClient(t);
    try {
      await iam.send(new CreateUserCommand({ UserName: 'audited-user', Path: '/team/' }));
    } finally {
      iam.destroy();
    }
    const [event] = await lookup({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' }], MaxResults: 50 })
      .then((events) => events.filter((e) => e.EventName === 'CreateUser' && e.Resources?.[0]?.ResourceName === 'audited-user'));
    assert.ok(event);
    assert.deepEqual(event.Resources, [{ ResourceType: 'AWS::IAM::User', ResourceName: 'audited-user' }]);
    assert.deepEqual(recordOf(event).requestParameters, { userName: 'audited-user', path: '/team/' });
  });

  it('looks up by every attribute, by time, and pages', async () => {
    const [created] = await byName('CreatePipeline');
    const one = async (AttributeKey: string, AttributeValue: string) =>
      (await lookup({ LookupAttributes: [{ AttributeKey: AttributeKey as 'EventId', AttributeValue }] })).map((e) => e.EventId);
    assert.deepEqual(await one('EventId', created?.EventId ?? ''), [created?.EventId]);
    assert.ok((await one('ResourceName', 'audited')).includes(created?.EventId));
    assert.ok((await one('ResourceType', 'AWS::CodePipeline::Pipeline')).includes(created?.EventId));
    assert.ok((await one('AccessKeyId', t.credentials.accessKeyId)).includes(created?.EventId));
    assert.ok((await one('ReadOnly', 'false')).includes(created?.EventId));
    assert.ok(!(await one('ReadOnly', 'true')).includes(created?.EventId));
    const time = created?.EventTime ?? new Date();
    assert.ok((await lookup({ StartTime: time, EndTime: time })).some((e) => e.EventId === created?.EventId));
    assert.deepEqual(await lookup({ EndTime: new Date(time.getTime() - 60_000) }), []);

    const all = await lookup({});
    assert.ok(all.length >= 4);
    const first = await trail.send(new LookupEventsCommand({ MaxResults: 2 }));
    assert.equal(first.Events?.length, 2);
    const second = await trail.send(new LookupEventsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    assert.deepEqual([...first.Events ?? [], ...second.Events ?? []].map((e) => e.EventId), all.slice(0, 4).map((e) => e.EventId));
  });

  it('refuses bad lookups with CloudTrail\'s errors', async () => {
    await assert.rejects(lookup({ MaxResults: 51 }), { name: 'InvalidMaxResultsException' });
    await assert.rejects(lookup({ MaxResults: 0 }), { name: 'InvalidMaxResultsException' });
    await assert.rejects(lookup({ StartTime: new Date(2000), EndTime: new Date(1000) }), { name: 'InvalidTimeRangeException' });
    await assert.rejects(lookup({ LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'maybe' }] }), { name: 'InvalidLookupAttributesException' });
    await assert.rejects(lookup({ NextToken: 'garbage' }), { name: 'InvalidNextTokenException' });
    assert.deepEqual(await lookup({ EventCategory: 'insight' }), []);
  });

  it('serves aws cloudtrail lookup-events', async () => {
    const { stdout } = await run('aws', ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=PutWebhook'], { env: t.awsEnv() });
    const events = (JSON.parse(stdout) as { Events: { EventName: string; CloudTrailEvent: string }[] }).Events;
    assert.deepEqual(events.map((e) => e.EventName), ['PutWebhook']);
    assert.match(events[0]?.CloudTrailEvent ?? '', new RegExp(HIDDEN));
  });
});
