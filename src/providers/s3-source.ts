/**
 * The S3 source action on Sluice's own S3 endpoint: copies the object at S3Bucket/S3ObjectKey
 * (a zip of the source, as AWS expects) into the output artifact.
 *
 * Intended execution flow: pick the key (S3ObjectKey, or the execution's `S3_OBJECT_KEY` override
 * when AllowOverrideForS3ObjectKey is "true") and the version (the execution's pinned
 * `S3_OBJECT_VERSION_ID`, else the latest) → stream that object into each output artifact →
 * report the version as the action's revision and ETag, VersionId and ObjectKey as its output
 * variables.
 */
import type { ObjectInfo, ObjectStore } from '../artifacts/objects/ports.ts';
import { locationOf } from './job-artifacts.ts';
import { ActionFailure, type ActionContext, type ActionProvider, type ActionResult } from './provider.ts';

export interface S3SourceOptions {
  /** The objects of the built-in S3 endpoint (the artifact store seen as objects). */
  objects: ObjectStore;
}

export const S3_SOURCE_TYPE = { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' } as const;

/** Largest source object: S3's limit for one object. */
const MAX_SOURCE_BYTES = 5 * 1024 ** 3;

/** The user metadata AWS reads a revision summary from (`x-amz-meta-codepipeline-artifact-revision-summary`). */
const SUMMARY_METADATA = 'codepipeline-artifact-revision-summary';

/** S3 writes a version id of "null" for objects stored without versioning. */
export function versionOf(info: ObjectInfo): string {
  return info.versionId ?? 'null';
}

/** The key to read: the configured one, or the execution's override when the action allows it. */
function keyOf(context: ActionContext): string {
  const { configuration } = context.data.actionConfiguration;
  const pinned = context.data.sourceRevision;
  if (pinned?.revisionType !== 'S3_OBJECT_KEY') return configuration.S3ObjectKey ?? '';
  if (configuration.AllowOverrideForS3ObjectKey?.toLowerCase() !== 'true') {
    throw new ActionFailure('The source revision overrides S3ObjectKey, but the action does not set AllowOverrideForS3ObjectKey to "true"', 'ConfigurationError');
  }
  return pinned.revisionValue;
}

function versionWanted(context: ActionContext): string | undefined {
  const pinned = context.data.sourceRevision;
  if (pinned === undefined || pinned.revisionType === 'S3_OBJECT_KEY') return undefined;
  if (pinned.revisionType !== 'S3_OBJECT_VERSION_ID') throw new ActionFailure(`An S3 source takes an S3_OBJECT_VERSION_ID or S3_OBJECT_KEY revision, not ${pinned.revisionType}`, 'ConfigurationError');
  return pinned.revisionValue;
}

/** Streams the object into every output artifact; returns its description. */
async function copyObject(context: ActionContext, objects: ObjectStore, bucket: string, key: string, versionId: string | undefined): Promise<ObjectInfo> {
  let info: ObjectInfo | undefined;
  for (const output of context.data.outputArtifacts) {
    const object = await objects.open(bucket, key, versionId);
    if (!object) {
      const what = versionId === undefined ? `The object s3://${bucket}/${key}` : `Version ${versionId} of s3://${bucket}/${key}`;
      throw new ActionFailure(`${what} does not exist; upload the source zip there or fix S3Bucket and S3ObjectKey`, versionId === undefined ? 'ConfigurationError' : 'RevisionUnavailable');
    }
    info = object.info;
    const staged = await objects.stage(object.read(), MAX_SOURCE_BYTES);
    const target = locationOf(output);
    try {
      await objects.createBucket(target.bucket);
      await objects.commit(staged, target.bucket, target.key, { userMetadata: {} });
    } catch (e) {
      await staged.discard();
      throw e;
    }
    context.log(`Copied s3://${bucket}/${key} (version ${versionOf(info)}, ${info.size} bytes)`);
  }
  if (info) return info;
  // A source action always has one output; without one, still report what it would have read.
  const head = await objects.head(bucket, key);
  if (!head) throw new ActionFailure(`The object s3://${bucket}/${key} does not exist`, 'ConfigurationError');
  return head;
}

export function makeS3SourceProvider(options: S3SourceOptions): ActionProvider {
  return {
    types: [S3_SOURCE_TYPE],
    async run(context): Promise<ActionResult> {
      const bucket = context.data.actionConfiguration.configuration.S3Bucket ?? '';
      const key = keyOf(context);
      const info = await copyObject(context, options.objects, bucket, key, versionWanted(context));
      const versionId = versionOf(info);
      const revision = info.versionId ?? info.etag.replace(/"/g, '');
      const summary = info.userMetadata[SUMMARY_METADATA] ?? `s3://${bucket}/${key} version ${versionId}`;
      return {
        summary,
        outputVariables: { ETag: info.etag.replace(/"/g, ''), VersionId: versionId, ObjectKey: key },
        currentRevision: { revision, changeIdentifier: revision, created: info.lastModifiedMs, revisionSummary: summary },
      };
    },
  };
}
