// Cross-reference rules (spec §1.2): stage layout, artifact flow, namespaces, variable references,
// triggers, artifact store regions and V2-only features.
import { ErrorCode } from '../../src/model/errors.ts';
import type { StageDeclaration } from '../../src/model/pipeline.ts';
import {
  actionPath, makeApprovalAction, makeBuildAction, makePipeline, makeSourceAction, makeV2Pipeline, stagePath, typeId,
  withChanges,
} from './pipeline-builders.ts';
import { describeTable } from './validation-table.ts';

const V = ErrorCode.ValidationException;
const S = ErrorCode.InvalidStructureException;
const ST = ErrorCode.InvalidStageDeclarationException;
const A = ErrorCode.InvalidActionDeclarationException;
const v1 = makePipeline();
const v2 = makeV2Pipeline();

/** A stage of `count` CodeBuild actions that read SourceOut and produce nothing. */
function buildStage(name: string, count: number): StageDeclaration {
  return { name, actions: Array.from({ length: count }, (_, i) => makeBuildAction({
    name: `B${i}`, outputArtifacts: [], namespace: undefined, configuration: { ProjectName: 'p' } })) };
}
const sourceStage = v1.stages[0];
const smoke = { name: 'Smoke', actionTypeId: typeId('Test', 'CodeBuild'), configuration: { ProjectName: 'smoke' },
  inputArtifacts: [{ name: 'BuildOut' }], outputArtifacts: [{ name: 'TestOut' }] };

describeTable('validation: stage layout', [
  { name: 'a pipeline has at least two stages', input: withChanges(v1, { stages: [sourceStage] }),
    want: [{ code: S, path: 'pipeline.stages', messageIncludes: 'Member must have length greater than or equal to 2' }] },
  { name: 'a pipeline has at most 50 stages',
    input: withChanges(v1, { stages: [sourceStage, ...Array.from({ length: 50 }, (_, i) => buildStage(`S${i}`, 1))] }),
    want: [{ code: S, path: 'pipeline.stages', messageIncludes: 'less than or equal to 50' }] },
  { name: 'a pipeline has at most 500 actions',
    input: withChanges(v1, { stages: [sourceStage, ...Array.from({ length: 10 }, (_, i) => buildStage(`S${i}`, 50))] }),
    want: [{ code: S, path: 'pipeline.stages', messageIncludes: 'Pipeline has 501 actions; a pipeline may have at most 500' }] },
  { name: 'stage names are unique', input: withChanges(v1, { 'stages.2.name': 'Build' }),
    want: [{ code: S, path: `${stagePath(3)}.name`, messageIncludes: "Stage name 'Build' is used more than once" }] },
  { name: 'action names are unique within a stage', input: withChanges(v1, { 'stages.2.actions.1.name': 'Approve' }),
    want: [{ code: ST, path: `${actionPath(3, 2)}.name`, messageIncludes: "Action name 'Approve' is used more than once in stage 'Deploy'" }] },
  { name: 'a stage has at least one action', input: withChanges(v1, { 'stages.2.actions': [] }),
    want: [{ code: ST, path: `${stagePath(3)}.actions`, messageIncludes: 'greater than or equal to 1' }] },
  { name: 'a stage has at most 50 actions', input: withChanges(v1, { 'stages.2.actions':
    Array.from({ length: 51 }, (_, i) => makeApprovalAction({ name: `A${i}`, configuration: undefined })) }),
  want: [{ code: ST, path: `${stagePath(3)}.actions`, messageIncludes: 'less than or equal to 50' }] },
  { name: 'blockers are reserved', input: withChanges(v1, { 'stages.1.blockers': [{ name: 'b', type: 'Schedule' }] }),
    want: [{ code: ErrorCode.InvalidBlockerDeclarationException, path: `${stagePath(2)}.blockers`,
      messageIncludes: "Stage 'Build' declares blockers" }] },
  { name: 'an empty blockers list is accepted', input: withChanges(v1, { 'stages.1.blockers': [] }), want: [] },
  { name: 'the first stage holds only Source actions',
    input: withChanges(v1, { 'stages.0.actions.1': makeApprovalAction({ name: 'Gate', configuration: undefined }) }),
    want: [{ code: S, path: `${actionPath(1, 2)}.actionTypeId.category`,
      messageIncludes: "Action 'Gate' in stage 'Source' has category Approval; the first stage may contain only Source actions" }] },
  { name: 'Source actions sit only in the first stage', input: withChanges(v1, { 'stages.1.actions.1':
    makeSourceAction({ name: 'Late', outputArtifacts: [{ name: 'LateOut' }], namespace: undefined }) }),
  want: [{ code: S, path: `${actionPath(2, 2)}.actionTypeId.category`,
    messageIncludes: "Source action 'Late' in stage 'Build' is not in the first stage" }] },
  { name: 'something runs after the sources', input: withChanges(v1, { stages: [sourceStage, { name: 'More',
    actions: [makeSourceAction({ name: 'Late', outputArtifacts: [{ name: 'LateOut' }], namespace: undefined })] }] }),
  want: [
    { code: S, messageIncludes: "Source action 'Late' in stage 'More' is not in the first stage" },
    { code: S, path: 'pipeline.stages', messageIncludes: 'Pipeline has no action after its source stage' },
  ] },
]);

