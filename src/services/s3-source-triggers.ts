/**
 * Change detection for S3 source actions: every object a client writes through the S3 endpoint
 * (PutObject, CompleteMultipartUpload) is published as an `Object Created` event (source
 * `aws.s3`, EventBridge's detail shape) and starts each pipeline with an S3 source on that
 * bucket and key, once per write, pinned to the written version (trigger `CloudWatchEvent`, as
 * AWS's event rule starts it). Sources with `PollForSourceChanges: "true"` are left to the poller.
 *
 * Order: writes are handled one at a time in the order they completed, so a pipeline's
 * executions follow the order of the uploads.
 */
import type { ObjectCreated } from '../artifacts/objects/ports.ts';
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import { eventTime, type BusEvent } from '../model/events/envelope.ts';
import type { OutboxStore, PipelineQueries } from '../store/ports.ts';
import { allPipelines, type StartedExecution } from './git-triggers.ts';
import { makeSerializer } from '../model/serializer.ts';
import type { PipelineService } from './pipelines.ts';
import { s3SourcesWatching } from './source-actions.ts';

export interface S3SourceTriggerOptions {
  pipelines: Pick<PipelineQueries, 'list' | 'get'>;
  starter: Pick<PipelineService, 'startExecution'>;
  outbox: Pick<OutboxStore, 'append'>;
  accountId: string;
  region: string;
  now(): number;
  uuid(): string;
  logger: Logger;
}

export interface S3SourceTriggers {
  /** Publishes the write's event and starts the pipelines it triggers; resolves when done. */
  objectCreated(write: ObjectCreated): Promise<StartedExecution[]>;
}

/** EventBridge's `Object Created` event for a write. */
export function objectCreatedEvent(write: ObjectCreated, options: Pick<S3SourceTriggerOptions, 'accountId' | 'region' | 'uuid' | 'now'>): BusEvent {
  const { info } = write;
  return {
    version: '0', id: options.uuid(), 'detail-type': 'Object Created', source: 'aws.s3', account: options.accountId,
    time: eventTime(options.now()), region: options.region, resources: [`arn:aws:s3:::${info.bucket}`],
    detail: {
      version: '0',
      bucket: { name: info.bucket },
      object: {
        key: info.key, size: info.size, etag: info.etag.replace(/"/g, ''),
        ...(info.versionId !== undefined && { 'version-id': info.versionId }),
        // Orders writes of one key: S3's sequencer is an opaque hex string that only grows.
        sequencer: Math.round(info.lastModifiedMs * 1000).toString(16).toUpperCase().padStart(16, '0'),
      },
      'request-id': write.requestId, requester: write.requester, 'source-ip-address': write.sourceIp, reason: write.reason,
    },
  };
}

export function makeS3SourceTriggers(options: S3SourceTriggerOptions): S3SourceTriggers {
  const serialize = makeSerializer();
  async function route(write: ObjectCreated): Promise<StartedExecution[]> {
    const { bucket, key, versionId } = write.info;
    await options.outbox.append([objectCreatedEvent(write, options)]);
    const started: StartedExecution[] = [];
    for await (const pipeline of allPipelines(options.pipelines)) {
      const actions = s3SourcesWatching(pipeline, bucket, key);
      if (actions.length === 0) continue;
      try {
        const pipelineExecutionId = await options.starter.startExecution(pipeline.name, {
          trigger: { triggerType: 'CloudWatchEvent', triggerDetail: `arn:aws:s3:::${bucket}/${key}` },
          ...(versionId !== undefined && {
            sourceRevisions: actions.map((a) => ({ actionName: a.name, revisionType: 'S3_OBJECT_VERSION_ID' as const, revisionValue: versionId })),
          }),
        });
        started.push({ pipelineName: pipeline.name, pipelineExecutionId });
      } catch (e) {
        options.logger.warn({ err: coerceError(e), pipeline: pipeline.name }, 'object write could not start pipeline');
      }
    }
    return started;
  }
  return {
    // One queue for all writes: cheap, and it keeps every pipeline's executions in write order.
    objectCreated: (write) => serialize('s3', () => route(write)),
  };
}
