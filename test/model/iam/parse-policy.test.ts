// parsePolicyDocument: every problem, in IAM's wording, with its code and path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicyDocument } from '../../../src/model/iam/parse-policy.ts';
import { policySize, type PolicyHolder } from '../../../src/model/iam/policy.ts';
import { describeParses } from './iam-table.ts';

const M = 'MalformedPolicyDocumentException';
const L = 'LimitExceededException';
const V = 'ValidationException';
const SYNTAX = 'Syntax errors in policy.';
const LEGACY = 'The policy failed legacy parsing';
const BUCKET = 'arn:aws:s3:::example_bucket';
const ok = { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET };
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });
const one = (over: Record<string, unknown>) => doc({ ...ok, ...over });
const without = (field: string) => doc(Object.fromEntries(Object.entries(ok).filter(([k]) => k !== field)));
const inlineUser: PolicyHolder = { kind: 'inline', entity: 'user', name: 'alice' };

describeParses('parsePolicyDocument: accepted documents', [
  { name: 'a minimal document', input: doc(ok), want: [] },
  { name: 'a single statement object', input: { Version: '2012-10-17', Statement: ok }, want: [] },
  { name: 'every statement field', input: doc({
    Sid: 'Read1', Effect: 'Deny', NotAction: ['codepipeline:Get*'], NotResource: 'arn:aws:codepipeline:*:*:prod-*',
    Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 1, true] }, Bool: { 'aws:SecureTransport': false } },
  }), want: [] },
  { name: 'an Id', input: { Version: '2012-10-17', Id: 'policy-1', Statement: [ok] }, want: [] },
  { name: 'wildcards in vendor-prefixed actions and in ARNs', input: one({ Action: ['codepipeline:*Stage?', '*'], Resource: 'arn:aws:codepipeline:*' }), want: [] },
  { name: 'partition aws-cn', input: one({ Resource: 'arn:aws-cn:codepipeline:cn-north-1:123456789012:app' }), want: [] },
  { name: 'IAM user ARNs', input: one({ Resource: ['arn:aws:iam::123456789012:user/${aws:username}', 'arn:aws:iam::*:*'] }), want: [] },
  { name: 'an empty Sid and repeated empty Sids', input: doc({ ...ok, Sid: '' }, { ...ok, Sid: '' }), want: [] },
  { name: 'Version 2008-10-17 in an inline policy', input: { Version: '2008-10-17', Statement: ok }, holder: inlineUser, want: [] },
  { name: 'no Version in an inline policy', input: { Statement: ok }, holder: inlineUser, want: [] },
  { name: 'whitespace does not count towards the quota',
    input: JSON.stringify(doc(ok), null, 2000), holder: inlineUser, want: [] },
]);

