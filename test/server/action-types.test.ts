/**
 * Custom action types through the AWS SDK: create (idempotent when identical), list with the
 * built-ins, get and update as declarations, delete (and restore), use in pipelines, and the rule
 * types.
 */
import assert from 'node:assert/strict';
import {
  CreateCustomActionTypeCommand, CreatePipelineCommand, DeleteCustomActionTypeCommand, GetActionTypeCommand,
  ListActionTypesCommand, ListRuleTypesCommand, UpdateActionTypeCommand, type ActionCategory, type ActionConfigurationProperty,
  type CodePipelineClient, type CreateCustomActionTypeCommandInput,
} from '@aws-sdk/client-codepipeline';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.ts';

const PROPERTIES: ActionConfigurationProperty[] = [
  { name: 'Queue', required: true, key: true, secret: false, queryable: true, description: 'worker queue', type: 'String' },
  { name: 'Token', required: false, key: false, secret: true },
];

function customType(provider: string, over: Partial<CreateCustomActionTypeCommandInput> = {}): CreateCustomActionTypeCommandInput {
  return {
    category: 'Build', provider, version: '1', configurationProperties: PROPERTIES,
    settings: { entityUrlTemplate: 'https://ci.example.com/{Config:Queue}' },
    inputArtifactDetails: { minimumCount: 1, maximumCount: 1 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    ...over,
  };
}

function pipelineUsing(name: string, provider: string, category: ActionCategory = 'Build') {
  return {
    name, roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3' as const, location: 'artifacts' },
    stages: [
      { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeCommit', version: '1' },
        configuration: { RepositoryName: 'r', BranchName: 'main' }, outputArtifacts: [{ name: 'Out' }] }] },
      { name: 'Build', actions: [{ name: 'Make', actionTypeId: { category, owner: 'Custom' as const, provider, version: '1' },
        configuration: { Queue: 'fast' }, inputArtifacts: [{ name: 'Out' }] }] },
    ],
  };
}

