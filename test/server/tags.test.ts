/**
 * Tags through the AWS SDK client: TagResource, UntagResource and ListTagsForResource on pipeline,
 * webhook and custom action type ARNs, and every error AWS names for them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand, GetPipelineCommand, ListTagsForResourceCommand, PutWebhookCommand, TagResourceCommand,
  UntagResourceCommand, type CodePipelineClient, type Tag,
} from '@aws-sdk/client-codepipeline';
import { startTestServer, type TestServer } from '../support/server.ts';

const ACCOUNT = '000000000000';
const ARN = `arn:aws:codepipeline:us-east-1:${ACCOUNT}`;

const PIPELINE = {
  name: 'tagged', roleArn: `arn:aws:iam::${ACCOUNT}:role/p`, artifactStore: { type: 'S3' as const, location: 'artifacts' },
  stages: [
    { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source' as const, owner: 'AWS' as const, provider: 'CodeCommit', version: '1' },
      configuration: { RepositoryName: 'r', BranchName: 'main' }, outputArtifacts: [{ name: 'Out' }] }] },
    { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval' as const, owner: 'AWS' as const, provider: 'Manual', version: '1' } }] },
  ],
};

describe('tags', () => {
  let t: TestServer;
  let client: CodePipelineClient;

  async function tagsOf(resourceArn: string): Promise<Tag[] | undefined> {
    return (await client.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
  }

  before(async () => {
    t = await startTestServer();
    client = t.codepipeline();
    await client.send(new CreatePipelineCommand({ pipeline: PIPELINE, tags: [{ key: 'team', value: 'platform' }] }));
  });
  after(() => t.close());

  it('round-trips pipeline tags: created with the pipeline, added, replaced by key, removed', async () => {
    const arn = `${ARN}:tagged`;
    const { metadata } = await client.send(new GetPipelineCommand({ name: 'tagged' }));
    assert.equal(metadata?.pipelineArn, arn, 'the ARN GetPipeline shows is the one to tag');
    assert.deepEqual(await tagsOf(arn), [{ key: 'team', value: 'platform' }]);
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'prod' }, { key: 'team', value: 'web' }] }));
    assert.deepEqual(await tagsOf(arn), [{ key: 'team', value: 'web' }, { key: 'env', value: 'prod' }]);
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team', 'not-there'] }));
    assert.deepEqual(await tagsOf(arn), [{ key: 'env', value: 'prod' }]);
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [] }));
    assert.deepEqual(await tagsOf(arn), [{ key: 'env', value: 'prod' }]);
    const { pipeline } = await client.send(new GetPipelineCommand({ name: 'tagged' }));
    assert.equal(pipeline?.version, 1, 'tagging does not make a new pipeline version');
  });

  it('any region in the ARN names the same pipeline', async () => {
    const arn = `arn:aws:codepipeline:eu-west-1:${ACCOUNT}:tagged`;
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'region', value: 'any' }] }));
    assert.ok((await tagsOf(`${ARN}:tagged`))?.some((tag) => tag.key === 'region'));
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['region'] }));
  });

  it('round-trips webhook tags', async () => {
    const { webhook } = await client.send(new PutWebhookCommand({
      webhook: { name: 'hook', targetPipeline: 'tagged', targetAction: 'Src', filters: [], authentication: 'UNAUTHENTICATED', authenticationConfiguration: {} },
      tags: [{ key: 'a', value: '1' }],
    }));
    const arn = webhook?.arn ?? '';
    assert.equal(arn, `${ARN}:webhook:hook`);
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'b', value: '2' }] }));
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
    assert.deepEqual(await tagsOf(arn), [{ key: 'b', value: '2' }]);
  });

  it('round-trips custom action type tags; a deleted type names nothing', async () => {
    const id = { category: 'Build' as const, owner: 'Custom' as const, provider: 'TaggedBuilder', version: '1' };
    const { actionTypes } = t.server.runtime.store;
    await actionTypes.create({
      id, settings: {}, configurationProperties: [], inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 1 }, tags: [{ key: 'a', value: '1' }], created: 0, updated: 0,
    });
    const arn = `${ARN}:actiontype:Custom/Build/TaggedBuilder/1`;
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'b', value: '2' }] }));
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a'] }));
    assert.deepEqual(await tagsOf(arn), [{ key: 'b', value: '2' }]);
    await actionTypes.delete(id, 1);
    await assert.rejects(tagsOf(arn), { name: 'ResourceNotFoundException' });
  });

  it('pages ListTagsForResource', async () => {
    const arn = `${ARN}:tagged`;
    const many = Array.from({ length: 7 }, (_, i) => ({ key: `page-${i}`, value: String(i) }));
    await client.send(new TagResourceCommand({ resourceArn: arn, tags: many }));
    const seen: Tag[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListTagsForResourceCommand({ resourceArn: arn, maxResults: 3, ...(nextToken !== undefined && { nextToken }) }));
      assert.ok((page.tags ?? []).length <= 3);
      seen.push(...page.tags ?? []);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    assert.deepEqual(seen, await tagsOf(arn));
    const first = await client.send(new ListTagsForResourceCommand({ resourceArn: arn, maxResults: 1 }));
    await assert.rejects(client.send(new ListTagsForResourceCommand({ resourceArn: `${ARN}:webhook:hook`, nextToken: first.nextToken })),
      { name: 'InvalidNextTokenException' }, 'a token belongs to its resource');
    await assert.rejects(client.send(new ListTagsForResourceCommand({ resourceArn: arn, nextToken: 'bogus' })), { name: 'InvalidNextTokenException' });
    await client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: many.map((tag) => tag.key) }));
  });

  it('refuses bad tags and ARNs with AWS\'s error types, changing nothing', async () => {
    const arn = `${ARN}:tagged`;
    const before = await tagsOf(arn);
    const refused: [() => Promise<unknown>, string, RegExp][] = [
      [() => client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'aws:cloudformation', value: 'x' }] })), 'InvalidTagsException', /reserved prefix aws:/],
      [() => client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'd', value: '1' }, { key: 'd', value: '2' }] })), 'InvalidTagsException', /more than once/],
      [() => client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['AWS:x'] })), 'InvalidTagsException', /reserved prefix aws:/],
      [() => client.send(new TagResourceCommand({ resourceArn: arn, tags: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: '' })) })),
        'TooManyTagsException', /at most 50/],
      [() => client.send(new TagResourceCommand({ resourceArn: arn, tags: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: '' })) })),
        'TooManyTagsException', /would have 51 tags/],
      [() => client.send(new TagResourceCommand({ resourceArn: `${ARN}:missing`, tags: [{ key: 'a', value: 'b' }] })), 'ResourceNotFoundException', /does not exist/],
      [() => client.send(new UntagResourceCommand({ resourceArn: `${ARN}:missing`, tagKeys: ['a'] })), 'ResourceNotFoundException', /does not exist/],
      [() => tagsOf(`${ARN}:missing`), 'ResourceNotFoundException', /missing does not exist/],
      [() => tagsOf(`${ARN}:webhook:missing`), 'ResourceNotFoundException', /does not exist/],
      [() => tagsOf(`${ARN}:actiontype:Custom/Build/Nope/1`), 'ResourceNotFoundException', /does not exist/],
      [() => tagsOf('arn:aws:codepipeline:us-east-1:123456789012:tagged'), 'ResourceNotFoundException', /does not exist/],
      [() => tagsOf(`${ARN}:bad name`), 'InvalidArnException', /not a valid CodePipeline resource ARN/],
      [() => tagsOf(`arn:aws:codepipeline:nowhere:${ACCOUNT}:tagged`), 'InvalidArnException', /not a valid/],
      [() => tagsOf(`${ARN}:stage:x:y`), 'InvalidArnException', /not a valid/],
      [() => tagsOf(`${ARN}:webhook:`), 'InvalidArnException', /not a valid/],
      [() => tagsOf('arn:aws:s3:::bucket'), 'InvalidArnException', /not a valid/],
      [() => tagsOf('not-an-arn'), 'InvalidArnException', /not-an-arn is not a valid CodePipeline resource ARN/],
      [() => client.send(new UntagResourceCommand({ resourceArn: 'not-an-arn', tagKeys: ['a'] })), 'InvalidArnException', /not a valid/],
    ];
    for (const [attempt, name, message] of refused) {
      await assert.rejects(attempt(), (e: Error) => {
        assert.equal(e.name, name, message.source);
        assert.match(e.message, message);
        return true;
      });
    }
    assert.deepEqual(await tagsOf(arn), before);
  });
});
