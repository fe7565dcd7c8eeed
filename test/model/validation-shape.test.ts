// Member-level rules (spec §1.1): types, presence, lengths, patterns, enums and ranges.
import { ErrorCode } from '../../src/model/errors.ts';
import { actionPath, makePipeline, makeV2Pipeline, stagePath, withChanges } from './pipeline-builders.ts';
import { describeTable } from './validation-table.ts';

const V = ErrorCode.ValidationException;
const v1 = makePipeline();
const v2 = makeV2Pipeline();
const BUILD = actionPath(2, 1);

describeTable('validation: pipeline members', [
  { name: 'rejects a declaration that is not an object', input: 'MyApp',
    want: [{ code: V, path: 'pipeline', messageIncludes: 'Member must be a structure' }] },
  { name: 'name must match the AWS pattern', input: withChanges(v1, { name: 'my pipeline' }),
    want: [{ code: V, path: 'pipeline.name', messageIncludes: String.raw`Value 'my pipeline' at 'pipeline.name' failed `
      + String.raw`to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9.@\-_]+` }] },
  { name: 'name is at most 100 characters', input: withChanges(v1, { name: 'a'.repeat(101) }),
    want: [{ code: V, path: 'pipeline.name', messageIncludes: 'Member must have length less than or equal to 100' }] },
  { name: 'name is required', input: withChanges(v1, { name: undefined }),
    want: [{ code: V, messageIncludes: "Value null at 'pipeline.name' failed to satisfy constraint: Member must not be null" }] },
  { name: 'name must be a string', input: withChanges(v1, { name: 5 }),
    want: [{ code: V, path: 'pipeline.name', messageIncludes: "Value '5' at 'pipeline.name' failed to satisfy constraint: Member must be a string" }] },
  { name: 'roleArn must look like an IAM role ARN', input: withChanges(v1, { roleArn: 'PipelineRole' }),
    want: [{ code: V, path: 'pipeline.roleArn', messageIncludes: 'arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*' }] },
  { name: 'roleArn is required', input: withChanges(v1, { roleArn: undefined }),
    want: [{ code: V, path: 'pipeline.roleArn', messageIncludes: 'Member must not be null' }] },
  { name: 'stages must be a list, and nothing is checked against a non-list', input: withChanges(v2, { stages: {} }),
    want: [{ code: V, path: 'pipeline.stages', messageIncludes: 'Member must be a list' }] },
  { name: 'stages are required', input: withChanges(v1, { stages: undefined }),
    want: [{ code: V, path: 'pipeline.stages', messageIncludes: 'Member must not be null' }] },
  { name: 'artifactStore and artifactStores are exclusive',
    input: withChanges(v1, { artifactStores: { 'us-east-1': { type: 'S3', location: 'other-bucket' } } }),
    want: [{ code: V, path: 'pipeline', messageIncludes: 'declares both artifactStore and artifactStores' }] },
  { name: 'one of artifactStore and artifactStores is required', input: withChanges(v1, { artifactStore: undefined }),
    want: [{ code: V, path: 'pipeline', messageIncludes: "Value null at 'pipeline.artifactStore'" }] },
  { name: 'artifact store location has S3 bucket length and characters',
    input: withChanges(v1, { 'artifactStore.location': 'my_b' }),
    want: [{ code: V, path: 'pipeline.artifactStore.location', messageIncludes: 'pattern: [a-zA-Z0-9\\-\\.]+' }] },
  { name: 'artifact store location is at least 3 characters', input: withChanges(v1, { 'artifactStore.location': 'ab' }),
    want: [{ code: V, path: 'pipeline.artifactStore.location', messageIncludes: 'greater than or equal to 3' }] },
  { name: 'artifact store type is S3', input: withChanges(v1, { 'artifactStore.type': 'GCS' }),
    want: [{ code: V, path: 'pipeline.artifactStore.type', messageIncludes: "Value 'GCS' at 'pipeline.artifactStore.type' failed to satisfy constraint: Member must satisfy enum value set: [S3]" }] },
  { name: 'encryption key needs an id and type KMS',
    input: withChanges(v1, { 'artifactStore.encryptionKey': { type: 'AES' } }),
    want: [
      { code: V, path: 'pipeline.artifactStore.encryptionKey.id', messageIncludes: 'Member must not be null' },
      { code: V, path: 'pipeline.artifactStore.encryptionKey.type', messageIncludes: 'enum value set: [KMS]' },
    ] },
  { name: 'artifactStores keys are region names',
    input: withChanges(v2, { 'artifactStores.us': { type: 'S3', location: 'abc' }, 'artifactStores.us-east-1': undefined }),
    want: [{ code: V, path: 'pipeline.artifactStores.key', messageIncludes: "Value 'us'" }] },
  { name: 'executionMode is an AWS execution mode', input: withChanges(v1, { executionMode: 'FAST' }),
    want: [{ code: V, path: 'pipeline.executionMode', messageIncludes: 'enum value set: [PARALLEL, QUEUED, SUPERSEDED]' }] },
  { name: 'an invalid pipelineType is reported once, without judging V2 features by it',
    input: withChanges(v2, { pipelineType: 'V3' }),
    want: [{ code: V, path: 'pipeline.pipelineType', messageIncludes: 'enum value set: [V1, V2]' }] },
  { name: 'version is ignored, whatever it holds', input: withChanges(v1, { version: 'seven' }), want: [] },
  { name: 'unknown members are ignored', input: withChanges(v1, { metadata: { pipelineArn: 'x' }, 'stages.0.extra': 1 }),
    want: [] },
]);

