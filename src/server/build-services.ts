/**
 * Builds in a server: the worker that runs queued builds (StartBuild's and the CodeBuild
 * action's) with the build runner, the waiters CodeBuild actions wait with, and the providers of
 * the CodeBuild and Commands actions. Builds read Parameter Store and Secrets Manager through the server's own
 * services, never see the data directory (isolation hides it), and keep caches in
 * `<dataDir>/build-cache/<project>`.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Logger } from '../logging.ts';
import { makeCodeBuildProvider } from '../providers/codebuild.ts';
import { makeCommandsProvider } from '../providers/commands.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import type { LocalRuntime } from '../runtime.ts';
import { BuildWaiters } from '../scheduler/build-waiters.ts';
import { BuildWorker } from '../scheduler/build-worker.ts';
import type { BuildSecretResolver } from '../services/secret-references.ts';
import type { GitRepositorySources } from '../providers/git-repositories.ts';

export interface BuildServicesOptions {
  runtime: LocalRuntime;
  /** The runtime's providers: the CodeBuild action joins them. */
  registry: ProviderRegistry;
  dataDir: string;
  region: string;
  accountId: string;
  logger: Logger;
  secrets: BuildSecretResolver;
  /** Builds run at once. @default the number of cores */
  concurrency?: number;
  /** Build lease. @default 30000 */
  leaseMs?: number;
  /** Where builds clone the repositories of `CODEBUILD_CLONE_REF` inputs from. */
  repositories?: GitRepositorySources;
  /** The server's URL once it listens (CodeBuild actions link to their build's live log). */
  url(): string | undefined;
}

export interface BuildServices {
  worker: BuildWorker;
  start(): void;
  stop(): Promise<void>;
}

/** Makes the build worker and registers the CodeBuild action with the runtime's providers. */
export function makeBuildServices(options: BuildServicesOptions): BuildServices {
  const { runtime, logger } = options;
  const clock = { now: () => Date.now() };
  // Builds must not see the server's store, artifacts or credentials.
  const runner = { hiddenPaths: [resolve(options.dataDir)], logger };
  const waiters = new BuildWaiters(runtime.store);
  const worker = new BuildWorker({
    store: runtime.store, clock, uuid: randomUUID, logger, workerId: `builds-${randomUUID()}`,
    region: options.region, accountId: options.accountId,
    workRoot: join(options.dataDir, 'builds'),
    plan: {
      artifacts: runtime.artifacts, cacheRoot: join(options.dataDir, 'build-cache'),
      resolveParameter: (name) => options.secrets.resolveParameter(name),
      resolveSecret: (reference) => options.secrets.resolveSecretReference(reference),
      ...(options.repositories && { repositories: options.repositories }),
    },
    runner,
    onFinished: (build) => waiters.finished(build),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
  });
  options.registry.register(makeCommandsProvider({ ...runner, resolveSecret: (reference) => options.secrets.resolveSecretReference(reference) }));
  options.registry.register(makeCodeBuildProvider({
    store: runtime.store, region: options.region, accountId: options.accountId, now: clock.now, uuid: randomUUID,
    buildQueued: () => worker.wake(),
    waitForBuild: (id, signal) => waiters.wait(id, signal),
    logUrl: (id) => {
      const base = options.url();
      return base === undefined ? undefined : `${base}/api/builds/${encodeURIComponent(id)}/log`;
    },
  }));
  return {
    worker,
    start: () => worker.start(),
    stop: () => worker.stop(),
  };
}