describeTable('validation: artifacts and namespaces', [
  { name: 'an input artifact must be produced', input: withChanges(v1, { 'stages.2.actions.1.inputArtifacts.0.name': 'Missing' }),
    want: [{ code: S, path: `${actionPath(3, 2)}.inputArtifacts.1.member.name`,
      messageIncludes: "Input artifact 'Missing' of action 'ToServers' in stage 'Deploy' is not produced by an earlier action" }] },
  { name: 'an artifact of a parallel action (same runOrder) is not available', input: withChanges(v1, {
    'stages.1.actions.1': { ...smoke, runOrder: 1, inputArtifacts: [{ name: 'BuildOut' }] } }),
  want: [{ code: S, path: `${actionPath(2, 2)}.inputArtifacts.1.member.name`,
    messageIncludes: "action 'Compile' in stage 'Build' produces it but does not run before it" }] },
  { name: 'an artifact of a later stage is not available', input: withChanges(v1, {
    'stages.2.actions.2': smoke,
    'stages.1.actions.0.inputArtifacts': [{ name: 'SourceOut' }, { name: 'TestOut' }],
    'stages.1.actions.0.configuration.PrimarySource': 'SourceOut' }),
  want: [{ code: S, path: `${actionPath(2, 1)}.inputArtifacts.2.member.name`,
    messageIncludes: "Input artifact 'TestOut' of action 'Compile' in stage 'Build' is not produced by an earlier action: action 'Smoke' in stage 'Deploy' produces it" }] },
  { name: 'an artifact of a lower runOrder in the same stage is available',
    input: withChanges(v1, { 'stages.1.actions.1': { ...smoke, runOrder: 2 } }), want: [] },
  { name: 'output artifact names are unique', input: withChanges(v1, { 'stages.1.actions.0.outputArtifacts.0.name': 'SourceOut' }),
    want: [
      { code: S, path: `${actionPath(2, 1)}.outputArtifacts.1.member.name`,
        messageIncludes: "Output artifact name 'SourceOut' of action 'Compile' in stage 'Build' is already used by action 'Src' in stage 'Source'" },
      { code: S, messageIncludes: "Input artifact 'BuildOut' of action 'ToServers'" },
    ] },
  { name: 'an action lists an input artifact once', input: withChanges(v1, {
    'stages.2.actions.1.inputArtifacts': [{ name: 'BuildOut' }, { name: 'BuildOut' }] }),
  want: [
    { code: A, path: `${actionPath(3, 2)}.inputArtifacts.2.member.name`, messageIncludes: "Input artifact 'BuildOut' is listed twice" },
    { code: A, messageIncludes: 'has 2 input artifacts' },
  ] },
  { name: 'namespaces are unique', input: withChanges(v1, { 'stages.2.actions.1.namespace': 'BuildVars' }),
    want: [{ code: S, path: `${actionPath(3, 2)}.namespace`,
      messageIncludes: "Namespace 'BuildVars' of action 'ToServers' in stage 'Deploy' is already used by action 'Compile' in stage 'Build'" }] },
  { name: 'a namespace may not equal an artifact name', input: withChanges(v1, { 'stages.2.actions.1.namespace': 'SourceOut' }),
    want: [{ code: S, path: `${actionPath(3, 2)}.namespace`, messageIncludes: "Namespace 'SourceOut' of action 'ToServers' in stage 'Deploy' equals an artifact name" }] },
  { name: 'reserved namespaces are refused', input: withChanges(v1, { 'stages.2.actions.1.namespace': 'codepipeline' }),
    want: [{ code: S, path: `${actionPath(3, 2)}.namespace`, messageIncludes: "Namespace 'codepipeline'" }] },
]);

