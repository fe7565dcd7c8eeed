/**
 * The CodeDeploy API with the real `@aws-sdk/client-codedeploy` against a real server:
 * applications, deployment configs, deployment groups, on-premises instances, CreateDeployment's
 * checks, tags, and AWS's error types for bad input (which changes nothing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsToOnPremisesInstancesCommand, BatchGetApplicationRevisionsCommand, BatchGetApplicationsCommand, BatchGetOnPremisesInstancesCommand, CodeDeployClient, CreateApplicationCommand,
  CreateDeploymentCommand, CreateDeploymentConfigCommand, CreateDeploymentGroupCommand, DeleteApplicationCommand, DeleteDeploymentConfigCommand,
  DeleteDeploymentGroupCommand, DeregisterOnPremisesInstanceCommand, GetApplicationCommand, GetApplicationRevisionCommand, GetDeploymentCommand,
  GetDeploymentConfigCommand, GetDeploymentGroupCommand, GetOnPremisesInstanceCommand, ListApplicationRevisionsCommand, ListApplicationsCommand,
  ListDeploymentConfigsCommand, ListDeploymentGroupsCommand, ListOnPremisesInstancesCommand, ListTagsForResourceCommand, RegisterOnPremisesInstanceCommand,
  RemoveTagsFromOnPremisesInstancesCommand, TagResourceCommand, UntagResourceCommand, UpdateApplicationCommand, UpdateDeploymentGroupCommand,
} from '@aws-sdk/client-codedeploy';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { waitFor } from '../compat/support.ts';
import { rejectsWith } from '../support/iam.ts';
import { s3Client } from '../support/s3.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ROLE = 'arn:aws:iam::000000000000:role/deployer';
const REVISION = { revisionType: 'S3' as const, s3Location: { bucket: 'releases', key: 'app-1.zip', bundleType: 'zip' as const } };

describe('CodeDeploy API', () => {
  let t: TestServer;
  let client: CodeDeployClient;

  before(async () => {
    t = await startTestServer();
    client = new CodeDeployClient({ endpoint: t.url, region: 'us-east-1', credentials: t.credentials, maxAttempts: 1 });
    const s3 = s3Client(t);
    await s3.send(new CreateBucketCommand({ Bucket: 'releases' }));
    await s3.send(new PutObjectCommand({ Bucket: 'releases', Key: 'app-1.zip', Body: 'PK fake bundle' }));
    s3.destroy();
  });
  after(async () => {
    client.destroy();
    await t.close();
  });

  it('creates, reads, renames and deletes applications; a duplicate is refused', async () => {
    const { applicationId } = await client.send(new CreateApplicationCommand({ applicationName: 'shop', tags: [{ Key: 'team', Value: 'web' }] }));
    assert.match(applicationId ?? '', /^[0-9a-f-]{36}$/);
    await rejectsWith(client.send(new CreateApplicationCommand({ applicationName: 'shop' })), 'ApplicationAlreadyExistsException', 400, 'shop already exists in your account');
    const { application } = await client.send(new GetApplicationCommand({ applicationName: 'shop' }));
    assert.deepEqual([application?.applicationId, application?.computePlatform, application?.linkedToGitHub], [applicationId, 'Server', false]);
    assert.ok(application?.createTime instanceof Date);
    await client.send(new UpdateApplicationCommand({ applicationName: 'shop', newApplicationName: 'store' }));
    assert.deepEqual((await client.send(new ListApplicationsCommand({}))).applications?.filter((a) => a === 'shop' || a === 'store'), ['store']);
    await rejectsWith(client.send(new BatchGetApplicationsCommand({ applicationNames: ['store', 'nope'] })), 'ApplicationDoesNotExistException', 400, 'No application found for name: nope');
    await client.send(new DeleteApplicationCommand({ applicationName: 'store' }));
    await rejectsWith(client.send(new GetApplicationCommand({ applicationName: 'store' })), 'ApplicationDoesNotExistException', 400, 'No application found for name: store');
  });

  it('lists the built-in configs first, creates a custom one and refuses bad or protected changes', async () => {
    const { deploymentConfigsList } = await client.send(new ListDeploymentConfigsCommand({}));
    assert.deepEqual(deploymentConfigsList?.slice(0, 3), ['CodeDeployDefault.OneAtATime', 'CodeDeployDefault.HalfAtATime', 'CodeDeployDefault.AllAtOnce']);
    assert.ok(deploymentConfigsList?.includes('CodeDeployDefault.ECSLinear10PercentEvery3Minutes'));
    const builtIn = await client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.HalfAtATime' }));
    assert.deepEqual(builtIn.deploymentConfigInfo?.minimumHealthyHosts, { type: 'FLEET_PERCENT', value: 50 });
    await rejectsWith(client.send(new CreateDeploymentConfigCommand({ deploymentConfigName: 'bad', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 100 } })),
      'InvalidMinimumHealthyHostValueException', 400, /FLEET_PERCENT value must be between 0 and 99/);
    await rejectsWith(client.send(new GetDeploymentConfigCommand({ deploymentConfigName: 'bad' })), 'DeploymentConfigDoesNotExistException', 400, 'No deployment configuration found for name: bad');
    await client.send(new CreateDeploymentConfigCommand({ deploymentConfigName: 'ThreeQuarters', minimumHealthyHosts: { type: 'FLEET_PERCENT', value: 75 } }));
    await rejectsWith(client.send(new CreateDeploymentConfigCommand({ deploymentConfigName: 'ThreeQuarters', minimumHealthyHosts: { type: 'HOST_COUNT', value: 1 } })),
      'DeploymentConfigAlreadyExistsException', 400, /ThreeQuarters already exists/);
    assert.ok((await client.send(new ListDeploymentConfigsCommand({}))).deploymentConfigsList?.includes('ThreeQuarters'));
    await rejectsWith(client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'CodeDeployDefault.AllAtOnce' })), 'InvalidOperationException', 400, /cannot be deleted/);
    await client.send(new CreateApplicationCommand({ applicationName: 'cfg-app' }));
    await client.send(new CreateDeploymentGroupCommand({ applicationName: 'cfg-app', deploymentGroupName: 'g', serviceRoleArn: ROLE, deploymentConfigName: 'ThreeQuarters' }));
    await rejectsWith(client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'ThreeQuarters' })), 'DeploymentConfigInUseException', 400, /in use/);
    await client.send(new DeleteDeploymentGroupCommand({ applicationName: 'cfg-app', deploymentGroupName: 'g' }));
    await client.send(new DeleteDeploymentConfigCommand({ deploymentConfigName: 'ThreeQuarters' }));
  });

  it('creates deployment groups with their settings and refuses invalid combinations without writing', async () => {
    await client.send(new CreateApplicationCommand({ applicationName: 'web' }));
    await rejectsWith(client.send(new CreateDeploymentGroupCommand({ applicationName: 'missing', deploymentGroupName: 'g', serviceRoleArn: ROLE })),
      'ApplicationDoesNotExistException', 400, 'No application found for name: missing');
    await rejectsWith(client.send(new CreateDeploymentGroupCommand({
      applicationName: 'web', deploymentGroupName: 'both', serviceRoleArn: ROLE, onPremisesInstanceTagFilters: [{ Key: 'a', Value: 'b', Type: 'KEY_AND_VALUE' }],
      onPremisesTagSet: { onPremisesTagSetList: [[{ Key: 'a', Value: 'b', Type: 'KEY_AND_VALUE' }]] },
    })), 'InvalidOnPremisesTagCombinationException', 400, /both onPremisesInstanceTagFilters and onPremisesTagSet/);
    await rejectsWith(client.send(new CreateDeploymentGroupCommand({
      applicationName: 'web', deploymentGroupName: 'lb', serviceRoleArn: ROLE, deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
      loadBalancerInfo: { targetGroupInfoList: [{ name: 'bad name!' }] },
    })), 'InvalidLoadBalancerInfoException', 400, /target group name "bad name!"/);
    await rejectsWith(client.send(new CreateDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'cfg', serviceRoleArn: ROLE, deploymentConfigName: 'Nope' })),
      'DeploymentConfigDoesNotExistException', 400, 'No deployment configuration found for name: Nope');
    assert.deepEqual((await client.send(new ListDeploymentGroupsCommand({ applicationName: 'web' }))).deploymentGroups, [], 'refused creates wrote nothing');
    const { deploymentGroupId } = await client.send(new CreateDeploymentGroupCommand({
      applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: ROLE, onPremisesInstanceTagFilters: [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }],
      autoRollbackConfiguration: { enabled: true, events: ['DEPLOYMENT_FAILURE'] },
      deploymentStyle: { deploymentType: 'IN_PLACE', deploymentOption: 'WITH_TRAFFIC_CONTROL' }, loadBalancerInfo: { targetGroupInfoList: [{ name: 'web-tg' }] },
    }));
    await rejectsWith(client.send(new CreateDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'prod', serviceRoleArn: ROLE })),
      'DeploymentGroupAlreadyExistsException', 400, /prod already exists/);
    const { deploymentGroupInfo: info } = await client.send(new GetDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'prod' }));
    assert.equal(info?.deploymentGroupId, deploymentGroupId);
    assert.equal(info?.deploymentConfigName, 'CodeDeployDefault.OneAtATime');
    assert.deepEqual(info?.loadBalancerInfo?.targetGroupInfoList, [{ name: 'web-tg' }]);
    assert.deepEqual(info?.autoRollbackConfiguration, { enabled: true, events: ['DEPLOYMENT_FAILURE'] });
    await client.send(new UpdateDeploymentGroupCommand({ applicationName: 'web', currentDeploymentGroupName: 'prod', newDeploymentGroupName: 'production', deploymentConfigName: 'CodeDeployDefault.AllAtOnce' }));
    const renamed = await client.send(new GetDeploymentGroupCommand({ applicationName: 'web', deploymentGroupName: 'production' }));
    assert.deepEqual([renamed.deploymentGroupInfo?.deploymentGroupId, renamed.deploymentGroupInfo?.deploymentConfigName], [deploymentGroupId, 'CodeDeployDefault.AllAtOnce']);
    assert.deepEqual(renamed.deploymentGroupInfo?.onPremisesInstanceTagFilters, [{ Key: 'env', Value: 'prod', Type: 'KEY_AND_VALUE' }], 'an update keeps what it does not name');
  });

  it('registers on-premises instances, filters them by tags and registration, and deregisters them', async () => {
    await client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'box-1', iamUserArn: 'arn:aws:iam::000000000000:user/box-1' }));
    await client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'box-2', iamUserArn: 'arn:aws:iam::000000000000:user/box-2' }));
    await rejectsWith(client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'box-3', iamUserArn: 'arn:aws:iam::000000000000:user/box-1' })),
      'IamUserArnAlreadyRegisteredException', 400, /already registered/);
    await rejectsWith(client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'box-1', iamUserArn: 'arn:aws:iam::000000000000:user/other' })),
      'InstanceNameAlreadyRegisteredException', 400, /box-1 is already registered/);
    await rejectsWith(client.send(new RegisterOnPremisesInstanceCommand({ instanceName: 'box-4' })), 'IamArnRequiredException', 400, /IAM user ARN or an IAM session ARN/);
    await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: ['box-1', 'box-2'], tags: [{ Key: 'env', Value: 'stage' }] }));
    await client.send(new AddTagsToOnPremisesInstancesCommand({ instanceNames: ['box-2'], tags: [{ Key: 'role', Value: 'db' }] }));
    await client.send(new RemoveTagsFromOnPremisesInstancesCommand({ instanceNames: ['box-1'], tags: [{ Key: 'env', Value: 'stage' }] }));
    const { instanceInfo } = await client.send(new GetOnPremisesInstanceCommand({ instanceName: 'box-2' }));
    assert.equal(instanceInfo?.instanceArn, 'arn:aws:codedeploy:us-east-1:000000000000:instance/box-2');
    assert.deepEqual(instanceInfo?.tags, [{ Key: 'env', Value: 'stage' }, { Key: 'role', Value: 'db' }]);
    const staged = await client.send(new ListOnPremisesInstancesCommand({ tagFilters: [{ Key: 'env', Value: 'stage', Type: 'KEY_AND_VALUE' }] }));
    assert.deepEqual(staged.instanceNames, ['box-2']);
    await client.send(new DeregisterOnPremisesInstanceCommand({ instanceName: 'box-1' }));
    const deregistered = await client.send(new ListOnPremisesInstancesCommand({ registrationStatus: 'Deregistered' }));
    assert.deepEqual(deregistered.instanceNames, ['box-1']);
    const batch = await client.send(new BatchGetOnPremisesInstancesCommand({ instanceNames: ['box-1', 'box-2'] }));
    assert.ok(batch.instanceInfos?.find((i) => i.instanceName === 'box-1')?.deregisterTime instanceof Date);
    await rejectsWith(client.send(new GetOnPremisesInstanceCommand({ instanceName: 'ghost' })), 'InstanceNotRegisteredException', 400, 'No instance found for name: ghost');
  });

  it('CreateDeployment pins an existing S3 revision, refuses a missing one, and fails at once when no host matches', async () => {
    await client.send(new CreateApplicationCommand({ applicationName: 'api' }));
    await client.send(new CreateDeploymentGroupCommand({ applicationName: 'api', deploymentGroupName: 'nobody', serviceRoleArn: ROLE,
      onPremisesInstanceTagFilters: [{ Key: 'env', Value: 'nowhere', Type: 'KEY_AND_VALUE' }] }));
    await rejectsWith(client.send(new CreateDeploymentCommand({ applicationName: 'api', deploymentGroupName: 'nobody',
      revision: { revisionType: 'S3', s3Location: { bucket: 'releases', key: 'missing.zip', bundleType: 'zip' } } })),
    'RevisionDoesNotExistException', 400, 'No revision found at s3://releases/missing.zip.');
    await rejectsWith(client.send(new CreateDeploymentCommand({ applicationName: 'api', deploymentGroupName: 'nobody', revision: { revisionType: 'GitHub', gitHubLocation: { repository: 'a/b', commitId: 'abc' } } })),
      'InvalidRevisionException', 400, /revisionType S3/);
    await rejectsWith(client.send(new CreateDeploymentCommand({ applicationName: 'api', deploymentGroupName: 'ghost', revision: REVISION })),
      'DeploymentGroupDoesNotExistException', 400, 'No Deployment Group found for name: ghost');
    const { deploymentId } = await client.send(new CreateDeploymentCommand({ applicationName: 'api', deploymentGroupName: 'nobody', revision: REVISION, description: 'first' }));
    assert.match(deploymentId ?? '', /^d-[A-Z0-9]{9}$/);
    const info = await waitFor('the deployment to fail', async () => {
      const { deploymentInfo } = await client.send(new GetDeploymentCommand({ deploymentId }));
      return deploymentInfo?.status === 'Failed' ? deploymentInfo : undefined;
    });
    assert.equal(info.errorInformation?.code, 'NO_INSTANCES');
    assert.match(info.errorInformation?.message ?? '', /no instances were found for your deployment group/);
    assert.deepEqual([info.creator, info.description, info.revision?.s3Location?.key], ['user', 'first', 'app-1.zip']);
    const revisions = await client.send(new ListApplicationRevisionsCommand({ applicationName: 'api' }));
    assert.deepEqual(revisions.revisions?.map((r) => r.s3Location?.key), ['app-1.zip'], 'a deployed revision is registered');
    const revision = await client.send(new GetApplicationRevisionCommand({ applicationName: 'api', revision: REVISION }));
    assert.deepEqual(revision.revisionInfo?.deploymentGroups, ['nobody']);
    const missing = { revisionType: 'S3' as const, s3Location: { bucket: 'releases', key: 'never.zip', bundleType: 'zip' as const } };
    const batch = await client.send(new BatchGetApplicationRevisionsCommand({ applicationName: 'api', revisions: [REVISION, missing] }));
    assert.deepEqual(batch.revisions?.map((r) => r.revisionLocation?.s3Location?.key), ['app-1.zip']);
    assert.equal(batch.errorMessage, 'Revisions not registered: s3://releases/never.zip');
  });

  it('tags applications and deployment groups by ARN', async () => {
    await client.send(new CreateApplicationCommand({ applicationName: 'tagged' }));
    const arn = 'arn:aws:codedeploy:us-east-1:000000000000:application:tagged';
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }));
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a'] }));
    assert.deepEqual((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'b', Value: '2' }]);
    await rejectsWith(client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:s3:::bucket' })), 'InvalidArnException', 400, /not a CodeDeploy/);
  });
});
