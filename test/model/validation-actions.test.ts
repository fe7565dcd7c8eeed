// Per-action rules that come from the action type catalog (spec §1.2 rule 4).
import { makeActionTypeCatalog, type ActionTypeSpec } from '../../src/model/action-types.ts';
import { ErrorCode } from '../../src/model/errors.ts';
import {
  actionPath, makeApprovalAction, makePipeline, makeSourceAction, makeV2Pipeline, typeId, withChanges,
} from './pipeline-builders.ts';
import { describeTable } from './validation-table.ts';

const S = ErrorCode.InvalidStructureException;
const A = ErrorCode.InvalidActionDeclarationException;
const v1 = makePipeline();
const v2 = makeV2Pipeline();
const BUILD = actionPath(2, 1);
const DEPLOY = actionPath(3, 2);

const jenkins: ActionTypeSpec = {
  id: typeId('Build', 'Jenkins', 'Custom'), inputArtifacts: { min: 0, max: 5 }, outputArtifacts: { min: 0, max: 5 },
  configuration: [{ name: 'ProjectName', required: true }, { name: 'Token', required: false, secret: true }],
  regionAllowed: false,
};
const withJenkins = makeActionTypeCatalog([jenkins]);
const jenkinsBuild = { 'stages.1.actions.0.actionTypeId': jenkins.id, 'stages.1.actions.0.configuration': { ProjectName: 'app' } };
const s3Deploy = (configuration: Record<string, string>) => ({
  'stages.2.actions.1.actionTypeId': typeId('Deploy', 'S3'), 'stages.2.actions.1.configuration': configuration });