describeTable('validation: stage and action members', [
  { name: 'stage name must match the AWS pattern', input: withChanges(v1, { 'stages.1.name': 'Build Stage' }),
    want: [{ code: V, path: `${stagePath(2)}.name`, messageIncludes: "Value 'Build Stage'" }] },
  { name: 'stage name is required', input: withChanges(v1, { 'stages.1.name': undefined }),
    want: [{ code: V, path: `${stagePath(2)}.name`, messageIncludes: 'Member must not be null' }] },
  { name: 'a stage must be an object, and its loss does not make later references fail',
    input: withChanges(v1, { 'stages.1': 'Build' }),
    want: [{ code: V, path: stagePath(2), messageIncludes: 'Member must be a structure' }] },
  { name: 'an action must be an object', input: withChanges(v1, { 'stages.1.actions.0': ['Compile'] }),
    want: [{ code: V, path: BUILD, messageIncludes: "Value '[1 members]'" }] },
  { name: 'action name must match the AWS pattern', input: withChanges(v1, { 'stages.1.actions.0.name': 'Compile it' }),
    want: [{ code: V, path: `${BUILD}.name`, messageIncludes: 'regular expression pattern' }] },
  { name: 'actionTypeId is required', input: withChanges(v1, { 'stages.1.actions.0.actionTypeId': undefined }),
    want: [{ code: V, path: `${BUILD}.actionTypeId`, messageIncludes: 'Member must not be null' }] },
  { name: 'an invalid category is reported once, not as an unknown action type',
    input: withChanges(v1, { 'stages.1.actions.0.actionTypeId.category': 'Compile' }),
    want: [{ code: V, path: `${BUILD}.actionTypeId.category`,
      messageIncludes: 'enum value set: [Approval, Build, Compute, Deploy, Invoke, Source, Test]' }] },
  { name: 'owner is AWS, ThirdParty or Custom', input: withChanges(v1, { 'stages.1.actions.0.actionTypeId.owner': 'Me' }),
    want: [{ code: V, path: `${BUILD}.actionTypeId.owner`, messageIncludes: 'enum value set: [AWS, Custom, ThirdParty]' }] },
  { name: 'provider is 1-35 word characters',
    input: withChanges(v1, { 'stages.1.actions.0.actionTypeId.provider': 'Code Build' }),
    want: [{ code: V, path: `${BUILD}.actionTypeId.provider`, messageIncludes: 'pattern: [0-9A-Za-z_-]+' }] },
  { name: 'version is at most 9 characters',
    input: withChanges(v1, { 'stages.1.actions.0.actionTypeId.version': '1234567890' }),
    want: [{ code: V, path: `${BUILD}.actionTypeId.version`, messageIncludes: 'less than or equal to 9' }] },
  { name: 'runOrder is at least 1', input: withChanges(v1, { 'stages.1.actions.0.runOrder': 0 }),
    want: [{ code: V, path: `${BUILD}.runOrder`, messageIncludes: "Value '0' at 'pipeline.stages.2.member.actions.1.member.runOrder' failed to satisfy constraint: Member must have value greater than or equal to 1" }] },
  { name: 'runOrder is at most 999', input: withChanges(v1, { 'stages.1.actions.0.runOrder': 1000 }),
    want: [{ code: V, path: `${BUILD}.runOrder`, messageIncludes: 'less than or equal to 999' }] },
  { name: 'runOrder is an integer', input: withChanges(v1, { 'stages.1.actions.0.runOrder': 1.5 }),
    want: [{ code: V, path: `${BUILD}.runOrder`, messageIncludes: 'Member must be an integer' }] },
  { name: 'runOrder is a number, not a string', input: withChanges(v1, { 'stages.1.actions.0.runOrder': '1' }),
    want: [{ code: V, path: `${BUILD}.runOrder`, messageIncludes: 'Member must be an integer' }] },
  { name: 'configuration keys are at most 50 characters',
    input: withChanges(v1, { [`stages.1.actions.0.configuration.${'K'.repeat(51)}`]: 'x' }),
    want: [
      { code: V, path: `${BUILD}.configuration.key`, messageIncludes: 'less than or equal to 50' },
      { code: ErrorCode.InvalidActionDeclarationException, severity: 'warning', messageIncludes: 'unknown configuration' },
    ] },
  { name: 'configuration values are 1 to 1000 characters', input: withChanges(v1, {
    'stages.1.actions.0.configuration.ProjectName': 'p'.repeat(1001), 'stages.2.actions.0.configuration.CustomData': '' }),
  want: [
    { code: V, path: `${BUILD}.configuration.ProjectName`, messageIncludes: 'less than or equal to 1000' },
    { code: V, path: `${actionPath(3, 1)}.configuration.CustomData`, messageIncludes: 'greater than or equal to 1' },
  ] },
  { name: 'configuration values are strings', input: withChanges(v1, { 'stages.2.actions.1.configuration.ApplicationName': 7 }),
    want: [
      { code: V, path: `${actionPath(3, 2)}.configuration.ApplicationName`, messageIncludes: 'Member must be a string' },
      // The dropped key is then missing; that is the same mistake seen from the action type.
      { code: ErrorCode.InvalidActionDeclarationException, messageIncludes: "missing required configuration 'ApplicationName'" },
    ] },
  { name: 'artifact names allow no dots', input: withChanges(v1, {
    'stages.1.actions.0.outputArtifacts.0.name': 'Build.Out', 'stages.2.actions.1.inputArtifacts.0.name': 'Build.Out' }),
  want: [
    { code: V, path: `${BUILD}.outputArtifacts.1.member.name`, messageIncludes: 'pattern: [a-zA-Z0-9_\\-]+' },
    { code: V, path: `${actionPath(3, 2)}.inputArtifacts.1.member.name`, messageIncludes: "Value 'Build.Out'" },
  ] },
  { name: 'artifact lists are lists', input: withChanges(v1, { 'stages.2.actions.1.inputArtifacts': 'BuildOut' }),
    want: [
      { code: V, path: `${actionPath(3, 2)}.inputArtifacts`, messageIncludes: 'Member must be a list' },
      { code: ErrorCode.InvalidActionDeclarationException, messageIncludes: 'has 0 input artifacts' },
    ] },
  { name: 'namespaces allow no dots', input: withChanges(v1, { 'stages.0.actions.0.namespace': 'Source.Vars' }),
    want: [
      { code: V, path: `${actionPath(1, 1)}.namespace`, messageIncludes: 'pattern: [A-Za-z0-9@\\-_]+' },
      { code: ErrorCode.InvalidStructureException, messageIncludes: "names namespace 'SourceVars', which no action declares" },
    ] },
  { name: 'region is 4 to 30 characters', input: withChanges(v1, { 'stages.2.actions.1.region': 'eu' }),
    want: [{ code: V, path: `${actionPath(3, 2)}.region`, messageIncludes: 'greater than or equal to 4' }] },
  { name: 'action roleArn must look like an IAM role ARN', input: withChanges(v1, { 'stages.1.actions.0.roleArn': 'arn:aws:s3:::x' }),
    want: [{ code: V, path: `${BUILD}.roleArn`, messageIncludes: 'regular expression pattern' }] },
  { name: 'timeoutInMinutes is 5 to 86400', input: withChanges(v1, {
    'stages.2.actions.0.timeoutInMinutes': 4, 'stages.2.actions.1.timeoutInMinutes': 86401 }),
  want: [
    { code: V, path: `${actionPath(3, 1)}.timeoutInMinutes`, messageIncludes: 'greater than or equal to 5' },
    { code: V, path: `${actionPath(3, 2)}.timeoutInMinutes`, messageIncludes: 'less than or equal to 86400' },
  ] },
  { name: 'commands are 1 to 50 lines of at most 1000 characters', input: withChanges(v2, {
    'stages.1.actions.1.commands': [...Array.from({ length: 50 }, () => 'echo'), 'x'.repeat(1001)] }),
  want: [
    { code: V, path: `${actionPath(2, 2)}.commands`, messageIncludes: 'less than or equal to 50' },
    { code: V, path: `${actionPath(2, 2)}.commands.51.member`, messageIncludes: 'less than or equal to 1000' },
  ] },
  { name: 'outputVariables are at most 15', input: withChanges(v2, {
    'stages.1.actions.1.outputVariables': Array.from({ length: 16 }, (_, i) => `V${i}`) }),
  want: [{ code: V, path: `${actionPath(2, 2)}.outputVariables`, messageIncludes: 'less than or equal to 15' }] },
  { name: 'environment variables have word names and a known type', input: withChanges(v2, {
    'stages.1.actions.1.environmentVariables.0.name': 'BUILD-TARGET',
    'stages.1.actions.1.environmentVariables.0.type': 'SECRET' }),
  want: [
    { code: V, path: `${actionPath(2, 2)}.environmentVariables.1.member.name`, messageIncludes: 'pattern: [A-Za-z0-9_]+' },
    { code: V, path: `${actionPath(2, 2)}.environmentVariables.1.member.type`, messageIncludes: '[PLAINTEXT, SECRETS_MANAGER]' },
  ] },
  { name: 'output artifact files are 1 to 10 paths', input: withChanges(v2, {
    'stages.1.actions.1.outputArtifacts.0.files': Array.from({ length: 11 }, (_, i) => `f${i}`) }),
  want: [{ code: V, path: `${actionPath(2, 2)}.outputArtifacts.1.member.files`, messageIncludes: 'less than or equal to 10' }] },
]);

