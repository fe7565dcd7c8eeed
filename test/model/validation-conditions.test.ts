// Stage conditions and triggers of V2 pipelines (spec §1.5, §2.7).
import { ErrorCode } from '../../src/model/errors.ts';
import { makeV2Pipeline, stagePath, withChanges } from './pipeline-builders.ts';
import { describeTable } from './validation-table.ts';

const V = ErrorCode.ValidationException;
const S = ErrorCode.InvalidStructureException;
const ST = ErrorCode.InvalidStageDeclarationException;
const v2 = makeV2Pipeline();
const DEPLOY = stagePath(3);
const BEFORE = `${DEPLOY}.beforeEntry.conditions.1.member`;
const RULE = `${BEFORE}.rules.1.member`;
const GIT = 'pipeline.triggers.1.member.gitConfiguration';
const check = (provider: string, configuration: Record<string, string>, name = 'R') =>
  ({ name, ruleTypeId: { category: 'Rule', provider }, configuration });
const alarm = check('CloudWatchAlarm', { AlarmName: 'errors' });

describeTable('validation: stage conditions', [
  { name: 'beforeEntry allows FAIL or SKIP', input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.result': 'ROLLBACK' }),
    want: [{ code: V, path: `${BEFORE}.result`, messageIncludes: `Result 'ROLLBACK' at '${BEFORE}.result' is not allowed in beforeEntry conditions; use one of FAIL, SKIP` }] },
  { name: 'onSuccess allows ROLLBACK or FAIL', input: withChanges(v2, { 'stages.2.onSuccess.conditions.0.result': 'SKIP' }),
    want: [{ code: V, messageIncludes: 'is not allowed in onSuccess conditions; use one of ROLLBACK, FAIL' }] },
  { name: 'onFailure allows ROLLBACK or RETRY', input: withChanges(v2, { 'stages.2.onFailure.result': 'FAIL' }),
    want: [{ code: V, path: `${DEPLOY}.onFailure.result`, messageIncludes: 'is not allowed in onFailure conditions; use one of ROLLBACK, RETRY' }] },
  { name: 'onFailure needs a result', input: withChanges(v2, { 'stages.2.onFailure': {} }),
    want: [{ code: V, path: `${DEPLOY}.onFailure.result`, messageIncludes: 'Member must not be null' }] },
  { name: 'RETRY takes a retry mode', input: withChanges(v2, { 'stages.2.onFailure': { result: 'RETRY', retryConfiguration: { retryMode: 'FAILED_ACTIONS' } } }),
    want: [] },
  { name: 'the retry mode is FAILED_ACTIONS or ALL_ACTIONS',
    input: withChanges(v2, { 'stages.2.onFailure': { result: 'RETRY', retryConfiguration: { retryMode: 'SOME' } } }),
    want: [{ code: V, path: `${DEPLOY}.onFailure.retryConfiguration.retryMode`, messageIncludes: '[ALL_ACTIONS, FAILED_ACTIONS]' }] },
  { name: 'retryConfiguration goes with RETRY only',
    input: withChanges(v2, { 'stages.2.onFailure': { result: 'ROLLBACK', retryConfiguration: { retryMode: 'ALL_ACTIONS' } } }),
    want: [{ code: V, path: `${DEPLOY}.onFailure.retryConfiguration`, messageIncludes: 'applies only to result RETRY' }] },
  { name: 'onFailure may hold a rule condition', input: withChanges(v2, { 'stages.2.onFailure.conditions': [{ result: 'ROLLBACK', rules: [alarm] }] }),
    want: [] },
  { name: 'a condition list holds exactly one condition', input: withChanges(v2, { 'stages.2.onSuccess.conditions.1': { rules: [alarm] } }),
    want: [{ code: V, path: `${DEPLOY}.onSuccess.conditions`, messageIncludes: 'less than or equal to 1' }] },
  { name: 'beforeEntry needs its conditions', input: withChanges(v2, { 'stages.2.beforeEntry': {} }),
    want: [{ code: V, path: `${DEPLOY}.beforeEntry.conditions`, messageIncludes: 'Member must not be null' }] },
  { name: 'a condition has at least one rule', input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.rules': [] }),
    want: [{ code: V, path: `${BEFORE}.rules`, messageIncludes: 'greater than or equal to 1' }] },
  { name: 'a condition has at most five rules', input: withChanges(v2, { 'stages.2.onSuccess.conditions.0.rules':
    Array.from({ length: 6 }, (_, i) => ({ ...alarm, name: `R${i}` })) }),
  want: [{ code: V, path: `${DEPLOY}.onSuccess.conditions.1.member.rules`, messageIncludes: 'less than or equal to 5' }] },
  { name: 'rule providers are known', input: withChanges(v2, { 'stages.2.onSuccess.conditions.0.rules.0': check('Magic', {}) }),
    want: [{ code: ST, messageIncludes: "Rule 'R' uses unknown rule provider 'Magic'; use one of VariableCheck, DeploymentWindow" }] },
  { name: 'rule category is Rule', input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.rules.0.ruleTypeId.category': 'Action' }),
    want: [{ code: V, path: `${RULE}.ruleTypeId.category`, messageIncludes: 'enum value set: [Rule]' }] },
  { name: 'rules need their provider keys', input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.rules.0.configuration.Operator': undefined }),
    want: [{ code: ST, path: `${RULE}.configuration`, messageIncludes: "Rule configuration for rule 'OnlyProd' is missing required configuration 'Operator'" }] },
  { name: 'VariableCheck operators are EQ, NE, CONTAINS, MATCHES',
    input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.rules.0.configuration.Operator': 'GT' }),
    want: [{ code: ST, path: `${RULE}.configuration.Operator`, messageIncludes: 'use one of EQ, NE, CONTAINS, MATCHES' }] },
  { name: 'SKIP works only with LambdaInvoke or VariableCheck rules',
    input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.rules.1': alarm }),
    want: [{ code: ST, messageIncludes: "Rule 'R' (CloudWatchAlarm) cannot be used with result SKIP" }] },
  { name: 'rule names are unique in a condition',
    input: withChanges(v2, { 'stages.2.onSuccess.conditions.0.rules.1': { ...alarm, name: 'Window' } }),
    want: [{ code: ST, messageIncludes: "Rule name 'Window' is used more than once" }] },
  { name: 'Commands rules need commands', input: withChanges(v2, { 'stages.2.onSuccess.conditions.0.rules.0': check('Commands', {}) }),
    want: [{ code: ST, messageIncludes: "Rule 'R' is a Commands rule and needs 'commands'" }] },
  { name: 'only Commands rules take commands',
    input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.rules.0.commands': ['true'] }),
    want: [{ code: ST, path: `${RULE}.commands`, messageIncludes: 'allowed only on Commands rules' }] },
  { name: 'rule configuration values reach 10000 characters', input: withChanges(v2, {
    'stages.2.onSuccess.conditions.0.rules.0.configuration.Cron': 'c'.repeat(5000),
    'stages.2.beforeEntry.conditions.0.rules.0.configuration.Value': 'v'.repeat(10001) }),
  want: [{ code: V, path: `${RULE}.configuration.Value`, messageIncludes: 'less than or equal to 10000' }] },
  { name: 'rule timeouts are 5 to 86400 minutes',
    input: withChanges(v2, { 'stages.2.beforeEntry.conditions.0.rules.0.timeoutInMinutes': 1 }),
    want: [{ code: V, path: `${RULE}.timeoutInMinutes`, messageIncludes: 'greater than or equal to 5' }] },
]);