describeParses('parsePolicyDocument: document level', [
  { name: 'not JSON', input: 'This is not a json document', want: [{ code: M, path: '', messageIncludes: `${SYNTAX} The document is not valid JSON` }] },
  { name: 'a JSON list', input: [], want: [{ code: M, messageIncludes: `${SYNTAX} The document must be a JSON object.` }] },
  { name: 'no Version in a managed policy', input: { Statement: ok },
    want: [{ code: M, path: 'Version', messageIncludes: 'Policy document must be version 2012-10-17 or greater.' }] },
  { name: 'Version 2008-10-17 in a managed policy', input: { Version: '2008-10-17', Statement: ok },
    want: [{ code: M, path: 'Version', messageIncludes: 'Policy document must be version 2012-10-17 or greater.' }] },
  { name: 'an unknown Version', input: { Version: '2013-10-17', Statement: ok },
    want: [{ code: M, path: 'Version', messageIncludes: `${SYNTAX} Version must be 2012-10-17 or 2008-10-17.` }] },
  { name: 'a Version that is not a string', input: { Version: 2012, Statement: ok }, want: [{ code: M, path: 'Version', messageIncludes: SYNTAX }] },
  { name: 'no Statement', input: { Version: '2012-10-17' },
    want: [{ code: M, path: 'Statement', messageIncludes: `${SYNTAX} Missing required field Statement.` }] },
  { name: 'an empty Statement list', input: doc(), want: [{ code: M, path: 'Statement', messageIncludes: 'at least one statement' }] },
  { name: 'a Statement that is a string', input: { Version: '2012-10-17', Statement: 'allow' },
    want: [{ code: M, path: 'Statement', messageIncludes: 'Statement must be an object or a list of objects.' }] },
  { name: 'a statement that is not an object', input: doc('afd'),
    want: [{ code: M, path: 'Statement[0]', messageIncludes: `${SYNTAX} A statement must be a JSON object at Statement[0].` }] },
  { name: 'an unknown top-level field', input: { ...doc(ok), 'Extra field': 'value' },
    want: [{ code: M, path: 'Extra field', messageIncludes: `${SYNTAX} Unknown field Extra field at the top level.` }] },
  { name: 'an Id that is not a string', input: { ...doc(ok), Id: ['x'] }, want: [{ code: M, path: 'Id', messageIncludes: 'Id must be a string.' }] },
  { name: 'characters outside Latin-1', input: JSON.stringify(one({ Sid: 'x' })).replace('"x"', '"é€"'),
    want: [{ code: V, path: 'policyDocument', messageIncludes: 'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
      { code: M, path: 'Statement[0].Sid', messageIncludes: 'Statement IDs (SID) must be alpha-numeric.' }] },
  { name: 'an empty document', input: '',
    want: [{ code: V, messageIncludes: 'Member must have length greater than or equal to 1' }, { code: M, messageIncludes: SYNTAX }] },
  { name: 'every problem is reported, across statements', input: doc({ Action: 'x:y', Resource: BUCKET }, { ...ok, Effect: 'allow' }, { ...ok, Principal: '*' }),
    want: [{ code: M, path: 'Statement[0]', messageIncludes: 'Missing required field Effect at Statement[0].' },
      { code: M, path: 'Statement[1].Effect', messageIncludes: LEGACY },
      { code: M, path: 'Statement[2].Principal', messageIncludes: 'Policy document should not specify a principal.' }] },
]);

describeParses('parsePolicyDocument: statement fields', [
  { name: 'no Effect', input: without('Effect'),
    want: [{ code: M, path: 'Statement[0]', messageIncludes: `${SYNTAX} Missing required field Effect at Statement[0].` }] },
  { name: 'an Effect IAM does not know', input: one({ Effect: 'invalid' }), want: [{ code: M, path: 'Statement[0].Effect', messageIncludes: 'Effect must be Allow or Deny' }] },
  { name: 'an Effect in the wrong case fails legacy parsing', input: one({ Effect: 'allow' }),
    want: [{ code: M, path: 'Statement[0].Effect', messageIncludes: `${LEGACY}. Effect 'allow' must be spelled Allow or Deny.` }] },
  { name: 'a Principal', input: one({ Principal: { AWS: '*' } }),
    want: [{ code: M, path: 'Statement[0].Principal', messageIncludes: 'Policy document should not specify a principal.' }] },
  { name: 'a NotPrincipal', input: one({ NotPrincipal: { AWS: '*' } }),
    want: [{ code: M, path: 'Statement[0].NotPrincipal', messageIncludes: 'Policy document should not specify a principal.' }] },
  { name: 'an unknown statement field', input: one({ 'Extra field': 'value' }),
    want: [{ code: M, path: 'Statement[0].Extra field', messageIncludes: `${SYNTAX} Unknown field Extra field at Statement[0].` }] },
  { name: 'both Action and NotAction', input: one({ NotAction: 's3:ListBucket' }),
    want: [{ code: M, path: 'Statement[0]', messageIncludes: 'A statement holds Action or NotAction, not both' }] },
  { name: 'both Resource and NotResource', input: one({ NotResource: [] }),
    want: [{ code: M, path: 'Statement[0]', messageIncludes: 'A statement holds Resource or NotResource, not both' }] },
  { name: 'no Action', input: without('Action'), want: [{ code: M, path: 'Statement[0]', messageIncludes: 'Policy statement must contain actions.' }] },
  { name: 'an empty Action list', input: one({ Action: [] }), want: [{ code: M, messageIncludes: 'Policy statement must contain actions.' }] },
  { name: 'no Resource', input: without('Resource'), want: [{ code: M, path: 'Statement[0]', messageIncludes: 'Policy statement must contain resources.' }] },
  { name: 'an Effect alone', input: doc({ Effect: 'Allow' }),
    want: [{ code: M, messageIncludes: 'Policy statement must contain actions.' }, { code: M, messageIncludes: 'Policy statement must contain resources.' }] },
  { name: 'an Action object', input: one({ Action: {} }), want: [{ code: M, path: 'Statement[0].Action', messageIncludes: 'Action must be a string or a list of strings' }] },
  { name: 'a list inside Action', input: one({ Action: [[]] }), want: [{ code: M, path: 'Statement[0].Action[0]', messageIncludes: 'Action must hold strings only' }] },
  { name: 'a Resource object', input: one({ Resource: { a: BUCKET } }), want: [{ code: M, path: 'Statement[0].Resource', messageIncludes: SYNTAX }] },
  { name: 'a Sid with a dash', input: one({ Sid: 'read-only' }),
    want: [{ code: M, path: 'Statement[0].Sid', messageIncludes: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*' }] },
  { name: 'a Sid used twice', input: doc({ ...ok, Sid: 'Read' }, { ...ok, Sid: 'Read' }),
    want: [{ code: M, path: 'Statement[1].Sid', messageIncludes: 'Statement IDs (SID) in a single policy must be unique.' }] },
  { name: 'a Sid that is not a string', input: one({ Sid: 5 }), want: [{ code: M, path: 'Statement[0].Sid', messageIncludes: 'Sid must be a string' }] },
]);

describeParses('parsePolicyDocument: actions and resources', [
  { name: 'an action without a vendor', input: one({ Action: 'invalid' }),
    want: [{ code: M, path: 'Statement[0].Action', messageIncludes: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' }] },
  { name: 'an empty NotAction', input: doc({ Effect: 'Allow', NotAction: '', Resource: BUCKET }),
    want: [{ code: M, path: 'Statement[0].NotAction', messageIncludes: 'Actions/Conditions must be prefaced by a vendor' }] },
  { name: 'a vendor with a space', input: one({ Action: 'a a:ListBucket' }), want: [{ code: M, messageIncludes: 'Vendor a a is not valid' }] },
  { name: 'two colons', input: one({ Action: ['s3:ListBucket', 's3:List:Bucket'] }),
    want: [{ code: M, path: 'Statement[0].Action[1]', messageIncludes: 'Actions/Condition can contain only one colon.' }] },
  { name: 'a resource that is not an ARN', input: one({ Resource: 'invalid resource' }),
    want: [{ code: M, messageIncludes: 'Resource invalid resource must be in ARN format or "*".' }] },
  { name: 'an empty resource', input: one({ Resource: ['*', ''] }),
    want: [{ code: M, path: 'Statement[0].Resource[1]', messageIncludes: 'Resource  must be in ARN format or "*".' }] },
  { name: 'an unknown partition', input: one({ Resource: 'a:bsdfdsafsad' }),
    want: [{ code: M, messageIncludes: 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".' }] },
  { name: 'an ARN without its arn: prefix', input: one({ Resource: 'aws:s3:::example_bucket' }),
    want: [{ code: M, messageIncludes: 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".' }] },
  { name: 'a long ARN in an unknown partition', input: one({ Resource: 'a:b:c:d:e:f:g:h' }),
    want: [{ code: M, messageIncludes: 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".' }] },
  { name: 'an ARN that stops at the partition', input: one({ Resource: 'arn:aws' }),
    want: [{ code: M, messageIncludes: 'Resource vendor must be fully qualified and cannot contain regexes.' }] },
  { name: 'an ARN with :: and too few parts', input: one({ Resource: 'arn:aws:s3::example_bucket' }),
    want: [{ code: M, messageIncludes: `${LEGACY}. Resource 'arn:aws:s3::example_bucket' has too few parts.` }] },
  { name: 'an ARN without a service', input: one({ Resource: 'arn:aws::us-east-1:123456789012:x' }), want: [{ code: M, messageIncludes: LEGACY }] },
  { name: 'an IAM resource outside IAM paths', input: one({ Resource: 'arn:aws:iam:::example_bucket' }),
    want: [{ code: M, messageIncludes: 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/' }] },
  { name: 'an IAM resource with a region', input: one({ Resource: 'arn:aws:iam:us-east-1:123456789012:user/a' }),
    want: [{ code: M, messageIncludes: 'IAM resource arn:aws:iam:us-east-1:123456789012:user/a cannot contain region information.' }] },
  { name: 'an S3 resource with a region', input: one({ Resource: 'arn:aws:s3:us-east-1::bucket' }),
    want: [{ code: M, messageIncludes: 'Resource arn:aws:s3:us-east-1::bucket can not contain region information.' }] },
  { name: 'a resource list with a bad string and a non-string', input: one({ Resource: ['adfdf', {}] }),
    want: [{ code: M, messageIncludes: 'Resource adfdf must be in ARN format' }, { code: M, path: 'Statement[0].Resource[1]', messageIncludes: SYNTAX }] },
  { name: 'variables in a 2008-10-17 document are plain text', input: { Version: '2008-10-17', Statement: { ...ok, Resource: 'arn:aws:s3:::b/${aws:username}' } },
    holder: inlineUser, want: [{ code: M, severity: 'warning', messageIncludes: 'Policy variables are substituted only in Version 2012-10-17' }] },
]);

describeParses('parsePolicyDocument: conditions', [
  { name: 'a Condition list', input: one({ Condition: [] }), want: [{ code: M, path: 'Statement[0].Condition', messageIncludes: SYNTAX }] },
  { name: 'a Condition string', input: one({ Condition: 'a' }), want: [{ code: M, messageIncludes: 'Condition must map operators to condition keys' }] },
  { name: 'an operator mapped to a string', input: one({ Condition: { DateGreaterThan: 'b' } }),
    want: [{ code: M, path: 'Statement[0].Condition.DateGreaterThan', messageIncludes: 'must map condition keys to values' }] },
  { name: 'an unknown operator', input: one({ Condition: { StringEqualz: { 'aws:username': 'a' } } }),
    want: [{ code: M, path: 'Statement[0].Condition.StringEqualz', messageIncludes: `${SYNTAX} Unknown condition operator StringEqualz` }] },
  { name: 'an unknown set qualifier', input: one({ Condition: { 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'a' } } }),
    want: [{ code: M, messageIncludes: 'Unknown condition operator ForSomeValues:StringEquals' }] },
  { name: 'an unknown operator with no keys is accepted, with a warning', input: one({ Condition: { StringEqualz: {} } }),
    want: [{ code: M, severity: 'warning', messageIncludes: 'names no condition keys; it has no effect' }] },
  { name: 'a condition key without a vendor', input: one({ Condition: { StringEquals: { username: 'a' } } }),
    want: [{ code: M, path: 'Statement[0].Condition.StringEquals.username', messageIncludes: 'Actions/Conditions must be prefaced by a vendor' }] },
  { name: 'an object as a condition value', input: one({ Condition: { StringEquals: { 'aws:username': { a: 1 } } } }),
    want: [{ code: M, messageIncludes: 'Condition values must be strings, numbers or booleans' }] },
  { name: 'null as a condition value', input: one({ Condition: { StringEquals: { 'aws:username': [null] } } }),
    want: [{ code: M, messageIncludes: 'Condition values must be strings, numbers or booleans' }] },
  { name: 'a date IAM cannot read', input: one({ Condition: { DateLessThan: { 'aws:CurrentTime': ['2026-01-01', 'tomorrow'] } } }),
    want: [{ code: M, path: 'Statement[0].Condition.DateLessThan.aws:CurrentTime', messageIncludes: `${LEGACY}. Value 'tomorrow' is not an ISO 8601 date` }] },
  { name: 'a thirteenth month', input: one({ Condition: { DateEqualsIfExists: { 'aws:CurrentTime': '2026-13-01T00:00:00Z' } } }),
    want: [{ code: M, messageIncludes: LEGACY }] },
  { name: 'a number IAM cannot read matches nothing', input: one({ Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }),
    want: [{ code: M, severity: 'warning', messageIncludes: "Value 'ten' is not a number, so it matches no request value." }] },
  { name: 'a Bool that is not true or false', input: one({ Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
    want: [{ code: M, severity: 'warning', messageIncludes: 'is not true or false' }] },
  { name: 'a CIDR block with a prefix too long', input: one({ Condition: { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }),
    want: [{ code: M, severity: 'warning', messageIncludes: 'is not an IPv4 or IPv6 address or CIDR block' }] },
  { name: 'an ARN of fewer than six parts', input: one({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:codepipeline:*' } } }),
    want: [{ code: M, severity: 'warning', messageIncludes: 'is not an ARN of six colon-separated parts' }] },
]);

describeParses('parsePolicyDocument: size quotas', [
  { name: 'a managed policy over 6,144 characters', input: one({ Action: Array.from({ length: 300 }, (_, i) => `codepipeline:Action${i}`) }),
    want: [{ code: L, messageIncludes: 'Cannot exceed quota for PolicySize: 6144' }] },
  { name: "a user's inline policies over 2,048 characters together", input: doc(ok),
    holder: { ...inlineUser, otherInlineSize: 2000 },
    want: [{ code: L, messageIncludes: 'Maximum policy size of 2048 bytes exceeded for user alice' }] },
  { name: "a role's inline quota is 10,240", input: one({ Action: Array.from({ length: 300 }, (_, i) => `codepipeline:Action${i}`) }),
    holder: { kind: 'inline', entity: 'role', name: 'builder' }, want: [] },
  { name: "a group's inline quota is 5,120", input: one({ Action: Array.from({ length: 300 }, (_, i) => `codepipeline:Action${i}`) }),
    holder: { kind: 'inline', entity: 'group', name: 'devs' },
    want: [{ code: L, messageIncludes: 'Maximum policy size of 5120 bytes exceeded for group devs' }] },
]);

describe('parsePolicyDocument: the returned document', () => {
  it('is the document as written', () => {
    const input = one({ Sid: 'A', Condition: { NumericLessThan: { 's:n': 10 } } });
    assert.deepEqual(parsePolicyDocument(JSON.stringify(input)).policy, input);
  });

  it('says Version 2008-10-17 when an inline policy has none, as IAM reads it', () => {
    assert.equal(parsePolicyDocument(JSON.stringify({ Statement: ok }), inlineUser).policy?.Version, '2008-10-17');
  });

  it('counts size without whitespace', () => {
    assert.equal(policySize('{ "a" :\n\t"b c" }'), '{"a":"bc"}'.length);
  });
});
