/**
 * Builders of valid pipeline declarations for validation tests, plus `withChanges` to break one
 * member at a time. Every builder returns a fresh object.
 */
import type { ActionDeclaration, ActionTypeId, PipelineDeclaration, StageDeclaration } from '../../src/model/pipeline.ts';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/PipelineRole';

export function typeId(category: ActionTypeId['category'], provider: string, owner: ActionTypeId['owner'] = 'AWS',
  version = '1'): ActionTypeId {
  return { category, owner, provider, version };
}

export function makeSourceAction(over: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name: 'Src', actionTypeId: typeId('Source', 'CodeCommit'),
    configuration: { RepositoryName: 'app', BranchName: 'main' },
    outputArtifacts: [{ name: 'SourceOut' }], namespace: 'SourceVars', ...over,
  };
}

export function makeBuildAction(over: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name: 'Compile', runOrder: 1, actionTypeId: typeId('Build', 'CodeBuild'),
    configuration: {
      ProjectName: 'app-build',
      EnvironmentVariables: '[{"name":"SHA","value":"#{SourceVars.CommitId}","type":"PLAINTEXT"}]',
    },
    inputArtifacts: [{ name: 'SourceOut' }], outputArtifacts: [{ name: 'BuildOut' }], namespace: 'BuildVars', ...over,
  };
}

export function makeDeployAction(over: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name: 'ToServers', runOrder: 2, actionTypeId: typeId('Deploy', 'CodeDeploy'),
    configuration: { ApplicationName: 'app', DeploymentGroupName: 'prod' },
    inputArtifacts: [{ name: 'BuildOut' }], ...over,
  };
}

export function makeApprovalAction(over: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name: 'Approve', runOrder: 1, actionTypeId: typeId('Approval', 'Manual'),
    configuration: { CustomData: 'Ship build #{BuildVars.Version}?' }, ...over,
  };
}

/** A valid V1 pipeline: CodeCommit → CodeBuild → approval then CodeDeploy. */
export function makePipeline(over: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return {
    name: 'MyApp', roleArn: ROLE_ARN,
    artifactStore: { type: 'S3', location: 'sluice-artifacts' },
    stages: [
      { name: 'Source', actions: [makeSourceAction()] },
      { name: 'Build', actions: [makeBuildAction()] },
      { name: 'Deploy', actions: [makeApprovalAction(), makeDeployAction()] },
    ],
    ...over,
  };
}

/**
 * A valid V2 pipeline using every V2 feature: variables, push and pull-request triggers on a
 * CodeStarSourceConnection source, QUEUED mode, a Commands action, stage conditions, and a
 * cross-region CloudFormation action with per-region artifact stores.
 */
export function makeV2Pipeline(over: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  const deploy: StageDeclaration = {
    name: 'Deploy',
    actions: [
      makeApprovalAction({ timeoutInMinutes: 60, configuration: { CustomData: 'Ship #{variables.Env}?' } }),
      makeDeployAction({ name: 'ToServers' }),
      { name: 'Stack', runOrder: 2, actionTypeId: typeId('Deploy', 'CloudFormation'), region: 'us-west-2',
        configuration: { ActionMode: 'CREATE_UPDATE', StackName: 'app', TemplatePath: 'BuildOut::stack.yml',
          RoleArn: 'arn:aws:iam::123456789012:role/Cfn' },
        inputArtifacts: [{ name: 'BuildOut' }], outputArtifacts: [{ name: 'StackOut' }], namespace: 'StackVars' },
      { name: 'Notify', runOrder: 3, actionTypeId: typeId('Invoke', 'Lambda'),
        configuration: { FunctionName: 'notify', UserParameters: '#{StackVars.Url} #{codepipeline.PipelineExecutionId}' } },
    ],
    beforeEntry: { conditions: [{ result: 'SKIP', rules: [{ name: 'OnlyProd',
      ruleTypeId: { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' },
      configuration: { Variable: '#{BuildVars.Target}', Value: 'prod', Operator: 'EQ' } }] }] },
    onSuccess: { conditions: [{ result: 'FAIL', rules: [{ name: 'Window',
      ruleTypeId: { category: 'Rule', provider: 'DeploymentWindow' }, configuration: { Cron: '0 9-17 ? * MON-FRI *' } }] }] },
    onFailure: { result: 'ROLLBACK' },
  };
  return {
    name: 'MyAppV2', roleArn: ROLE_ARN,
    artifactStores: {
      'us-east-1': { type: 'S3', location: 'sluice-artifacts-use1' },
      'us-west-2': { type: 'S3', location: 'sluice-artifacts-usw2', encryptionKey: { id: 'alias/sluice', type: 'KMS' } },
    },
    pipelineType: 'V2', executionMode: 'QUEUED',
    variables: [{ name: 'Env', defaultValue: 'dev', description: 'target' }],
    triggers: [{ providerType: 'CodeStarSourceConnection', gitConfiguration: {
      sourceActionName: 'Src',
      push: [{ branches: { includes: ['main', 'release/**'] }, filePaths: { excludes: ['docs/**'] } },
        { tags: { includes: ['v*'] } }],
      pullRequest: [{ events: ['OPEN', 'UPDATED'], branches: { includes: ['main'] } }],
    } }],
    stages: [
      { name: 'Source', actions: [
        makeSourceAction({ actionTypeId: typeId('Source', 'CodeStarSourceConnection'), configuration: {
          ConnectionArn: 'arn:aws:codeconnections:us-east-1:123456789012:connection/abc',
          FullRepositoryId: 'org/app', BranchName: 'main' } }),
        makeSourceAction({ name: 'Infra', outputArtifacts: [{ name: 'InfraOut' }], namespace: 'InfraVars',
          configuration: { RepositoryName: 'infra', BranchName: 'main' } }),
      ] },
      { name: 'Build', actions: [
        makeBuildAction({ inputArtifacts: [{ name: 'SourceOut' }, { name: 'InfraOut' }],
          configuration: { ProjectName: 'app-build', PrimarySource: 'SourceOut' } }),
        { name: 'Lint', runOrder: 2, actionTypeId: typeId('Compute', 'Commands'),
          commands: ['npm ci', 'npm run lint -- --sha #{SourceVars.CommitId}'],
          inputArtifacts: [{ name: 'BuildOut' }], outputArtifacts: [{ name: 'LintReport', files: ['report/**'] }],
          outputVariables: ['LINT_SCORE'], namespace: 'LintVars',
          environmentVariables: [{ name: 'BUILD_TARGET', value: '#{BuildVars.Target}', type: 'PLAINTEXT' }] },
      ] },
      deploy,
    ],
    ...over,
  };
}

/**
 * Deep-copies `value` and applies `changes`: each key is a dotted path with 0-based list indexes
 * (`stages.1.actions.0.runOrder`); the value `undefined` deletes the member.
 */
export function withChanges(value: object, changes: Record<string, unknown>): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const [path, next] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let target: Record<string, unknown> = copy;
    for (const key of keys) target = target[key] as Record<string, unknown>;
    if (next === undefined) delete target[last];
    else target[last] = structuredClone(next); // later changes must not edit a shared value
  }
  return copy;
}

/** `pipeline.stages.S.member.actions.A.member` with 1-based S and A, as validation paths are written. */
export function actionPath(stage: number, action: number): string {
  return `pipeline.stages.${stage}.member.actions.${action}.member`;
}

export function stagePath(stage: number): string {
  return `pipeline.stages.${stage}.member`;
}