describeTable('validation: action types', [
  { name: 'an unknown action type is named', input: withChanges(v1, jenkinsBuild),
    want: [{ code: A, path: `${BUILD}.actionTypeId`,
      messageIncludes: "Action type 'Build/Custom/Jenkins/1' (category/owner/provider/version) of action 'Compile' in stage 'Build' is not a known action type" }] },
  { name: 'a registered custom action type is accepted', input: withChanges(v1, jenkinsBuild), catalog: withJenkins, want: [] },
  { name: 'custom types reject unknown configuration keys', catalog: withJenkins,
    input: withChanges(v1, { ...jenkinsBuild, 'stages.1.actions.0.configuration.Job': 'x' }),
    want: [{ code: A, path: `${BUILD}.configuration.Job`, messageIncludes: "contains unknown configuration 'Job'; known keys: ProjectName, Token" }] },
  { name: 'custom types need their required keys', catalog: withJenkins,
    input: withChanges(v1, { ...jenkinsBuild, 'stages.1.actions.0.configuration': { Token: 't' } }),
    want: [{ code: A, messageIncludes: "Action configuration for action 'Compile' in stage 'Build' is missing required configuration 'ProjectName'" }] },
  { name: 'built-in types only warn about unknown keys', input: withChanges(v1, { 'stages.1.actions.0.configuration.Fancy': 'yes' }),
    want: [{ code: A, severity: 'warning', messageIncludes: "contains unknown configuration 'Fancy'" }] },
  { name: 'a missing required key is named', input: withChanges(v1, { 'stages.2.actions.1.configuration.DeploymentGroupName': undefined }),
    want: [{ code: A, path: `${DEPLOY}.configuration`,
      messageIncludes: "Action configuration for action 'ToServers' in stage 'Deploy' is missing required configuration 'DeploymentGroupName'" }] },
  { name: 'CodeBuild with several inputs needs PrimarySource', input: withChanges(v2, { 'stages.1.actions.0.configuration.PrimarySource': undefined }),
    want: [{ code: A, messageIncludes: "missing configuration 'PrimarySource', required when the action has 2 input artifacts" }] },
  { name: 'S3 deploy without extraction needs ObjectKey', input: withChanges(v1, s3Deploy({ BucketName: 'web', Extract: 'false' })),
    want: [{ code: A, path: `${DEPLOY}.configuration`, messageIncludes: "missing configuration 'ObjectKey', required when Extract is 'false'" }] },
  { name: 'S3 deploy with extraction needs no ObjectKey', input: withChanges(v1, s3Deploy({ BucketName: 'web', Extract: 'true' })), want: [] },
  { name: 'closed value sets are enforced', input: withChanges(v1, s3Deploy({ BucketName: 'web', Extract: 'yes' })),
    want: [{ code: A, path: `${DEPLOY}.configuration.Extract`, messageIncludes: "Value 'yes' of configuration 'Extract' for action 'ToServers' in stage 'Deploy' is not valid; use one of true, false" }] },
  { name: 'values holding a variable reference are judged after resolution',
    input: withChanges(v1, s3Deploy({ BucketName: 'web', Extract: '#{BuildVars.Extract}', ObjectKey: 'k' })), want: [] },
  { name: 'CloudFormation CREATE_UPDATE needs TemplatePath and RoleArn', input: withChanges(v2, {
    'stages.2.actions.2.configuration.TemplatePath': undefined, 'stages.2.actions.2.configuration.RoleArn': undefined }),
  want: [
    { code: A, messageIncludes: "missing configuration 'TemplatePath', required when ActionMode is 'CREATE_UPDATE'" },
    { code: A, messageIncludes: "missing configuration 'RoleArn', required when ActionMode is 'CREATE_UPDATE'" },
  ] },
  { name: 'CloudFormation action modes are a closed set', input: withChanges(v2, { 'stages.2.actions.2.configuration.ActionMode': 'UPSERT' }),
    want: [{ code: A, messageIncludes: "Value 'UPSERT' of configuration 'ActionMode'" }] },
  { name: 'a deploy action takes exactly one input', input: withChanges(v1, { 'stages.2.actions.1.inputArtifacts': undefined }),
    want: [{ code: A, path: `${DEPLOY}.inputArtifacts`,
      messageIncludes: "Action 'ToServers' in stage 'Deploy' has 0 input artifacts; Deploy/AWS/CodeDeploy/1 actions take exactly 1" }] },
  { name: 'an approval produces no artifact', input: withChanges(v1, { 'stages.2.actions.0.outputArtifacts': [{ name: 'Approved' }] }),
    want: [{ code: A, path: `${actionPath(3, 1)}.outputArtifacts`, messageIncludes: 'has 1 output artifacts; Approval/AWS/Manual/1 actions take none' }] },
  { name: 'CodeBuild takes 1 to 5 inputs', input: withChanges(v1, { 'stages.1.actions.0.inputArtifacts': undefined }),
    want: [{ code: A, path: `${BUILD}.inputArtifacts`, messageIncludes: 'CodeBuild/1 actions take 1 to 5' }] },
  { name: 'Source actions may not set region', input: withChanges(v1, { 'stages.0.actions.0.region': 'us-west-2' }),
    want: [{ code: A, path: `${actionPath(1, 1)}.region`, messageIncludes: "Action 'Src' in stage 'Source' may not set region" }] },
  { name: 'ThirdParty and Custom actions may not set region', catalog: withJenkins,
    input: withChanges(v1, { ...jenkinsBuild, 'stages.1.actions.0.region': 'us-west-2' }),
    want: [{ code: A, path: `${BUILD}.region`, messageIncludes: 'may not set region' }] },
  { name: 'a ThirdParty GitHub source is accepted', input: withChanges(v1, { 'stages.0.actions.0': makeSourceAction({
    actionTypeId: typeId('Source', 'GitHub', 'ThirdParty'),
    configuration: { Owner: 'org', Repo: 'app', Branch: 'main', OAuthToken: 'secret' } }) }), want: [] },
  { name: 'commands and friends belong to Commands actions', input: withChanges(v1, {
    'stages.1.actions.0.commands': ['make'], 'stages.1.actions.0.outputVariables': ['X'],
    'stages.1.actions.0.environmentVariables': [{ name: 'X', value: '1' }], 'stages.1.actions.0.outputArtifacts.0.files': ['a'] }),
  want: ['commands', 'outputVariables', 'environmentVariables', 'outputArtifacts.files'].map((m) => ({
    code: A, path: `${BUILD}.${m}`, messageIncludes: `'${m}' of action 'Compile' in stage 'Build' is allowed only on Commands actions` })) },
  { name: 'a Commands action needs commands', input: withChanges(v2, { 'stages.1.actions.1.commands': undefined }),
    want: [{ code: A, path: `${actionPath(2, 2)}.commands`, messageIncludes: "Commands action 'Lint' in stage 'Build' needs 'commands'" }] },
  { name: 'a Commands action takes 1 to 10 inputs', input: withChanges(v2, { 'stages.1.actions.1.inputArtifacts': [] }),
    want: [{ code: A, messageIncludes: 'Compute/AWS/Commands/1 actions take 1 to 10' }] },
  { name: 'timeoutInMinutes outside Manual approvals is only a warning',
    input: withChanges(v1, { 'stages.1.actions.0.timeoutInMinutes': 30 }),
    want: [{ code: A, severity: 'warning', path: `${BUILD}.timeoutInMinutes`, messageIncludes: 'only Manual approval actions honour it' }] },
  { name: 'an unknown action type with an input from nowhere reports both', input: withChanges(v1, {
    'stages.2.actions.1.actionTypeId.provider': 'Teleport', 'stages.2.actions.1.inputArtifacts.0.name': 'Nope' }),
  want: [
    { code: A, messageIncludes: "Action type 'Deploy/AWS/Teleport/1'" },
    { code: S, messageIncludes: "Input artifact 'Nope'" },
  ] },
  { name: 'approvals need no configuration', input: withChanges(v1, { 'stages.2.actions.0': makeApprovalAction({ configuration: undefined }) }),
    want: [] },
]);