describeTable('validation: variable references', [
  { name: 'a namespace must be declared', input: withChanges(v1, { 'stages.2.actions.0.configuration.CustomData': 'Ship #{Nope.X}?' }),
    want: [{ code: S, path: `${actionPath(3, 1)}.configuration.CustomData`,
      messageIncludes: "Variable reference '#{Nope.X}' in action 'Approve' in stage 'Deploy' names namespace 'Nope', which no action declares" }] },
  { name: 'a namespace of a parallel or later action is not visible', input: withChanges(v1, {
    'stages.2.actions.1.namespace': 'DeployVars', 'stages.2.actions.0.configuration.CustomData': '#{DeployVars.Id}',
    'stages.1.actions.0.configuration.ProjectName': 'p-#{DeployVars.Id}' }),
  want: [
    { code: S, path: `${actionPath(3, 1)}.configuration.CustomData`,
      messageIncludes: "uses namespace 'DeployVars' of action 'ToServers' in stage 'Deploy', which does not run before it" },
    { code: S, path: `${actionPath(2, 1)}.configuration.ProjectName`, messageIncludes: "in action 'Compile' in stage 'Build' uses namespace 'DeployVars'" },
  ] },
  { name: 'codepipeline offers only PipelineExecutionId',
    input: withChanges(v1, { 'stages.2.actions.0.configuration.CustomData': '#{codepipeline.PipelineName}' }),
    want: [{ code: S, messageIncludes: "'#{codepipeline.PipelineName}' in action 'Approve' in stage 'Deploy' names an unknown codepipeline variable" }] },
  { name: 'pipeline variables must be declared', input: withChanges(v2, { 'stages.2.actions.0.configuration.CustomData': '#{variables.Region}' }),
    want: [{ code: S, messageIncludes: "names pipeline variable 'Region', which is not declared in pipeline.variables" }] },
  { name: 'a reference names a namespace and a variable', input: withChanges(v1, { 'stages.2.actions.0.configuration.CustomData': '#{SourceVars}' }),
    want: [{ code: V, path: `${actionPath(3, 1)}.configuration.CustomData`, messageIncludes: "'#{SourceVars}' in action 'Approve' in stage 'Deploy' is malformed" }] },
  { name: 'commands and environment variables are checked too', input: withChanges(v2, {
    'stages.1.actions.1.commands.0': 'echo #{StackVars.Url}', 'stages.1.actions.1.environmentVariables.0.value': '#{Nope.Y}' }),
  want: [
    { code: S, path: `${actionPath(2, 2)}.commands.1.member`, messageIncludes: "uses namespace 'StackVars' of action 'Stack' in stage 'Deploy'" },
    { code: S, path: `${actionPath(2, 2)}.environmentVariables.1.member.value`, messageIncludes: "names namespace 'Nope'" },
  ] },
  { name: 'a beforeEntry rule sees earlier stages only', input: withChanges(v2, {
    'stages.2.beforeEntry.conditions.0.rules.0.configuration.Variable': '#{StackVars.Url}' }),
  want: [{ code: S, path: `${stagePath(3)}.beforeEntry.conditions.1.member.rules.1.member.configuration.Variable`,
    messageIncludes: "in rule 'OnlyProd' of stage 'Deploy' uses namespace 'StackVars'" }] },
  { name: 'an onSuccess rule sees its own stage', input: withChanges(v2, {
    'stages.2.onSuccess.conditions.0.rules.0': { name: 'Check', ruleTypeId: { category: 'Rule', provider: 'VariableCheck' },
      configuration: { Variable: '#{StackVars.Url}', Value: 'x', Operator: 'NE' } } }),
  want: [] },
  { name: 'a beforeEntry rule reads artifacts of earlier stages only', input: withChanges(v2, {
    'stages.2.beforeEntry.conditions.0': { result: 'FAIL', rules: [{ name: 'Check', ruleTypeId: { category: 'Rule', provider: 'Commands' },
      commands: ['test -f out'], inputArtifacts: [{ name: 'StackOut' }, { name: 'BuildOut' }] }] } }),
  want: [{ code: S, path: `${stagePath(3)}.beforeEntry.conditions.1.member.rules.1.member.inputArtifacts.1.member.name`,
    messageIncludes: "Input artifact 'StackOut' of rule 'Check' in the beforeEntry condition of stage 'Deploy'" }] },
]);

