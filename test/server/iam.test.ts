/**
 * The IAM API as AWS's clients see it: the SDK's IAM client and the `aws iam` CLI against a real
 * server, over the query protocol (form-encoded requests, XML answers and errors).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, DeleteUserCommand, DeleteUserPolicyCommand,
  GetUserCommand, GetUserPolicyCommand, type IAMClient, ListAccessKeysCommand, ListUserPoliciesCommand, ListUsersCommand,
  PutUserPolicyCommand, UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { ListPipelinesCommand } from '@aws-sdk/client-codepipeline';
import { iamClient, makeUser, policyOf, rejectsWith } from '../support/iam.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const run = promisify(execFile);
const ACCOUNT = '000000000000';
const READ_PIPELINES = policyOf({ Effect: 'Allow', Action: 'codepipeline:List*', Resource: '*' });


describe('IAM API', () => {
  let t: TestServer;
  let iam: IAMClient;
  before(async () => {
    t = await startTestServer();
    iam = iamClient(t);
  });
  after(async () => {
    iam.destroy();
    await t.close();
  });

  it('creates, gets, lists and deletes users, with paths in their ARNs', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'deployer', Path: '/ci/' }));
    assert.equal(created.User?.Arn, `arn:aws:iam::${ACCOUNT}:user/ci/deployer`);
    assert.equal(created.User?.Path, '/ci/');
    assert.match(created.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    assert.ok(created.User?.CreateDate instanceof Date);
    const got = await iam.send(new GetUserCommand({ UserName: 'deployer' }));
    assert.deepEqual(got.User, created.User);
    assert.equal((await iam.send(new GetUserCommand({}))).User?.UserName, 'admin', 'without a name, the caller');
    const inCi = await iam.send(new ListUsersCommand({ PathPrefix: '/ci/' }));
    assert.deepEqual(inCi.Users?.map((u) => u.UserName), ['deployer']);
    assert.equal(inCi.IsTruncated, false);
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'Deployer' })), 'EntityAlreadyExistsException', 409,
      'User with name Deployer already exists.');
    await iam.send(new DeleteUserCommand({ UserName: 'deployer' }));
    await rejectsWith(iam.send(new GetUserCommand({ UserName: 'deployer' })), 'NoSuchEntityException', 404,
      'The user with name deployer cannot be found.');
  });

  it('pages ListUsers with MaxItems and Marker', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await iam.send(new CreateUserCommand({ UserName: name, Path: '/paging/' }));
    const first = await iam.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 2 }));
    assert.deepEqual(first.Users?.map((u) => u.UserName), ['page-a', 'page-b']);
    assert.equal(first.IsTruncated, true);
    const second = await iam.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 2, Marker: first.Marker }));
    assert.deepEqual(second.Users?.map((u) => u.UserName), ['page-c']);
    assert.equal(second.IsTruncated, false);
    assert.equal(second.Marker, undefined);
  });

  it('issues access keys (two at most), disables and deletes them; a disabled key no longer signs', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'keyed' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'keyed', PolicyName: 'read', PolicyDocument: JSON.stringify(READ_PIPELINES) }));
    const { AccessKey: key } = await iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }));
    assert.match(key?.AccessKeyId ?? '', /^AKIA[A-Z2-7]{16}$/);
    assert.equal(key?.SecretAccessKey?.length, 40);
    assert.equal(key?.Status, 'Active');
    const credentials = { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' };
    const client = t.codepipeline(credentials);
    assert.ok((await client.send(new ListPipelinesCommand({}))).pipelines);

    await iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' }));
    await rejectsWith(iam.send(new CreateAccessKeyCommand({ UserName: 'keyed' })), 'LimitExceededException', 409,
      'Cannot exceed quota for AccessKeysPerUser: 2');
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'keyed' }));
    assert.equal(listed.AccessKeyMetadata?.length, 2);
    assert.ok(listed.AccessKeyMetadata?.every((k) => k.UserName === 'keyed' && !('SecretAccessKey' in k)));

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: credentials.accessKeyId, Status: 'Inactive' }));
    await assert.rejects(client.send(new ListPipelinesCommand({})), { name: 'UnrecognizedClientException' });
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'keyed', AccessKeyId: credentials.accessKeyId, Status: 'Active' }));
    assert.ok((await client.send(new ListPipelinesCommand({}))).pipelines);

    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'keyed' })), 'DeleteConflictException', 409,
      'Cannot delete entity, must delete access keys first.');
    for (const k of listed.AccessKeyMetadata ?? []) await iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: k.AccessKeyId }));
    await rejectsWith(iam.send(new DeleteAccessKeyCommand({ UserName: 'keyed', AccessKeyId: credentials.accessKeyId })), 'NoSuchEntityException', 404,
      `The Access Key with id ${credentials.accessKeyId} cannot be found.`);
    await assert.rejects(client.send(new ListPipelinesCommand({})), { name: 'UnrecognizedClientException' });
    await rejectsWith(iam.send(new DeleteUserCommand({ UserName: 'keyed' })), 'DeleteConflictException', 409,
      'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'keyed', PolicyName: 'read' }));
    await iam.send(new DeleteUserCommand({ UserName: 'keyed' }));
  });

  it('stores inline policies as sent and returns them URL-encoded, as IAM does', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'policied' }));
    const document = JSON.stringify(READ_PIPELINES, null, 2);
    await iam.send(new PutUserPolicyCommand({ UserName: 'policied', PolicyName: 'read', PolicyDocument: document }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'policied', PolicyName: 'also', PolicyDocument: document }));
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'policied', PolicyName: 'read' }));
    assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), document);
    assert.doesNotMatch(got.PolicyDocument ?? '', /[{}"\s]/);
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'policied' }))).PolicyNames, ['also', 'read']);
    await rejectsWith(iam.send(new GetUserPolicyCommand({ UserName: 'policied', PolicyName: 'none' })), 'NoSuchEntityException', 404,
      'The user policy with name none cannot be found.');
    await rejectsWith(iam.send(new PutUserPolicyCommand({ UserName: 'nobody', PolicyName: 'p', PolicyDocument: document })),
      'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
  });

  it('refuses malformed and oversized policies with IAM\'s errors, and changes nothing', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'strict' }));
    const put = (document: string, name = 'p') => iam.send(new PutUserPolicyCommand({ UserName: 'strict', PolicyName: name, PolicyDocument: document }));
    await rejectsWith(put('{"Version":"2012-10-17","Statement":[{"Action":"codepipeline:*","Resource":"*"}]}'),
      'MalformedPolicyDocumentException', 400, /^Syntax errors in policy\. Missing required field Effect at Statement\[0\]\./);
    await rejectsWith(put('not json'), 'MalformedPolicyDocumentException', 400, /^Syntax errors in policy\./);
    await rejectsWith(put(JSON.stringify(policyOf({ Effect: 'Allow', Action: 'GetPipeline', Resource: '*' }))),
      'MalformedPolicyDocumentException', 400, /^Actions\/Conditions must be prefaced by a vendor/);
    const big = (n: number) => JSON.stringify(policyOf({ Effect: 'Allow', Action: 'codepipeline:GetPipeline', Resource: `arn:aws:codepipeline:us-east-1:${ACCOUNT}:${'p'.repeat(n)}` }));
    await put(big(1000), 'first');
    // The user's inline policies share 2,048 non-whitespace characters.
    await rejectsWith(put(big(1000), 'second'), 'LimitExceededException', 409, 'Maximum policy size of 2048 bytes exceeded for user strict');
    await put(big(1100), 'first');
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'strict' }))).PolicyNames, ['first']);
  });

  it('validates parameters against IAM\'s model, with lower-camel member names', async () => {
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'bad name' })), 'ValidationError', 400,
      "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
    await rejectsWith(iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/b` })),
      'ValidationError', 400, /permissions boundaries/);
  });

  it('authorizes iam actions on user ARNs and answers AccessDenied as IAM words it', async () => {
    const reader = await makeUser(t, 'reader', READ_PIPELINES);
    const client = iamClient(t, reader);
    try {
      await rejectsWith(client.send(new CreateUserCommand({ UserName: 'intruder' })), 'AccessDenied', 403,
        `User: arn:aws:iam::${ACCOUNT}:user/reader is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${ACCOUNT}:user/intruder`
        + ' because no identity-based policy allows the iam:CreateUser action');
      await rejectsWith(client.send(new ListUsersCommand({})), 'AccessDenied', 403, /iam:ListUsers on resource: arn:aws:iam::000000000000:user\/ because/);
      await rejectsWith(client.send(new GetUserCommand({ UserName: 'nobody' })), 'AccessDenied', 403, /iam:GetUser on resource: arn:aws:iam::000000000000:user\/nobody /);
    } finally {
      client.destroy();
    }
    // A self-service policy: each user may manage their own keys, and nothing else.
    const self = await makeUser(t, 'self', policyOf({ Effect: 'Allow', Action: 'iam:*AccessKey*', Resource: `arn:aws:iam::${ACCOUNT}:user/\${aws:username}` }));
    const own = iamClient(t, self);
    try {
      assert.equal((await own.send(new ListAccessKeysCommand({}))).AccessKeyMetadata?.[0]?.UserName, 'self');
      await rejectsWith(own.send(new ListAccessKeysCommand({ UserName: 'reader' })), 'AccessDenied', 403, /iam:ListAccessKeys on resource: arn:aws:iam::000000000000:user\/reader/);
    } finally {
      own.destroy();
    }
  });

  it('answers protocol and authentication errors in IAM\'s XML', async () => {
    const form = (body: string) => fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    const unsigned = await form('Action=ListUsers&Version=2010-05-08');
    assert.equal(unsigned.status, 403);
    assert.match(unsigned.headers.get('content-type') ?? '', /^text\/xml/);
    const xml = await unsigned.text();
    assert.match(xml, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
    assert.match(xml, /<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    const unknown = await (await form('Action=CreateRole&Version=2010-05-08')).text();
    assert.match(unknown, /<Code>InvalidAction<\/Code><Message>Could not find operation CreateRole for version 2010-05-08/);
    const wrongSecret = iamClient(t, { accessKeyId: t.credentials.accessKeyId, secretAccessKey: 'wrong' });
    const wrongKey = iamClient(t, { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: 'x' });
    try {
      await rejectsWith(wrongSecret.send(new ListUsersCommand({})), 'SignatureDoesNotMatch', 403, /^The request signature we calculated/);
      await rejectsWith(wrongKey.send(new ListUsersCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    } finally {
      wrongSecret.destroy();
      wrongKey.destroy();
    }
  });

  it('serves the aws iam CLI', async () => {
    const aws = async (...args: string[]) => (await run('aws', ['iam', ...args], { env: t.awsEnv() })).stdout;
    const created = JSON.parse(await aws('create-user', '--user-name', 'cli-user')) as { User: { Arn: string } };
    assert.equal(created.User.Arn, `arn:aws:iam::${ACCOUNT}:user/cli-user`);
    await aws('put-user-policy', '--user-name', 'cli-user', '--policy-name', 'read', '--policy-document', JSON.stringify(READ_PIPELINES));
    const policy = JSON.parse(await aws('get-user-policy', '--user-name', 'cli-user', '--policy-name', 'read')) as { PolicyDocument: object };
    assert.deepEqual(policy.PolicyDocument, READ_PIPELINES, 'the CLI decodes the URL-encoded document');
    const users = JSON.parse(await aws('list-users')) as { Users: { UserName: string }[] };
    assert.ok(users.Users.some((u) => u.UserName === 'cli-user'));
    await assert.rejects(aws('delete-user', '--user-name', 'no-such-user'), (e: Error & { stderr: string }) => {
      assert.match(e.stderr, /An error occurred \(NoSuchEntity\) when calling the DeleteUser operation: The user with name no-such-user cannot be found\./);
      return true;
    });
  });
});