const trigger = v2.triggers?.[0];
describeTable('validation: triggers', [
  { name: 'at most 50 triggers', input: withChanges(v2, { triggers: Array.from({ length: 51 }, () => trigger) }),
    want: [
      { code: V, path: 'pipeline.triggers', messageIncludes: 'less than or equal to 50' },
      ...Array.from({ length: 50 }, () => ({ code: S, messageIncludes: "Source action 'Src' has more than one trigger" })),
    ] },
  { name: 'the provider type is CodeStarSourceConnection', input: withChanges(v2, { 'triggers.0.providerType': 'GitHub' }),
    want: [{ code: V, path: 'pipeline.triggers.1.member.providerType', messageIncludes: 'enum value set: [CodeStarSourceConnection]' }] },
  { name: 'a trigger needs gitConfiguration', input: withChanges(v2, { 'triggers.0.gitConfiguration': undefined }),
    want: [{ code: V, path: GIT, messageIncludes: 'Member must not be null' }] },
  { name: 'gitConfiguration names its source action', input: withChanges(v2, { 'triggers.0.gitConfiguration.sourceActionName': undefined }),
    want: [{ code: V, path: `${GIT}.sourceActionName`, messageIncludes: 'Member must not be null' }] },
  { name: 'a trigger has a push or pullRequest filter',
    input: withChanges(v2, { 'triggers.0.gitConfiguration.push': undefined, 'triggers.0.gitConfiguration.pullRequest': undefined }),
    want: [{ code: V, path: GIT, messageIncludes: "needs at least one 'push' or 'pullRequest' filter" }] },
  { name: 'at most 3 push filters', input: withChanges(v2, { 'triggers.0.gitConfiguration.push':
    Array.from({ length: 4 }, () => ({ tags: { includes: ['v*'] } })) }),
  want: [{ code: V, path: `${GIT}.push`, messageIncludes: 'less than or equal to 3' }] },
  { name: 'at most 8 globs of at most 255 characters', input: withChanges(v2, {
    'triggers.0.gitConfiguration.push.0.branches.includes': Array.from({ length: 9 }, (_, i) => `b${i}`),
    'triggers.0.gitConfiguration.pullRequest.0.branches.includes': ['b'.repeat(256)] }),
  want: [
    { code: V, path: `${GIT}.push.1.member.branches.includes`, messageIncludes: 'less than or equal to 8' },
    { code: V, path: `${GIT}.pullRequest.1.member.branches.includes.1.member`, messageIncludes: 'less than or equal to 255' },
  ] },
  { name: 'trigger globs must compile', input: withChanges(v2, { 'triggers.0.gitConfiguration.push.0.branches.includes': ['main', 'release/[x'] }),
    want: [{ code: V, path: `${GIT}.push.1.member.branches.includes.2.member`, messageIncludes: "Glob 'release/[x'" }] },
  { name: 'push tags stand alone', input: withChanges(v2, { 'triggers.0.gitConfiguration.push.1.branches': { includes: ['main'] } }),
    want: [{ code: V, path: `${GIT}.push.2.member`, messageIncludes: 'combines tags with branches or filePaths' }] },
  { name: 'push filePaths need branches', input: withChanges(v2, { 'triggers.0.gitConfiguration.push.0.branches': undefined }),
    want: [{ code: V, path: `${GIT}.push.1.member`, messageIncludes: 'has filePaths without branches' }] },
  { name: 'a push filter is not empty', input: withChanges(v2, { 'triggers.0.gitConfiguration.push.1': {} }),
    want: [{ code: V, path: `${GIT}.push.2.member`, messageIncludes: 'is empty' }] },
  { name: 'pull request filters need branches', input: withChanges(v2, { 'triggers.0.gitConfiguration.pullRequest.0.branches': undefined }),
    want: [{ code: V, path: `${GIT}.pullRequest.1.member.branches`, messageIncludes: 'Member must not be null' }] },
  { name: 'pull request events are OPEN, UPDATED, CLOSED, each once', input: withChanges(v2, {
    'triggers.0.gitConfiguration.pullRequest.0.events': ['OPEN', 'MERGED', 'OPEN'] }),
  want: [
    { code: V, path: `${GIT}.pullRequest.1.member.events.2.member`, messageIncludes: 'enum value set: [CLOSED, OPEN, UPDATED]' },
    { code: V, path: `${GIT}.pullRequest.1.member.events`, messageIncludes: 'lists an event twice' },
  ] },
  { name: 'filter criteria include or exclude something', input: withChanges(v2, { 'triggers.0.gitConfiguration.push.0.filePaths': {} }),
    want: [{ code: V, path: `${GIT}.push.1.member.filePaths`, messageIncludes: "need 'includes' or 'excludes'" }] },
]);