describeTable('validation: triggers and artifact stores', [
  { name: 'a trigger names a source action', input: withChanges(v2, { 'triggers.0.gitConfiguration.sourceActionName': 'Nope' }),
    want: [{ code: S, path: 'pipeline.triggers.1.member.gitConfiguration.sourceActionName',
      messageIncludes: "Trigger source action 'Nope' is not a source action of the pipeline" }] },
  { name: 'a trigger may name a CodeCommit source (Sluice hosts CodeCommit repositories)',
    input: withChanges(v2, { 'triggers.0.gitConfiguration.sourceActionName': 'Infra' }), want: [] },
  { name: 'a trigger needs a git source', input: withChanges(v2, {
    'triggers.0.gitConfiguration.sourceActionName': 'Infra',
    'stages.0.actions.1.actionTypeId.provider': 'S3', 'stages.0.actions.1.configuration': { S3Bucket: 'b', S3ObjectKey: 'k.zip' } }),
  want: [{ code: S, messageIncludes: "Trigger source action 'Infra' uses provider 'S3'; triggers work only with CodeStarSourceConnection and CodeCommit" }] },
  { name: 'one trigger per source action', input: withChanges(v2, { 'triggers.1': v2.triggers?.[0] }),
    want: [{ code: S, path: 'pipeline.triggers.2.member.gitConfiguration.sourceActionName', messageIncludes: "Source action 'Src' has more than one trigger" }] },
  { name: 'artifactStores cover every action region', input: withChanges(v2, { 'artifactStores.us-west-2': undefined }),
    want: [{ code: S, path: `${actionPath(3, 3)}.region`, messageIncludes: "artifactStores has no store for region 'us-west-2' used by action 'Stack' in stage 'Deploy'" }] },
  { name: "artifactStores cover the pipeline's region", input: v2, options: { homeRegion: 'eu-west-1' },
    want: [{ code: S, path: 'pipeline.artifactStores', messageIncludes: "no store for the pipeline's region 'eu-west-1'" }] },
  { name: 'a single artifactStore allows no cross-region action', options: { homeRegion: 'us-east-1' },
    input: withChanges(v1, { 'stages.2.actions.1.region': 'us-west-2' }),
    want: [{ code: S, path: `${actionPath(3, 2)}.region`, messageIncludes: 'cross-region actions need artifactStores' }] },
  { name: 'a single artifactStore allows the home region', options: { homeRegion: 'us-east-1' },
    input: withChanges(v1, { 'stages.2.actions.1.region': 'us-east-1' }), want: [] },
]);

const needV2 = 'requires pipelineType V2; set pipelineType to V2';
describeTable('validation: V2-only features', [
  { name: 'every V2 feature is named on a V1 pipeline', input: withChanges(v2, { pipelineType: 'V1' }),
    want: [
      { code: V, path: 'pipeline.variables', messageIncludes: `Pipeline variables (pipeline.variables) ${needV2}` },
      { code: V, path: 'pipeline.triggers', messageIncludes: `Triggers (pipeline.triggers) ${needV2}` },
      { code: V, path: 'pipeline.executionMode', messageIncludes: `Execution mode QUEUED ${needV2}` },
      { code: V, path: `${stagePath(3)}.beforeEntry`, messageIncludes: `Stage condition beforeEntry of stage 'Deploy' ${needV2}` },
      { code: V, path: `${stagePath(3)}.onSuccess`, messageIncludes: 'Stage condition onSuccess' },
      { code: V, path: `${stagePath(3)}.onFailure`, messageIncludes: 'Stage condition onFailure' },
      { code: V, path: `${actionPath(2, 2)}.actionTypeId`, messageIncludes: `The Commands action (action 'Lint' in stage 'Build') ${needV2}` },
    ] },
  { name: 'V1 is the default pipelineType', input: withChanges(v1, { variables: [{ name: 'Env' }] }),
    want: [{ code: V, path: 'pipeline.variables', messageIncludes: needV2 }] },
  { name: 'PARALLEL needs V2', input: withChanges(v1, { executionMode: 'PARALLEL' }),
    want: [{ code: V, messageIncludes: `Execution mode PARALLEL ${needV2}` }] },
  { name: 'the source stage cannot roll back', input: withChanges(v2, { 'stages.0.onFailure': { result: 'ROLLBACK' } }),
    want: [{ code: V, path: stagePath(1), messageIncludes: "Stage 'Source' is the source stage and cannot be rolled back" }] },
  { name: 'PARALLEL pipelines cannot roll back', input: withChanges(v2, { executionMode: 'PARALLEL' }),
    want: [{ code: V, path: stagePath(3), messageIncludes: 'stage rollback is not available in PARALLEL execution mode' }] },
]);
