/**
 * Source actions in a server: the git sources (CodeCommit from hosted repositories,
 * CodeStarSourceConnection through connections) and the S3 source join the providers; writes
 * to the S3 endpoint start the pipelines whose S3 source reads the written object; and the
 * poller watches sources that ask for `PollForSourceChanges`.
 */
import type { ObjectCreated, ObjectStore } from '../artifacts/objects/ports.ts';
import type { Logger } from '../logging.ts';
import { makeGitSourceProvider } from '../providers/git-source.ts';
import type { GitRepositorySources } from '../providers/git-repositories.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { makeS3SourceProvider } from '../providers/s3-source.ts';
import type { LocalRuntime } from '../runtime.ts';
import { SourcePoller } from '../scheduler/source-poller.ts';
import { makeS3SourceTriggers, type S3SourceTriggers } from '../services/s3-source-triggers.ts';

export interface SourceServicesOptions {
  runtime: LocalRuntime;
  /** The runtime's providers: the source actions join them. */
  registry: ProviderRegistry;
  /** The S3 endpoint's objects (the artifact store seen as objects). */
  objects: ObjectStore;
  /** Hosted repositories and connections, as far as this server has them. */
  repositories: GitRepositorySources;
  accountId: string;
  region: string;
  logger: Logger;
  now: () => number;
  uuid: () => string;
  /** How often polled sources are looked at. @default 60000 */
  pollIntervalMs?: number;
}

export interface SourceServices {
  triggers: S3SourceTriggers;
  poller: SourcePoller;
  /** For the S3 endpoint's `onObjectCreated`: publishes the write and starts its pipelines before it is answered, in write order. */
  objectCreated(write: ObjectCreated): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Registers the source providers and makes the change detection that starts pipelines. */
export function makeSourceServices(options: SourceServicesOptions): SourceServices {
  const { runtime, logger } = options;
  options.registry.register(makeGitSourceProvider({ ...options.repositories, objects: options.objects }));
  options.registry.register(makeS3SourceProvider({ objects: options.objects }));
  const triggers = makeS3SourceTriggers({
    pipelines: runtime.store.pipelines, starter: runtime.pipelines, outbox: runtime.store.outbox,
    accountId: options.accountId, region: options.region, now: options.now, uuid: options.uuid, logger,
  });
  const poller = new SourcePoller({
    pipelines: runtime.store.pipelines, executions: runtime.store.executions, starter: runtime.pipelines,
    repositories: options.repositories, objects: options.objects, logger,
    ...(options.pollIntervalMs !== undefined && { intervalMs: options.pollIntervalMs }),
  });
  return {
    triggers, poller,
    // Answered only once its event is on the bus and its executions exist: a crash before that
    // leaves the client without an answer, and it writes again (at least once, never lost).
    async objectCreated(write) {
      await triggers.objectCreated(write);
    },
    // An interval of 0 turns polling off, as for connection repositories.
    start: () => { if (options.pollIntervalMs !== 0) poller.start(); },
    stop: () => poller.stop(),
  };
}
