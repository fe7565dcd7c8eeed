/**
 * `POST /console/aws` against a real server: the page's AWS JSON calls answer exactly what the
 * SigV4 endpoint answers the same user (allowed, denied, invalid), the audit trail names the
 * session's user and the console, and a mutating request without the session's CSRF token or
 * from another Origin is refused with nothing changed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetPipelineStateCommand } from '@aws-sdk/client-codepipeline';
import { createApprovalPipeline } from '../support/approval-pipeline.ts';
import { consoleAws, signedAwsJson, signIn, type ConsoleSession } from '../support/console-session.ts';
import { makeUser, policyOf, type Credentials } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const CP = 'CodePipeline_20150709';
const PIPELINE_ARN = 'arn:aws:codepipeline:us-east-1:000000000000';

describe('console AWS calls', () => {
  let t: TestServer;
  let keys: Credentials;
  let session: ConsoleSession;

  before(async () => {
    t = await startTestServer();
    await createApprovalPipeline(t, 'shown');
    await createApprovalPipeline(t, 'hidden');
    keys = await makeUser(t, 'viewer', policyOf(
      { Effect: 'Allow', Action: ['codepipeline:GetPipeline', 'codepipeline:GetPipelineState', 'codepipeline:ListPipelines'], Resource: `${PIPELINE_ARN}:shown` },
      { Effect: 'Allow', Action: ['codepipeline:DisableStageTransition', 'codepipeline:EnableStageTransition'], Resource: `${PIPELINE_ARN}:shown/*` },
      { Effect: 'Allow', Action: 'codepipeline:ListPipelines', Resource: '*' },
    ));
    session = await signIn(t, keys);
  });
  after(async () => {
    await t.close();
  });

  /** The console's and the signed endpoint's answers to one call, with what may differ (request ids) left out. */
  async function both(target: string, input: object): Promise<{ console: object; signed: object }> {
    const summary = async (response: Response) => ({
      status: response.status, contentType: response.headers.get('content-type'), body: await response.json() as object,
    });
    return {
      console: await summary(await consoleAws(t, session, target, input)),
      signed: await summary(await signedAwsJson(t, keys, 'codepipeline', target, input)),
    };
  }

  it('answers an allowed call exactly as the signed endpoint does', async () => {
    const answers = await both(`${CP}.GetPipeline`, { name: 'shown' });
    assert.deepEqual(answers.console, answers.signed);
    assert.equal((answers.console as { status: number }).status, 200);
    assert.equal((answers.console as { body: { pipeline: { name: string } } }).body.pipeline.name, 'shown');
    const list = await both(`${CP}.ListPipelines`, {});
    assert.deepEqual(list.console, list.signed);
  });

  it('answers denied, invalid and unknown calls exactly as the signed endpoint does', async () => {
    for (const [target, input] of [
      [`${CP}.GetPipeline`, { name: 'hidden' }],
      [`${CP}.GetPipeline`, { name: '' }],
      [`${CP}.GetPipeline`, { name: 'shown', version: 'one' }],
      [`${CP}.NoSuchOperation`, {}],
      ['Nobody_20200101.GetPipeline', {}],
    ] as const) {
      const answers = await both(target, input);
      assert.deepEqual(answers.console, answers.signed, `${target} ${JSON.stringify(input)}`);
    }
    const denied = await both(`${CP}.GetPipeline`, { name: 'hidden' });
    assert.deepEqual((denied.console as { status: number; body: object }).body, {
      __type: 'AccessDeniedException',
      message: `User: arn:aws:iam::000000000000:user/viewer is not authorized to perform: codepipeline:GetPipeline on resource: ${PIPELINE_ARN}:hidden because no identity-based policy allows the codepipeline:GetPipeline action`,
    });
  });

  it('records console calls in the audit trail as the session user, with the console as the user agent', async () => {
    const ok = await consoleAws(t, session, `${CP}.DisableStageTransition`, { pipelineName: 'shown', stageName: 'Gate', transitionType: 'Inbound', reason: 'console test' },
      { headers: { 'user-agent': 'TestBrowser/1.0' } });
    assert.equal(ok.status, 200);
    const refused = await consoleAws(t, session, `${CP}.DisableStageTransition`, { pipelineName: 'hidden', stageName: 'Gate', transitionType: 'Inbound', reason: 'no' });
    assert.equal(refused.status, 400);
    const trail = new CloudTrailClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    try {
      const { Events: events = [] } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DisableStageTransition' }] }));
      const records = events.map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as { userIdentity: { userName: string; accessKeyId: string }; userAgent: string; errorCode?: string; requestParameters: { pipelineName: string } });
      assert.equal(records.length, 2);
      for (const record of records) {
        assert.equal(record.userIdentity.userName, 'viewer');
        assert.match(record.userIdentity.accessKeyId, /^ASIA[A-Z2-7]{16}$/, 'the session id, not the key it signed in with');
        assert.notEqual(record.userIdentity.accessKeyId, keys.accessKeyId);
      }
      const [denied, allowed] = records;
      assert.deepEqual([allowed?.requestParameters.pipelineName, allowed?.userAgent, allowed?.errorCode], ['shown', 'sluice-console [TestBrowser/1.0]', undefined]);
      assert.deepEqual([denied?.requestParameters.pipelineName, denied?.errorCode], ['hidden', 'AccessDeniedException']);
    } finally {
      trail.destroy();
    }
  });

  it('refuses a mutating call without the CSRF token, with a wrong one, or from another Origin, and changes nothing', async () => {
    const other = await signIn(t, keys);
    const input = { pipelineName: 'shown', stageName: 'Gate', transitionType: 'Inbound', reason: 'forged' };
    const state = async () => (await t.codepipeline().send(new GetPipelineStateCommand({ name: 'shown' }))).stageStates?.find((s) => s.stageName === 'Gate')?.inboundTransitionState;
    await consoleAws(t, session, `${CP}.EnableStageTransition`, { pipelineName: 'shown', stageName: 'Gate', transitionType: 'Inbound' });
    assert.equal((await state())?.enabled, true);
    const attempts = [
      consoleAws(t, session, `${CP}.DisableStageTransition`, input, { csrf: false }),
      consoleAws(t, session, `${CP}.DisableStageTransition`, input, { headers: { 'x-csrf-token': other.csrfToken } }),
      consoleAws(t, session, `${CP}.DisableStageTransition`, input, { headers: { origin: 'http://evil.example' } }),
      consoleAws(t, session, `${CP}.DisableStageTransition`, input, { headers: { origin: t.url.replace('127.0.0.1', 'localhost') } }),
    ];
    for (const response of await Promise.all(attempts)) {
      assert.equal(response.status, 403);
      assert.equal((await response.json() as { __type: string }).__type, 'InvalidCsrfTokenException');
    }
    assert.equal((await state())?.enabled, true, 'nothing changed');
    const sameOrigin = await consoleAws(t, session, `${CP}.DisableStageTransition`, input, { headers: { origin: t.url } });
    assert.equal(sameOrigin.status, 200, 'the server\'s own Origin is welcome');
    assert.equal((await state())?.enabled, false);
  });

  it('refuses calls without a session, and sign-in from another Origin', async () => {
    const none = await consoleAws(t, undefined, `${CP}.ListPipelines`, {});
    assert.equal(none.status, 401);
    assert.equal((await none.json() as { __type: string }).__type, 'NotAuthorizedException');
    const foreign = await fetch(`${t.url}/console/session`, { method: 'POST', headers: { origin: 'http://evil.example' }, body: JSON.stringify(t.credentials) });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('set-cookie'), null);
    const get = await fetch(`${t.url}/console/aws`);
    assert.equal(get.status, 405);
  });
});
