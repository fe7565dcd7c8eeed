// Condition operators, IfExists, set qualifiers, Null, and policy variables.
import { allow, conditionRow as row, deny, describeEvaluations, pipelineArn, policy, request } from './iam-table.ts';

const USER = 'aws:username';
const IP = 'aws:SourceIp';
const NOW = 'aws:CurrentTime';
const TAGS = 'aws:TagKeys';
const ARN = 'aws:SourceArn';
const alice = { [USER]: 'alice' };

describeEvaluations('conditions: string operators', [
  row('StringEquals, same value', { StringEquals: { [USER]: 'alice' } }, alice, true),
  row('StringEquals is case-sensitive', { StringEquals: { [USER]: 'Alice' } }, alice, false),
  row('StringEquals, values are alternatives (OR)', { StringEquals: { [USER]: ['bob', 'alice'] } }, alice, true),
  row('StringEquals, absent key', { StringEquals: { [USER]: 'alice' } }, {}, false),
  row('StringEquals reads * literally', { StringEquals: { [USER]: 'a*' } }, alice, false),
  row('StringEquals matches a literal *', { StringEquals: { [USER]: 'a*' } }, { [USER]: 'a*' }, true),
  row('condition key names ignore case', { StringEquals: { 'AWS:UserName': 'alice' } }, alice, true),
  row('StringNotEquals, another value', { StringNotEquals: { [USER]: 'bob' } }, alice, true),
  row('StringNotEquals, listed values are all excluded (NOR)', { StringNotEquals: { [USER]: ['bob', 'alice'] } }, alice, false),
  row('StringNotEquals, none of the listed values', { StringNotEquals: { [USER]: ['bob', 'carol'] } }, alice, true),
  row('StringNotEquals, absent key holds', { StringNotEquals: { [USER]: 'bob' } }, {}, true),
  row('StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { [USER]: 'ALICE' } }, alice, true),
  row('StringEqualsIgnoreCase, other value', { StringEqualsIgnoreCase: { [USER]: 'BOB' } }, alice, false),
  row('StringNotEqualsIgnoreCase, same value in other case', { StringNotEqualsIgnoreCase: { [USER]: 'ALICE' } }, alice, false),
  row('StringNotEqualsIgnoreCase, other value', { StringNotEqualsIgnoreCase: { [USER]: 'BOB' } }, alice, true),
  row('StringLike with *', { StringLike: { [USER]: 'al*' } }, alice, true),
  row('StringLike with ?', { StringLike: { [USER]: 'al?ce' } }, alice, true),
  row('StringLike ? needs one character', { StringLike: { [USER]: 'alice?' } }, alice, false),
  row('StringLike is case-sensitive', { StringLike: { [USER]: 'AL*' } }, alice, false),
  row('StringLike, absent key', { StringLike: { [USER]: '*' } }, {}, false),
  row('StringNotLike, matching pattern', { StringNotLike: { [USER]: 'a*' } }, alice, false),
  row('StringNotLike, no listed pattern matches', { StringNotLike: { [USER]: ['b*', 'c*'] } }, alice, true),
  row('StringNotLike, absent key holds', { StringNotLike: { [USER]: 'a*' } }, {}, true),
]);

describeEvaluations('conditions: numeric operators', [
  row('NumericEquals', { NumericEquals: { 's:n': '10' } }, { 's:n': '10' }, true),
  row('NumericEquals compares numbers, not text', { NumericEquals: { 's:n': '10' } }, { 's:n': '10.0' }, true),
  row('NumericEquals with a JSON number', { NumericEquals: { 's:n': 10 } }, { 's:n': '10' }, true),
  row('NumericEquals, other number', { NumericEquals: { 's:n': '10' } }, { 's:n': '11' }, false),
  row('NumericNotEquals', { NumericNotEquals: { 's:n': ['10', '11'] } }, { 's:n': '12' }, true),
  row('NumericNotEquals, a listed number', { NumericNotEquals: { 's:n': ['10', '11'] } }, { 's:n': '11' }, false),
  row('NumericLessThan', { NumericLessThan: { 's:n': '10' } }, { 's:n': '9.5' }, true),
  row('NumericLessThan, equal', { NumericLessThan: { 's:n': '10' } }, { 's:n': '10' }, false),
  row('NumericLessThanEquals, equal', { NumericLessThanEquals: { 's:n': '10' } }, { 's:n': '10' }, true),
  row('NumericGreaterThan', { NumericGreaterThan: { 's:n': '10' } }, { 's:n': '-11' }, false),
  row('NumericGreaterThanEquals', { NumericGreaterThanEquals: { 's:n': '-11' } }, { 's:n': '-11' }, true),
  row('a request value that is not a number', { NumericLessThan: { 's:n': '10' } }, { 's:n': 'ten' }, false),
  row('Numeric, absent key', { NumericLessThan: { 's:n': '10' } }, {}, false),
  row('NumericNotEquals, absent key holds', { NumericNotEquals: { 's:n': '10' } }, {}, true),
]);

describeEvaluations('conditions: date operators', [
  row('DateLessThan', { DateLessThan: { [NOW]: '2026-06-01T00:00:00Z' } }, { [NOW]: '2026-03-01T12:00:00Z' }, true),
  row('DateLessThan, later', { DateLessThan: { [NOW]: '2026-01-01T00:00:00Z' } }, { [NOW]: '2026-03-01T12:00:00Z' }, false),
  row('DateLessThanEquals, same instant', { DateLessThanEquals: { [NOW]: '2026-03-01T12:00:00Z' } }, { [NOW]: '2026-03-01T12:00:00Z' }, true),
  row('DateGreaterThan', { DateGreaterThan: { [NOW]: '2026-03-01' } }, { [NOW]: '2026-03-01T00:00:01Z' }, true),
  row('DateGreaterThanEquals, date only is midnight UTC', { DateGreaterThanEquals: { [NOW]: '2026-03-02' } }, { [NOW]: '2026-03-01T23:59:59Z' }, false),
  row('DateEquals across zones', { DateEquals: { [NOW]: '2026-03-01T13:00:00+01:00' } }, { [NOW]: '2026-03-01T12:00:00Z' }, true),
  row('DateEquals with fractions of a second', { DateEquals: { [NOW]: '2026-03-01T12:00:00.250Z' } }, { [NOW]: '2026-03-01T12:00:00.25Z' }, true),
  row('DateNotEquals', { DateNotEquals: { [NOW]: '2026-03-01T12:00:00Z' } }, { [NOW]: '2026-03-01T12:00:01Z' }, true),
  row('epoch seconds in the policy', { DateGreaterThan: { 'aws:EpochTime': '1772366399' } }, { 'aws:EpochTime': '1772366400' }, true),
  row('epoch seconds against ISO', { DateEquals: { [NOW]: 1772366400 } }, { [NOW]: '2026-03-01T12:00:00Z' }, true),
  row('a request value that is not a date', { DateLessThan: { [NOW]: '2026-06-01' } }, { [NOW]: 'yesterday' }, false),
  row('Date, absent key', { DateLessThan: { [NOW]: '2026-06-01' } }, {}, false),
]);

describeEvaluations('conditions: Bool, Null and IfExists', [
  row('Bool true', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': 'true' }, true),
  row('Bool with a JSON boolean', { Bool: { 'aws:SecureTransport': false } }, { 'aws:SecureTransport': 'true' }, false),
  row('Bool ignores case', { Bool: { 'aws:SecureTransport': 'TRUE' } }, { 'aws:SecureTransport': 'true' }, true),
  row('Bool, absent key', { Bool: { 'aws:MultiFactorAuthPresent': 'false' } }, {}, false),
  row('Null true, key absent', { Null: { 'aws:TokenIssueTime': 'true' } }, {}, true),
  row('Null true, key present', { Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, false),
  row('Null false, key present', { Null: { 'aws:TokenIssueTime': false } }, { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' }, true),
  row('Null false, key absent', { Null: { 'aws:TokenIssueTime': 'false' } }, {}, false),
  row('Null true, empty list', { Null: { [TAGS]: 'true' } }, { [TAGS]: [] }, true),
  row('StringEqualsIfExists, absent key', { StringEqualsIfExists: { [USER]: 'bob' } }, {}, true),
  row('StringEqualsIfExists, present and different', { StringEqualsIfExists: { [USER]: 'bob' } }, alice, false),
  row('StringEqualsIfExists, present and same', { StringEqualsIfExists: { [USER]: 'alice' } }, alice, true),
  row('NumericLessThanIfExists, absent key', { NumericLessThanIfExists: { 's:n': '1' } }, {}, true),
  row('BoolIfExists, present', { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'false' }, false),
  row('IpAddressIfExists, absent key', { IpAddressIfExists: { [IP]: '10.0.0.0/8' } }, {}, true),
]);

describeEvaluations('conditions: IP addresses', [
  row('IPv4 inside a CIDR block', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.113.77' }, true),
  row('IPv4 outside a CIDR block', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.114.1' }, false),
  row('IPv4 single address', { IpAddress: { [IP]: '203.0.113.7' } }, { [IP]: '203.0.113.7' }, true),
  row('IPv4 /0 covers everything', { IpAddress: { [IP]: '0.0.0.0/0' } }, { [IP]: '8.8.8.8' }, true),
  row('blocks are alternatives', { IpAddress: { [IP]: ['10.0.0.0/8', '192.168.0.0/16'] } }, { [IP]: '192.168.4.2' }, true),
  row('IPv6 inside a CIDR block', { IpAddress: { [IP]: '2001:db8::/32' } }, { [IP]: '2001:db8:0:1::5' }, true),
  row('IPv6 outside a CIDR block', { IpAddress: { [IP]: '2001:db8::/32' } }, { [IP]: '2001:db9::1' }, false),
  row('IPv6 in full form', { IpAddress: { [IP]: '2001:0db8:0000:0000:0000:0000:0000:0001/128' } }, { [IP]: '2001:db8::1' }, true),
  row('IPv6 with an IPv4 tail', { IpAddress: { [IP]: '::ffff:0:0/96' } }, { [IP]: '::ffff:10.1.2.3' }, true),
  row('an IPv4 address is not in an IPv6 block', { IpAddress: { [IP]: '::/0' } }, { [IP]: '10.0.0.1' }, false),
  row('a request address that is not an address', { IpAddress: { [IP]: '0.0.0.0/0' } }, { [IP]: 'localhost' }, false),
  row('NotIpAddress, outside every block', { NotIpAddress: { [IP]: ['10.0.0.0/8', '2001:db8::/32'] } }, { [IP]: '198.51.100.1' }, true),
  row('NotIpAddress, inside one block', { NotIpAddress: { [IP]: ['10.0.0.0/8', '2001:db8::/32'] } }, { [IP]: '2001:db8::9' }, false),
  row('NotIpAddress, absent key holds', { NotIpAddress: { [IP]: '10.0.0.0/8' } }, {}, true),
]);

const SOURCE = pipelineArn('app');
describeEvaluations('conditions: ARN operators', [
  row('ArnLike with a wildcard region', { ArnLike: { [ARN]: 'arn:aws:codepipeline:*:123456789012:app' } }, { [ARN]: SOURCE }, true),
  row('ArnEquals takes wildcards like ArnLike', { ArnEquals: { [ARN]: 'arn:aws:codepipeline:us-east-?:123456789012:*' } }, { [ARN]: SOURCE }, true),
  row('ArnLike, other account', { ArnLike: { [ARN]: 'arn:aws:codepipeline:*:210987654321:*' } }, { [ARN]: SOURCE }, false),
  row('ArnLike parts are matched one by one: * does not cross :', { ArnLike: { [ARN]: 'arn:aws:codepipeline:*:app' } }, { [ARN]: SOURCE }, false),
  row('ArnLike, the last part keeps its colons', { ArnLike: { [ARN]: 'arn:aws:codepipeline:us-east-1:123456789012:webhook:*' } },
    { [ARN]: `${pipelineArn('webhook')}:hook` }, true),
  row('ArnLike is case-sensitive', { ArnLike: { [ARN]: 'arn:aws:codepipeline:*:*:App' } }, { [ARN]: SOURCE }, false),
  row('ArnNotLike, matching', { ArnNotLike: { [ARN]: 'arn:aws:codepipeline:*:*:*' } }, { [ARN]: SOURCE }, false),
  row('ArnNotEquals, not matching', { ArnNotEquals: { [ARN]: 'arn:aws:codebuild:*:*:*' } }, { [ARN]: SOURCE }, true),
  row('ArnLike with a policy variable', { ArnLike: { [ARN]: 'arn:aws:codepipeline:*:*:${aws:username}' } }, { [ARN]: pipelineArn('alice'), ...alice }, true),
  row('ArnLike with a variable holding colons', { ArnLike: { [ARN]: 'arn:aws:codepipeline:${s:where}:app' } },
    { [ARN]: SOURCE, 's:where': 'us-east-1:123456789012' }, true),
  row('ArnNotLike, absent key holds', { ArnNotLike: { [ARN]: 'arn:aws:codepipeline:*:*:*' } }, {}, true),
]);

describeEvaluations('conditions: blocks, set qualifiers and multivalued keys', [
  row('keys of one operator are ANDed', { StringEquals: { [USER]: 'alice', 'aws:PrincipalTag/team': 'web' } }, alice, false),
  row('operators are ANDed', { StringEquals: { [USER]: 'alice' }, IpAddress: { [IP]: '10.0.0.0/8' } }, { ...alice, [IP]: '10.1.1.1' }, true),
  row('operators are ANDed, one fails', { StringEquals: { [USER]: 'alice' }, IpAddress: { [IP]: '10.0.0.0/8' } }, { ...alice, [IP]: '11.1.1.1' }, false),
  row('ForAnyValue, one request value matches', { 'ForAnyValue:StringEquals': { [TAGS]: 'team' } }, { [TAGS]: ['env', 'team'] }, true),
  row('ForAnyValue, none matches', { 'ForAnyValue:StringEquals': { [TAGS]: 'owner' } }, { [TAGS]: ['env', 'team'] }, false),
  row('ForAnyValue, absent key', { 'ForAnyValue:StringEquals': { [TAGS]: 'team' } }, {}, false),
  row('ForAnyValue, empty list', { 'ForAnyValue:StringEquals': { [TAGS]: 'team' } }, { [TAGS]: [] }, false),
  row('ForAnyValue with IfExists, absent key', { 'ForAnyValue:StringEqualsIfExists': { [TAGS]: 'team' } }, {}, true),
  row('ForAnyValue:StringNotEquals, one value outside', { 'ForAnyValue:StringNotEquals': { [TAGS]: 'env' } }, { [TAGS]: ['env', 'team'] }, true),
  row('ForAnyValue:StringNotEquals, all values listed', { 'ForAnyValue:StringNotEquals': { [TAGS]: 'env' } }, { [TAGS]: ['env'] }, false),
  row('ForAllValues, every value allowed', { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team', 'owner'] } }, { [TAGS]: ['env', 'team'] }, true),
  row('ForAllValues, one value not allowed', { 'ForAllValues:StringEquals': { [TAGS]: ['env', 'team'] } }, { [TAGS]: ['env', 'cost'] }, false),
  row('ForAllValues, absent key holds', { 'ForAllValues:StringEquals': { [TAGS]: 'env' } }, {}, true),
  row('ForAllValues, empty list holds', { 'ForAllValues:StringEquals': { [TAGS]: 'env' } }, { [TAGS]: [] }, true),
  row('ForAllValues:StringLike', { 'ForAllValues:StringLike': { [TAGS]: 'team-*' } }, { [TAGS]: ['team-a', 'team-b'] }, true),
  row('ForAllValues:StringNotEquals, no value forbidden', { 'ForAllValues:StringNotEquals': { [TAGS]: ['secret'] } }, { [TAGS]: ['env', 'team'] }, true),
  row('ForAllValues:StringNotEquals, a forbidden value', { 'ForAllValues:StringNotEquals': { [TAGS]: ['secret'] } }, { [TAGS]: ['env', 'secret'] }, false),
  row('ForAnyValue on a single-valued key', { 'ForAnyValue:StringLike': { [USER]: 'a*' } }, alice, true),
  row('multivalued key without qualifier: any value may match', { StringEquals: { [TAGS]: 'env' } }, { [TAGS]: ['env', 'team'] }, true),
  row('multivalued key without qualifier, negated: no value may match', { StringNotEquals: { [TAGS]: 'env' } }, { [TAGS]: ['env', 'team'] }, false),
]);

describeEvaluations('conditions: in Deny statements', [
  { name: 'deny outside the office network', policies: [policy(allow('*', '*'), deny('*', '*', { Condition: { NotIpAddress: { [IP]: '10.0.0.0/8' } } }))],
    request: request('codepipeline:StartPipelineExecution', SOURCE, { [IP]: '8.8.8.8' }), want: 'ExplicitDeny' },
  { name: 'no deny inside the office network', policies: [policy(allow('*', '*'), deny('*', '*', { Condition: { NotIpAddress: { [IP]: '10.0.0.0/8' } } }))],
    request: request('codepipeline:StartPipelineExecution', SOURCE, { [IP]: '10.2.3.4' }), want: 'Allow' },
  { name: 'deny without TLS', policies: [policy(allow('*', '*'), deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }))],
    request: request('codepipeline:GetPipeline', SOURCE, { 'aws:SecureTransport': 'false' }), want: 'ExplicitDeny' },
  { name: 'a Deny whose condition does not hold lets the Allow stand',
    policies: [policy(allow('*', '*'), deny('*', '*', { Condition: { DateGreaterThan: { [NOW]: '2027-01-01T00:00:00Z' } } }))],
    request: request('codepipeline:GetPipeline', SOURCE, { [NOW]: '2026-03-01T00:00:00Z' }), want: 'Allow' },
]);

const OWN = pipelineArn('${aws:username}-*');
const GET = 'codepipeline:GetPipeline';
describeEvaluations('conditions: policy variables', [
  { name: 'a variable in Resource takes the request value', policies: [policy(allow('*', OWN))],
    request: request(GET, pipelineArn('alice-web'), alice), want: 'Allow' },
  { name: 'a variable in Resource excludes other values', policies: [policy(allow('*', OWN))],
    request: request(GET, pipelineArn('bob-web'), alice), want: 'ImplicitDeny' },
  { name: 'variable names ignore case', policies: [policy(allow('*', pipelineArn('${AWS:UserName}-*')))],
    request: request(GET, pipelineArn('alice-web'), alice), want: 'Allow' },
  { name: 'an unresolved variable matches nothing', policies: [policy(allow('*', [OWN, pipelineArn('${aws:username}*')]))],
    request: request(GET, pipelineArn('-web')), want: 'ImplicitDeny' },
  { name: 'an unresolved variable in NotResource excludes nothing',
    policies: [policy(allow('*', '*'), { Effect: 'Deny', Action: '*', NotResource: OWN })],
    request: request(GET, pipelineArn('alice-web')), want: 'ExplicitDeny' },
  { name: 'a default value stands in for an absent key', policies: [policy(allow('*', pipelineArn("${aws:username, 'shared'}-*")))],
    request: request(GET, pipelineArn('shared-web')), want: 'Allow' },
  { name: 'the request value wins over the default', policies: [policy(allow('*', pipelineArn("${aws:username, 'shared'}-*")))],
    request: request(GET, pipelineArn('shared-web'), alice), want: 'ImplicitDeny' },
  { name: 'a multivalued key is not a variable', policies: [policy(allow('*', pipelineArn('${aws:TagKeys}')))],
    request: request(GET, pipelineArn('env'), { [TAGS]: ['env'] }), want: 'ImplicitDeny' },
  { name: 'Version 2008-10-17 reads variables as plain text',
    policies: [{ Version: '2008-10-17', Statement: [allow('*', '*', { Condition: { StringEquals: { [USER]: '${aws:username}' } } })] }],
    request: request(GET, SOURCE, { [USER]: '${aws:username}' }), want: 'Allow' },
  { name: 'Version 2008-10-17 does not substitute',
    policies: [{ Version: '2008-10-17', Statement: [allow('*', OWN)] }],
    request: request(GET, pipelineArn('alice-web'), alice), want: 'ImplicitDeny' },
  row('a variable in a condition value', { StringEquals: { 'aws:PrincipalTag/owner': '${aws:username}' } },
    { ...alice, 'aws:PrincipalTag/owner': 'alice' }, true),
  row('a default with a doubled quote', { StringEquals: { 's:name': "${s:absent, 'o''brien'}" } }, { 's:name': "o'brien" }, true),
  row('${*} is a literal *', { StringLike: { 's:name': 'a${*}b' } }, { 's:name': 'a*b' }, true),
  row('${*} is not a wildcard', { StringLike: { 's:name': 'a${*}b' } }, { 's:name': 'axb' }, false),
  row('${?} is not a wildcard', { StringLike: { 's:name': 'a${?}' } }, { 's:name': 'ax' }, false),
  row('${$} is a literal $', { StringEquals: { 's:name': '${$}{aws:username}' } }, { 's:name': '${aws:username}', ...alice }, true),
  row('a substituted value is literal, never a wildcard', { StringLike: { [USER]: '${s:pattern}' } }, { [USER]: 'abc', 's:pattern': 'a*' }, false),
  row('an unresolved variable under a negated operator holds', { StringNotEquals: { [USER]: '${aws:PrincipalTag/owner}' } }, alice, true),
  row('an unclosed ${ is plain text', { StringEquals: { 's:name': '${aws:username' } }, { 's:name': '${aws:username', ...alice }, true),
  row('numeric operators take no variables', { NumericEquals: { 's:n': '${s:m}' } }, { 's:n': '5', 's:m': '5' }, false),
]);
