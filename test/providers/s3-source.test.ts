/**
 * The S3 source action against the real file object store: the latest or a pinned version, the
 * key override AllowOverrideForS3ObjectKey permits, the revision summary from the object's
 * metadata, and failures that name the missing object or version.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { makeFsObjectStore } from '../../src/artifacts/objects/fs-objects.ts';
import type { ObjectInfo, ObjectStore } from '../../src/artifacts/objects/ports.ts';
import type { JobData } from '../../src/engine/commands.ts';
import { isActionFailure, type ActionContext } from '../../src/providers/provider.ts';
import { makeS3SourceProvider } from '../../src/providers/s3-source.ts';
import { makeFsArtifactStore } from '../../src/artifacts/fs-store.ts';

describe('S3 source action', () => {
  let root: string;
  let objects: ObjectStore;

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-s3-source-'));
    objects = makeFsObjectStore({ root: join(root, 'artifacts'), stateDir: join(root, 'objects') });
    await objects.createBucket('sources');
  });
  after(() => rm(root, { recursive: true, force: true }));

  async function put(key: string, text: string, userMetadata: Record<string, string> = {}): Promise<ObjectInfo> {
    const staged = await objects.stage(Readable.from([Buffer.from(text)]), 1024);
    return objects.commit(staged, 'sources', key, { userMetadata });
  }

  function context(configuration: Record<string, string>, over: Partial<JobData> = {}): ActionContext {
    return {
      jobId: 'job-1', attempt: 1, signal: new AbortController().signal, artifacts: makeFsArtifactStore(join(root, 'artifacts')),
      workDir: () => Promise.reject(new Error('not needed')), log: () => undefined,
      data: {
        actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
        actionConfiguration: { configuration },
        pipelineContext: {
          pipelineName: 'app', stage: { name: 'Source' }, action: { name: 'Bundle', actionExecutionId: 'ae-1' },
          pipelineArn: 'arn:aws:codepipeline:us-east-1:000000000000:app', pipelineExecutionId: 'exec-1',
        },
        inputArtifacts: [],
        outputArtifacts: [{ name: 'Bundle', location: { type: 'S3', s3Location: { bucketName: 'store', objectKey: 'out.zip' } } }],
        ...over,
      },
    };
  }

  const copied = () => readFile(join(root, 'artifacts', 'store', 'out.zip'), 'utf8');
  const provider = () => makeS3SourceProvider({ objects });

  async function failure(promise: Promise<unknown>): Promise<{ message: string; failureType: string }> {
    const e = await promise.then(() => undefined, (err: unknown) => err);
    assert.ok(isActionFailure(e), `expected an ActionFailure, got ${String(e)}`);
    return e;
  }

  it('copies the latest version, or the pinned one after a newer upload replaced it', async () => {
    const v1 = await put('app.zip', 'one', { 'codepipeline-artifact-revision-summary': 'Release one' });
    const v2 = await put('app.zip', 'two');
    const latest = await provider().run(context({ S3Bucket: 'sources', S3ObjectKey: 'app.zip' }));
    assert.equal(await copied(), 'two');
    assert.deepEqual(latest.outputVariables, { ETag: v2.etag.replace(/"/g, ''), VersionId: v2.versionId, ObjectKey: 'app.zip' });
    assert.equal(latest.currentRevision?.revision, v2.versionId);
    assert.equal(latest.currentRevision?.revisionSummary, `s3://sources/app.zip version ${v2.versionId}`);

    const pinned = await provider().run(context({ S3Bucket: 'sources', S3ObjectKey: 'app.zip' }, {
      sourceRevision: { revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: v1.versionId ?? '' },
    }));
    assert.equal(await copied(), 'one');
    assert.equal(pinned.outputVariables?.VersionId, v1.versionId);
    assert.equal(pinned.currentRevision?.revisionSummary, 'Release one');
    assert.equal(pinned.currentRevision?.created, v1.lastModifiedMs);
  });

  it('reads an overriding key only when AllowOverrideForS3ObjectKey is "true"', async () => {
    await put('other.zip', 'other');
    const override = { sourceRevision: { revisionType: 'S3_OBJECT_KEY', revisionValue: 'other.zip' } };
    const refused = await failure(provider().run(context({ S3Bucket: 'sources', S3ObjectKey: 'app.zip' }, override)));
    assert.equal(refused.failureType, 'ConfigurationError');
    assert.match(refused.message, /AllowOverrideForS3ObjectKey/);
    const result = await provider().run(context({ S3Bucket: 'sources', S3ObjectKey: 'app.zip', AllowOverrideForS3ObjectKey: 'true' }, override));
    assert.equal(await copied(), 'other');
    assert.equal(result.outputVariables?.ObjectKey, 'other.zip');
  });

  it('fails naming the missing object, the missing version, or the wrong revision type', async () => {
    const object = await failure(provider().run(context({ S3Bucket: 'sources', S3ObjectKey: 'missing.zip' })));
    assert.match(object.message, /^The object s3:\/\/sources\/missing\.zip does not exist/);
    assert.equal(object.failureType, 'ConfigurationError');
    for (const version of ['no-such-version', '../../../etc/passwd']) {
      const missing = await failure(provider().run(context({ S3Bucket: 'sources', S3ObjectKey: 'app.zip' }, {
        sourceRevision: { revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: version },
      })));
      assert.match(missing.message, new RegExp(`^Version ${version.replace(/[.*/]/g, '\\$&')} of s3://sources/app\\.zip does not exist`));
      assert.equal(missing.failureType, 'RevisionUnavailable');
    }
    const wrongType = await failure(provider().run(context({ S3Bucket: 'sources', S3ObjectKey: 'app.zip' }, {
      sourceRevision: { revisionType: 'COMMIT_ID', revisionValue: 'abc123' },
    })));
    assert.match(wrongType.message, /takes an S3_OBJECT_VERSION_ID or S3_OBJECT_KEY revision, not COMMIT_ID/);
  });
});