describe('custom action types', () => {
  let t: TestServer;
  let client: CodePipelineClient;
  before(async () => {
    t = await startTestServer();
    client = t.codepipeline();
  });
  after(() => t.close());

  it('creates a Custom type, idempotently when the definition is the same', async () => {
    const created = await client.send(new CreateCustomActionTypeCommand(customType('Maker', { tags: [{ key: 'team', value: 'ci' }] })));
    assert.deepEqual(created.actionType, {
      id: { category: 'Build', owner: 'Custom', provider: 'Maker', version: '1' },
      settings: { entityUrlTemplate: 'https://ci.example.com/{Config:Queue}' },
      actionConfigurationProperties: PROPERTIES,
      inputArtifactDetails: { minimumCount: 1, maximumCount: 1 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    });
    assert.deepEqual(created.tags, [{ key: 'team', value: 'ci' }]);
    const again = await client.send(new CreateCustomActionTypeCommand(customType('Maker')));
    assert.deepEqual(again.actionType, created.actionType);
    await assert.rejects(client.send(new CreateCustomActionTypeCommand(customType('Maker', { outputArtifactDetails: { minimumCount: 0, maximumCount: 2 } }))),
      { name: 'ValidationException', message: /Custom\/Build\/Maker\/1 already exists with a different definition/ });
  });

  it('refuses definitions AWS refuses', async () => {
    const refused = async (over: Partial<CreateCustomActionTypeCommandInput>, message: RegExp) =>
      assert.rejects(client.send(new CreateCustomActionTypeCommand(customType('Refused', over))), { name: 'ValidationException', message });
    const prop = (name: string, over: Partial<ActionConfigurationProperty> = {}): ActionConfigurationProperty =>
      ({ name, required: true, key: false, secret: false, ...over });
    await refused({ configurationProperties: [prop('A', { queryable: true }), prop('B', { queryable: true })] }, /at most one configuration property may be queryable/);
    await refused({ configurationProperties: [prop('A', { queryable: true, required: false })] }, /queryable configuration property A must be required and not secret/);
    await refused({ configurationProperties: [prop('A', { queryable: true, secret: true })] }, /must be required and not secret/);
    await refused({ configurationProperties: [prop('A'), prop('A')] }, /names must be unique; repeated: A/);
    await refused({ configurationProperties: Array.from({ length: 11 }, (_, i) => prop(`P${i}`)) }, /Member must have length less than or equal to 10/);
    await refused({ inputArtifactDetails: { minimumCount: 2, maximumCount: 1 } }, /minimumCount \(2\) is greater than maximumCount \(1\)/);
    await refused({ inputArtifactDetails: { minimumCount: 0, maximumCount: 6 } }, /Member must have value less than or equal to 5/);
  });

  it('lists the built-in types and the custom ones, filtered by owner', async () => {
    await client.send(new CreateCustomActionTypeCommand(customType('Lister')));
    const all = await client.send(new ListActionTypesCommand({}));
    const keys = (all.actionTypes ?? []).map((a) => `${a.id?.owner}/${a.id?.category}/${a.id?.provider}`);
    for (const key of ['AWS/Build/CodeBuild', 'AWS/Compute/Commands', 'AWS/Approval/Manual', 'ThirdParty/Source/GitHub', 'Custom/Build/Lister']) {
      assert.ok(keys.includes(key), key);
    }
    assert.equal(all.nextToken, undefined);
    const codeBuild = all.actionTypes?.find((a) => a.id?.provider === 'CodeBuild' && a.id.category === 'Build');
    assert.deepEqual(codeBuild?.inputArtifactDetails, { minimumCount: 1, maximumCount: 5 });
    assert.deepEqual(codeBuild?.actionConfigurationProperties?.[0], { name: 'ProjectName', required: true, key: true, secret: false, queryable: false });
    const github = all.actionTypes?.find((a) => a.id?.provider === 'GitHub');
    assert.equal(github?.actionConfigurationProperties?.find((p) => p.name === 'OAuthToken')?.secret, true);
    const custom = await client.send(new ListActionTypesCommand({ actionOwnerFilter: 'Custom' }));
    assert.ok((custom.actionTypes ?? []).every((a) => a.id?.owner === 'Custom'));
    assert.ok(custom.actionTypes?.some((a) => a.id?.provider === 'Lister'));
    await assert.rejects(client.send(new ListActionTypesCommand({ nextToken: 'bogus' })), { name: 'InvalidNextTokenException' });
  });

  it('reads built-in and custom types as declarations, and updates custom ones', async () => {
    await client.send(new CreateCustomActionTypeCommand(customType('Updater')));
    const id = { category: 'Build' as const, owner: 'Custom', provider: 'Updater', version: '1' };
    const got = await client.send(new GetActionTypeCommand(id));
    assert.deepEqual(got.actionType, {
      executor: { type: 'JobWorker', configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ['000000000000'] } } },
      id, inputArtifactDetails: { minimumCount: 1, maximumCount: 1 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      properties: [
        { name: 'Queue', optional: false, key: true, noEcho: false, queryable: true, description: 'worker queue' },
        { name: 'Token', optional: true, key: false, noEcho: true },
      ],
      urls: { entityUrlTemplate: 'https://ci.example.com/{Config:Queue}' },
    });
    await client.send(new UpdateActionTypeCommand({
      actionType: {
        ...got.actionType, description: 'builds with make', executor: { type: 'JobWorker', configuration: {}, jobTimeout: 600 }, id,
        inputArtifactDetails: { minimumCount: 0, maximumCount: 2 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
        properties: [{ name: 'Queue', optional: false, key: true, noEcho: false, queryable: true }, { name: 'Target', optional: true, key: false, noEcho: false }],
        urls: { executionUrlTemplate: 'https://ci.example.com/runs' },
      },
    }));
    const listed = (await client.send(new ListActionTypesCommand({ actionOwnerFilter: 'Custom' }))).actionTypes?.find((a) => a.id?.provider === 'Updater');
    assert.deepEqual(listed, {
      id, settings: { executionUrlTemplate: 'https://ci.example.com/runs' },
      actionConfigurationProperties: [
        { name: 'Queue', required: true, key: true, secret: false, queryable: true, type: 'String' },
        { name: 'Target', required: false, key: false, secret: false },
      ],
      inputArtifactDetails: { minimumCount: 0, maximumCount: 2 }, outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    });
    assert.equal((await client.send(new GetActionTypeCommand(id))).actionType?.description, 'builds with make');
    const builtIn = await client.send(new GetActionTypeCommand({ category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' }));
    assert.deepEqual(builtIn.actionType?.inputArtifactDetails, { minimumCount: 1, maximumCount: 5 });
    await assert.rejects(client.send(new UpdateActionTypeCommand({ actionType: { ...builtIn.actionType, id: builtIn.actionType?.id } })),
      { name: 'ValidationException', message: /built in and cannot be updated/ });
    await assert.rejects(client.send(new GetActionTypeCommand({ ...id, provider: 'Nope' })), { name: 'ActionTypeNotFoundException' });
    await assert.rejects(client.send(new GetActionTypeCommand({ ...id, owner: 'Someone' })), { name: 'ValidationException', message: /at 'owner'/ });
  });

  it('lets pipelines use a custom type only while it exists; a deleted type is restored by its identical definition', async () => {
    await assert.rejects(client.send(new CreatePipelineCommand({ pipeline: pipelineUsing('uses-later', 'Later') })),
      { name: 'InvalidActionDeclarationException', message: /Build\/Custom\/Later\/1/ });
    await client.send(new CreateCustomActionTypeCommand(customType('Later')));
    await client.send(new CreatePipelineCommand({ pipeline: pipelineUsing('uses-later', 'Later') }));
    await assert.rejects(client.send(new CreatePipelineCommand({ pipeline: { ...pipelineUsing('uses-later-2', 'Later'), stages: [
      pipelineUsing('x', 'Later').stages[0]!, { name: 'Build', actions: [{ ...pipelineUsing('x', 'Later').stages[1]!.actions[0]!, configuration: {} }] }] } })),
    { name: 'InvalidActionDeclarationException', message: /Queue/ }, 'required properties are required');

    await client.send(new DeleteCustomActionTypeCommand({ category: 'Build', provider: 'Later', version: '1' }));
    await client.send(new DeleteCustomActionTypeCommand({ category: 'Build', provider: 'Later', version: '1' }));
    const custom = await client.send(new ListActionTypesCommand({ actionOwnerFilter: 'Custom' }));
    assert.ok(!custom.actionTypes?.some((a) => a.id?.provider === 'Later'));
    await assert.rejects(client.send(new GetActionTypeCommand({ category: 'Build', owner: 'Custom', provider: 'Later', version: '1' })), { name: 'ActionTypeNotFoundException' });
    await assert.rejects(client.send(new CreatePipelineCommand({ pipeline: pipelineUsing('uses-deleted', 'Later') })), { name: 'InvalidActionDeclarationException' });
    await assert.rejects(client.send(new CreateCustomActionTypeCommand(customType('Later', { settings: {} }))), { name: 'ValidationException', message: /already exists \(deleted\)/ });
    await client.send(new CreateCustomActionTypeCommand(customType('Later')));
    await client.send(new CreatePipelineCommand({ pipeline: pipelineUsing('uses-restored', 'Later') }));
  });

  it('lists the rule types conditions may use', async () => {
    const { ruleTypes } = await client.send(new ListRuleTypesCommand({}));
    assert.deepEqual(ruleTypes?.map((r) => r.id?.provider).sort(), ['CloudWatchAlarm', 'CodeBuild', 'Commands', 'DeploymentWindow', 'LambdaInvoke', 'VariableCheck']);
    const check = ruleTypes?.find((r) => r.id?.provider === 'VariableCheck');
    assert.deepEqual(check?.id, { category: 'Rule', owner: 'AWS', provider: 'VariableCheck', version: '1' });
    assert.deepEqual(check?.ruleConfigurationProperties?.map((p) => [p.name, p.required]), [['Variable', true], ['Value', true], ['Operator', true]]);
    assert.equal((await client.send(new ListRuleTypesCommand({ ruleOwnerFilter: 'AWS', regionFilter: 'eu-west-1' }))).ruleTypes?.length, 6);
  });
});
