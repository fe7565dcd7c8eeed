/**
 * The catalog of action types a pipeline may use: the built-in AWS / ThirdParty providers plus the
 * custom action types registered at run time. Validation asks the catalog for an action's allowed
 * artifact counts and configuration keys.
 *
 * The built-in table is data, not code: one row per provider, taken from the AWS "Action structure
 * reference" and "Valid input and output artifacts for each action type" pages. When AWS changes a
 * provider, change its row.
 */
import { actionTypeKey, type ActionTypeId, type ActionTypeKey } from './pipeline.ts';
import type { ActionCategory, ActionOwner } from './vocabulary.ts';

/** Inclusive bounds on a count. */
export interface CountBounds { min: number; max: number }

export interface ConfigurationPropertySpec {
  name: string;
  required: boolean;
  /** Hidden as `****` in GetPipeline and logs. @default false */
  secret?: boolean;
  /** Closed value set. Values holding a `#{…}` reference are only checked after resolution. */
  allowedValues?: readonly string[];
}

/** A configuration key that becomes required when a condition on the action holds. */
export type ConditionalRequirement =
  | { name: string; when: { key: string; oneOf: readonly string[] } }
  | { name: string; when: { inputsAtLeast: number } };

export interface ActionTypeSpec {
  id: ActionTypeId;
  inputArtifacts: CountBounds;
  outputArtifacts: CountBounds;
  configuration: ConfigurationPropertySpec[];
  /** Keys required only in some situations, e.g. CodeBuild `PrimarySource` with several inputs. */
  requiredWhen?: ConditionalRequirement[];
  /** Usable only in pipelineType V2 pipelines. @default false */
  v2Only?: boolean;
  /** Whether the action may set `region` (cross-region action). */
  regionAllowed: boolean;
}

export interface ActionTypeCatalog {
  get(id: ActionTypeId): ActionTypeSpec | undefined;
  list(): ActionTypeSpec[];
}

/** One row of the built-in table; expanded to an ActionTypeSpec by `fromRow`. */
interface Row {
  category: ActionCategory;
  /** @default 'AWS' */
  owner?: ActionOwner;
  provider: string;
  /** @default '1' */
  version?: string;
  inputs: [min: number, max: number];
  outputs: [min: number, max: number];
  required?: string[];
  optional?: string[];
  secret?: string[];
  allowed?: Record<string, readonly string[]>;
  requiredWhen?: ConditionalRequirement[];
  v2Only?: boolean;
}

const BOOL = ['true', 'false'] as const;
const SOURCE_OUT = { inputs: [0, 0], outputs: [1, 1] } as const satisfies Pick<Row, 'inputs' | 'outputs'>;
const DEPLOY_ONE = { inputs: [1, 1], outputs: [0, 0] } as const satisfies Pick<Row, 'inputs' | 'outputs'>;
const CODEBUILD: Omit<Row, 'category'> = {
  provider: 'CodeBuild', inputs: [1, 5], outputs: [0, 5], required: ['ProjectName'],
  optional: ['PrimarySource', 'BatchEnabled', 'CombineArtifacts', 'EnvironmentVariables'],
  allowed: { BatchEnabled: BOOL, CombineArtifacts: BOOL },
  // With several inputs CodeBuild must be told which one is the primary source directory.
  requiredWhen: [{ name: 'PrimarySource', when: { inputsAtLeast: 2 } }],
};
const CFN_MODES = ['CHANGE_SET_EXECUTE', 'CHANGE_SET_REPLACE', 'CREATE_UPDATE', 'DELETE_ONLY', 'REPLACE_ON_FAILURE'];
const IMAGE_KEYS = [1, 2, 3, 4].flatMap((n) => [`Image${n}ArtifactName`, `Image${n}ContainerName`]);

