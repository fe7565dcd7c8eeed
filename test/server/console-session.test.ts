/**
 * Signing in to the web console against a real server: with an access key pair and with an IAM
 * login profile's password, the session cookie's attributes, who-am-I, sign-out, expiry on an
 * injected clock, and the ways a session ends with its user or key; wrong credentials and the
 * failed sign-in limit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateLoginProfileCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteLoginProfileCommand, DeleteUserCommand, type IAMClient, UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { consoleFetch, postSignIn, signIn } from '../support/console-session.ts';
import { iamClient, makeUser, rejectsWith } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const HOUR = 3_600_000;

describe('console sign-in and sessions', () => {
  let t: TestServer;
  let iam: IAMClient;
  let clock = Date.now();

  before(async () => {
    t = await startTestServer({ console: { now: () => clock, signInLimit: { maxFailuresPerUser: 3, maxFailuresPerIp: 1000 } } });
    iam = iamClient(t);
  });
  after(async () => {
    iam.destroy();
    await t.close();
  });

  it('signs in with an access key pair: the session body and an HttpOnly, SameSite=Strict cookie', async () => {
    const session = await signIn(t);
    assert.deepEqual(Object.keys(session.body).sort(), ['accountId', 'arn', 'csrfToken', 'expiresAt', 'region', 'userName']);
    assert.equal(session.body.userName, 'admin');
    assert.equal(session.body.arn, 'arn:aws:iam::000000000000:user/admin');
    assert.deepEqual([session.body.accountId, session.body.region], ['000000000000', 'us-east-1']);
    assert.match(session.csrfToken, /^[A-Za-z0-9_-]{32}$/);
    assert.equal(Date.parse(String(session.body.expiresAt)), Math.floor((clock + 12 * HOUR) / 1000) * 1000 + (clock + 12 * HOUR) % 1000);
    assert.match(session.setCookie, /^sluice_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=604800$/);
    assert.doesNotMatch(session.setCookie, /Secure/, 'plain http: no Secure attribute');
    const me = await consoleFetch(t, session, '/console/session');
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), session.body);
    assert.equal(me.headers.get('cache-control'), 'no-store');
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const response = await postSignIn(t, t.credentials, { 'x-forwarded-proto': 'https' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('set-cookie') ?? '', /; Secure$/);
  });

  it('signs in with a user name and the login profile password', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'console-pat' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'console-pat', Password: 'correct horse battery' }));
    const session = await signIn(t, { userName: 'console-pat', password: 'correct horse battery' });
    assert.equal(session.body.arn, 'arn:aws:iam::000000000000:user/console-pat');
    assert.equal((await consoleFetch(t, session, '/console/session')).status, 200);
  });

  it('answers every wrong credential with one 401 and the same message, setting no cookie', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'console-wrong' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'console-wrong', Password: 'the right one' }));
    const attempts = [
      { userName: 'console-wrong', password: 'not the right one' },
      { userName: 'console-nobody', password: 'the right one' },
      { accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'wrong' },
      { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: t.credentials.secretAccessKey },
    ];
    const answers = await Promise.all(attempts.map(async (body) => {
      const response = await postSignIn(t, body);
      assert.equal(response.headers.get('set-cookie'), null);
      return { status: response.status, body: await response.json() as object };
    }));
    for (const answer of answers) assert.deepEqual(answer, answers[0]);
    assert.equal(answers[0]?.status, 401);
    assert.equal((answers[0]?.body as { __type: string }).__type, 'NotAuthorizedException');
  });

  it("records sign-ins in the audit trail as CloudTrail's ConsoleLogin, never with the secret", async () => {
    const trail = new CloudTrailClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    try {
      const { Events: events = [] } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'ConsoleLogin' }] }));
      const records = events.map((e) => JSON.parse(e.CloudTrailEvent ?? '{}') as { eventSource: string; userIdentity: { userName?: string }; errorCode?: string; requestParameters: Record<string, string> });
      const text = JSON.stringify(records);
      assert.doesNotMatch(text, new RegExp(t.credentials.secretAccessKey.replace(/[+/]/g, '.')));
      assert.doesNotMatch(text, /correct horse battery|not the right one/);
      assert.ok(records.every((r) => r.eventSource === 'signin.amazonaws.com'));
      assert.ok(records.some((r) => r.userIdentity.userName === 'console-pat' && r.errorCode === undefined), 'a password sign-in');
      assert.ok(records.some((r) => r.errorCode === 'NotAuthorizedException' && r.requestParameters.userName === 'console-nobody'), 'a failure, with the name tried');
    } finally {
      trail.destroy();
    }
  });

  it('refuses malformed sign-in bodies with ValidationException or SerializationException', async () => {
    const mixed = await postSignIn(t, { userName: 'a', password: 'b', accessKeyId: 'c', secretAccessKey: 'd' });
    assert.equal(mixed.status, 400);
    assert.deepEqual(await mixed.json(), { __type: 'ValidationException', message: 'Send either accessKeyId and secretAccessKey, or userName and password' });
    const notJson = await fetch(`${t.url}/console/session`, { method: 'POST', body: '{' });
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json() as { __type: string }).__type, 'SerializationException');
    const long = await postSignIn(t, { userName: 'a'.repeat(300), password: 'b' });
    assert.equal((await long.json() as { message: string }).message, 'userName must be a string of 1 to 256 characters');
  });

  it('locks a user out after repeated failures, even with the right password, until the window ends', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'console-locked' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'console-locked', Password: 'right password' }));
    for (let i = 0; i < 3; i++) assert.equal((await postSignIn(t, { userName: 'console-locked', password: 'wrong password' })).status, 401);
    const locked = await postSignIn(t, { userName: 'console-locked', password: 'right password' });
    assert.equal(locked.status, 429);
    assert.deepEqual(await locked.json(), { __type: 'ThrottlingException', message: 'Too many failed sign-in attempts; try again in 900 seconds.' });
    assert.equal((await postSignIn(t, { userName: 'console-pat', password: 'correct horse battery' })).status, 200, 'other users are not locked out');
    clock += 15 * 60_000;
    assert.equal((await postSignIn(t, { userName: 'console-locked', password: 'right password' })).status, 200);
  });

  it('signs out: 204, the cookie cleared, and the session refused afterwards', async () => {
    const session = await signIn(t);
    const refused = await consoleFetch(t, session, '/console/session', { method: 'DELETE', csrf: false });
    assert.equal(refused.status, 403, 'sign-out needs the CSRF token');
    const out = await consoleFetch(t, session, '/console/session', { method: 'DELETE' });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^sluice_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0$/);
    const after = await consoleFetch(t, session, '/console/session');
    assert.equal(after.status, 401);
    assert.equal((await after.json() as { __type: string }).__type, 'NotAuthorizedException');
    const none = await fetch(`${t.url}/console/session`);
    assert.deepEqual([none.status, (await none.json() as { __type: string }).__type], [401, 'NotAuthorizedException']);
  });

  it('ends a session after 12 idle hours, and after 7 days however much it is used', async () => {
    const idle = await signIn(t);
    clock += 12 * HOUR - 1;
    assert.equal((await consoleFetch(t, idle, '/console/session')).status, 200, 'used just in time: idle expiry moves on');
    clock += 12 * HOUR - 1;
    assert.equal((await consoleFetch(t, idle, '/console/session')).status, 200);
    clock += 12 * HOUR;
    const expired = await consoleFetch(t, idle, '/console/session');
    assert.equal(expired.status, 401);
    assert.equal((await expired.json() as { __type: string }).__type, 'SessionExpiredException');
    assert.match(expired.headers.get('set-cookie') ?? '', /Max-Age=0/);

    const busy = await signIn(t);
    for (let hours = 0; hours < 7 * 24 - 6; hours += 6) {
      clock += 6 * HOUR;
      assert.equal((await consoleFetch(t, busy, '/console/session')).status, 200, `used every 6 hours (${hours})`);
    }
    clock += 6 * HOUR;
    assert.equal((await (await consoleFetch(t, busy, '/console/session')).json() as { __type: string }).__type, 'SessionExpiredException');
  });

  it("ends a deleted user's sessions, and those signed in with a deactivated or deleted key", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'console-gone' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'console-gone', Password: 'soon gone' }));
    const session = await signIn(t, { userName: 'console-gone', password: 'soon gone' });
    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'console-gone' })), 'DeleteConflictException', 409,
      'Cannot delete entity, must delete login profile first.');
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'console-gone' }));
    assert.equal((await consoleFetch(t, session, '/console/session')).status, 200, 'a session outlives its password, as on AWS');
    await iam.send(new DeleteUserCommand({ UserName: 'console-gone' }));
    await iam.send(new CreateUserCommand({ UserName: 'console-gone' }));
    assert.equal((await consoleFetch(t, session, '/console/session')).status, 401, 'a new user of the same name is someone else');

    const deactivated = await makeUser(t, 'console-key');
    const byKey = await signIn(t, deactivated);
    const otherTab = await signIn(t, deactivated);
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'console-key', AccessKeyId: deactivated.accessKeyId, Status: 'Inactive' }));
    assert.equal((await consoleFetch(t, byKey, '/console/session')).status, 401);
    assert.equal((await postSignIn(t, deactivated)).status, 401, 'an inactive key signs no one in');
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'console-key', AccessKeyId: deactivated.accessKeyId, Status: 'Active' }));
    assert.equal((await consoleFetch(t, otherTab, '/console/session')).status, 401, 'every session of the key ended, not just the one used');
    const again = await signIn(t, deactivated);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'console-key', AccessKeyId: deactivated.accessKeyId }));
    assert.equal((await consoleFetch(t, again, '/console/session')).status, 401);
  });
});