describeTable('validation: pipeline variables', [
  { name: 'at most 50 variables', input: withChanges(v2, {
    variables: Array.from({ length: 51 }, (_, i) => ({ name: `V${i}` })).concat({ name: 'Env' }) }),
  want: [{ code: V, path: 'pipeline.variables', messageIncludes: 'less than or equal to 50' }] },
  { name: 'variable names match the AWS pattern', input: withChanges(v2, { 'variables.0.name': 'My.Env' }),
    want: [
      { code: V, path: 'pipeline.variables.1.member.name', messageIncludes: 'pattern: [A-Za-z0-9@\\-_]+' },
      { code: ErrorCode.InvalidStructureException, messageIncludes: "pipeline variable 'Env', which is not declared" },
    ] },
  { name: 'default values are 1 to 1000 characters and descriptions at most 200', input: withChanges(v2, {
    'variables.0.defaultValue': 'd'.repeat(1001), 'variables.0.description': 'd'.repeat(201) }),
  want: [
    { code: V, path: 'pipeline.variables.1.member.defaultValue', messageIncludes: 'less than or equal to 1000' },
    { code: V, path: 'pipeline.variables.1.member.description', messageIncludes: 'less than or equal to 200' },
  ] },
  { name: 'variable names are unique', input: withChanges(v2, { 'variables.1': { name: 'Env' } }),
    want: [{ code: V, path: 'pipeline.variables.2.member.name', messageIncludes: "Pipeline variable 'Env' is declared more than once" }] },
  { name: 'a variable without a name is reported, and references to variables are not judged',
    input: withChanges(v2, { 'variables.0.name': undefined }),
    want: [{ code: V, path: 'pipeline.variables.1.member.name', messageIncludes: 'Member must not be null' }] },
]);