const ROWS: Row[] = [
  // Source: no inputs, exactly one output.
  { category: 'Source', provider: 'CodeCommit', ...SOURCE_OUT, required: ['RepositoryName', 'BranchName'],
    optional: ['PollForSourceChanges', 'OutputArtifactFormat'],
    allowed: { PollForSourceChanges: BOOL, OutputArtifactFormat: ['CODE_ZIP', 'CODEBUILD_CLONE_REF'] } },
  { category: 'Source', provider: 'S3', ...SOURCE_OUT, required: ['S3Bucket', 'S3ObjectKey'],
    optional: ['PollForSourceChanges', 'AllowOverrideForS3ObjectKey'],
    allowed: { PollForSourceChanges: BOOL, AllowOverrideForS3ObjectKey: BOOL } },
  { category: 'Source', provider: 'ECR', ...SOURCE_OUT, required: ['RepositoryName'], optional: ['ImageTag'] },
  { category: 'Source', provider: 'CodeStarSourceConnection', ...SOURCE_OUT,
    required: ['ConnectionArn', 'FullRepositoryId', 'BranchName'], optional: ['OutputArtifactFormat', 'DetectChanges'],
    allowed: { OutputArtifactFormat: ['CODE_ZIP', 'CODEBUILD_CLONE_REF'], DetectChanges: BOOL } },
  { category: 'Source', owner: 'ThirdParty', provider: 'GitHub', ...SOURCE_OUT,
    required: ['Owner', 'Repo', 'Branch', 'OAuthToken'], optional: ['PollForSourceChanges'], secret: ['OAuthToken'],
    allowed: { PollForSourceChanges: BOOL } },
  // Build and test.
  { category: 'Build', ...CODEBUILD },
  { category: 'Test', ...CODEBUILD },
  { category: 'Build', provider: 'ECRBuildAndPublish', inputs: [1, 1], outputs: [0, 0], required: ['ECRRepositoryName'],
    optional: ['DockerFilePath', 'ImageTags', 'RegistryType'], allowed: { RegistryType: ['private', 'public'] } },
  { category: 'Test', provider: 'DeviceFarm', ...DEPLOY_ONE,
    required: ['ProjectId', 'DevicePoolArn', 'AppType', 'TestType'],
    optional: ['App', 'Test', 'RadioBluetoothEnabled', 'RadioGpsEnabled', 'RadioNfcEnabled', 'RadioWifiEnabled',
      'RecordAppPerformanceData', 'RecordVideo', 'CustomHostMachineArtifacts', 'CustomDeviceArtifacts',
      'FuzzEventCount', 'FuzzEventThrottle', 'FuzzRandomizerSeed', 'JobTimeoutMinutes', 'Latitude', 'Longitude'] },
  // Deploy.
  { category: 'Deploy', provider: 'CodeDeploy', ...DEPLOY_ONE, required: ['ApplicationName', 'DeploymentGroupName'] },
  { category: 'Deploy', provider: 'CodeDeployToECS', inputs: [1, 5], outputs: [0, 0],
    required: ['ApplicationName', 'DeploymentGroupName', 'TaskDefinitionTemplateArtifact', 'AppSpecTemplateArtifact'],
    optional: ['TaskDefinitionTemplatePath', 'AppSpecTemplatePath', ...IMAGE_KEYS] },
  { category: 'Deploy', provider: 'S3', ...DEPLOY_ONE, required: ['BucketName', 'Extract'],
    optional: ['ObjectKey', 'KMSEncryptionKeyARN', 'CannedACL', 'CacheControl'], allowed: { Extract: BOOL },
    requiredWhen: [{ name: 'ObjectKey', when: { key: 'Extract', oneOf: ['false'] } }] },
  { category: 'Deploy', provider: 'ECS', ...DEPLOY_ONE, required: ['ClusterName', 'ServiceName'],
    optional: ['FileName', 'DeploymentTimeout'] },
  { category: 'Deploy', provider: 'ElasticBeanstalk', ...DEPLOY_ONE, required: ['ApplicationName', 'EnvironmentName'] },
  { category: 'Deploy', provider: 'CloudFormation', inputs: [0, 10], outputs: [0, 1], required: ['ActionMode', 'StackName'],
    optional: ['Capabilities', 'ChangeSetName', 'OutputFileName', 'ParameterOverrides', 'RoleArn', 'TemplatePath',
      'TemplateConfiguration'],
    allowed: { ActionMode: CFN_MODES },
    requiredWhen: [
      { name: 'TemplatePath', when: { key: 'ActionMode', oneOf: ['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'CHANGE_SET_REPLACE'] } },
      { name: 'ChangeSetName', when: { key: 'ActionMode', oneOf: ['CHANGE_SET_REPLACE', 'CHANGE_SET_EXECUTE'] } },
      { name: 'RoleArn',
        when: { key: 'ActionMode', oneOf: ['CREATE_UPDATE', 'REPLACE_ON_FAILURE', 'DELETE_ONLY', 'CHANGE_SET_REPLACE'] } },
    ] },
  { category: 'Deploy', provider: 'CloudFormationStackSet', inputs: [1, 3], outputs: [0, 0],
    required: ['StackSetName', 'TemplatePath'],
    optional: ['Description', 'Parameters', 'Capabilities', 'DeploymentTargets', 'Regions', 'PermissionModel',
      'AdministrationRoleArn', 'ExecutionRoleName', 'OrganizationsAutoDeployment', 'FailureTolerancePercentage',
      'FailureToleranceCount', 'MaxConcurrentPercentage', 'MaxConcurrentCount', 'ConcurrencyMode'] },
  { category: 'Deploy', provider: 'CloudFormationStackInstances', inputs: [0, 3], outputs: [0, 0],
    required: ['StackSetName', 'DeploymentTargets', 'Regions'],
    optional: ['ParameterOverrides', 'FailureTolerancePercentage', 'FailureToleranceCount', 'MaxConcurrentPercentage',
      'MaxConcurrentCount', 'ConcurrencyMode'] },
  { category: 'Deploy', provider: 'EC2', ...DEPLOY_ONE, required: ['InstanceTagKey', 'InstanceType'],
    optional: ['InstanceTagValue', 'TargetDirectory', 'PreScript', 'PostScript', 'MaxBatch', 'MaxError',
      'TargetGroupNameList', 'DeploySpecifications'],
    allowed: { InstanceType: ['EC2', 'SSM_MANAGED_NODE'] } },
  { category: 'Deploy', provider: 'EKS', ...DEPLOY_ONE, required: ['ClusterName'],
    optional: ['ManifestFiles', 'HelmChartLocation', 'HelmReleaseName', 'HelmValuesFiles', 'Namespace', 'SubnetIds',
      'SecurityGroupIds'] },
  { category: 'Deploy', provider: 'ServiceCatalog', ...DEPLOY_ONE, required: ['ProductId'],
    optional: ['TemplateFilePath', 'ConfigurationFilePath', 'ProductVersionName', 'ProductType', 'ProductVersionDescription'] },
  { category: 'Deploy', owner: 'ThirdParty', provider: 'AlexaSkillsKit', inputs: [1, 2], outputs: [0, 0],
    required: ['ClientId', 'ClientSecret', 'RefreshToken', 'SkillId'], secret: ['ClientSecret', 'RefreshToken'] },
  // Approval, invoke, compute.
  { category: 'Approval', provider: 'Manual', inputs: [0, 0], outputs: [0, 0],
    optional: ['NotificationArn', 'CustomData', 'ExternalEntityLink'] },
  { category: 'Invoke', provider: 'Lambda', inputs: [0, 5], outputs: [0, 5], required: ['FunctionName'],
    optional: ['UserParameters'] },
  { category: 'Invoke', provider: 'StepFunctions', inputs: [0, 1], outputs: [0, 1], required: ['StateMachineArn'],
    optional: ['ExecutionNamePrefix', 'InputType', 'Input'], allowed: { InputType: ['Literal', 'FilePath'] },
    requiredWhen: [{ name: 'Input', when: { key: 'InputType', oneOf: ['FilePath'] } }] },
  { category: 'Invoke', provider: 'CodePipeline', inputs: [0, 0], outputs: [0, 0], required: ['PipelineName'],
    optional: ['SourceRevisions', 'Variables'] },
  // Commands takes its shell lines from the action's `commands` field, not from configuration.
  { category: 'Compute', provider: 'Commands', inputs: [1, 10], outputs: [0, 1], v2Only: true },
];

function fromRow(row: Row): ActionTypeSpec {
  const owner = row.owner ?? 'AWS';
  const property = (name: string, required: boolean): ConfigurationPropertySpec => {
    const spec: ConfigurationPropertySpec = { name, required };
    if (row.secret?.includes(name)) spec.secret = true;
    const allowed = row.allowed?.[name];
    if (allowed) spec.allowedValues = allowed;
    return spec;
  };
  const spec: ActionTypeSpec = {
    id: { category: row.category, owner, provider: row.provider, version: row.version ?? '1' },
    inputArtifacts: { min: row.inputs[0], max: row.inputs[1] },
    outputArtifacts: { min: row.outputs[0], max: row.outputs[1] },
    configuration: [
      ...(row.required ?? []).map((n) => property(n, true)),
      ...(row.optional ?? []).map((n) => property(n, false)),
    ],
    // Source actions run where the source lives, and non-AWS owners run on their own workers.
    regionAllowed: row.category !== 'Source' && owner === 'AWS',
  };
  if (row.requiredWhen) spec.requiredWhen = row.requiredWhen;
  if (row.v2Only) spec.v2Only = true;
  return spec;
}

/** Every action type Sluice knows without registration. */
export const BUILT_IN_ACTION_TYPES: readonly ActionTypeSpec[] = Object.freeze(ROWS.map(fromRow));

/**
 * A catalog of the built-in types plus `extra` (custom action types, owner Custom, registered at
 * run time). An extra spec with the same `category/owner/provider/version` replaces the built-in.
 */
export function makeActionTypeCatalog(extra: readonly ActionTypeSpec[] = []): ActionTypeCatalog {
  const byKey = new Map<ActionTypeKey, ActionTypeSpec>();
  for (const spec of [...BUILT_IN_ACTION_TYPES, ...extra]) byKey.set(actionTypeKey(spec.id), spec);
  return {
    get: (id) => byKey.get(actionTypeKey(id)),
    list: () => [...byKey.values()],
  };
}

/** True for the V2-only Commands compute action, the only type that takes `commands` et al. */
export function isCommandsAction(id: ActionTypeId): boolean {
  return id.owner === 'AWS' && id.category === 'Compute' && id.provider === 'Commands';
}
