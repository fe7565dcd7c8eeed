/**
 * Composes one Sluice process from its parts: store, artifact store, scheduler (engine driver,
 * job runner, timers, lease sweeper) and the pipeline service, all under one data directory.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeFsArtifactStore } from './artifacts/fs-store.ts';
import type { ArtifactStore } from './artifacts/ports.ts';
import type { Logger } from './logging.ts';
import type { ProviderRegistry } from './providers/registry.ts';
import { Scheduler, type SchedulerOptions } from './scheduler/scheduler.ts';
import { makeLiveActionTypeCatalog, type LiveActionTypeCatalog } from './services/action-type-catalog.ts';
import { PipelineService } from './services/pipelines.ts';
import type { Store } from './store/ports.ts';
import { openSqliteStore } from './store/sqlite/open.ts';

export interface LocalRuntime {
  store: Store;
  artifacts: ArtifactStore;
  scheduler: Scheduler;
  pipelines: PipelineService;
  /** Built-in plus stored custom action types. */
  catalog: LiveActionTypeCatalog;
  close(): Promise<void>;
}

export interface LocalRuntimeOptions extends Pick<SchedulerOptions, 'leaseMs' | 'sweepIntervalMs' | 'onLog' | 'onLeaseExpired' | 'workerId' | 'concurrency' | 'accountId' | 'region'> {
  dataDir: string;
  registry: ProviderRegistry;
  logger: Logger;
}

export async function openLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  await mkdir(options.dataDir, { recursive: true });
  const store = await openSqliteStore({ path: join(options.dataDir, 'sluice.db') });
  const artifacts = makeFsArtifactStore(join(options.dataDir, 'artifacts'));
  const { dataDir: _, ...schedulerOptions } = options;
  const scheduler = new Scheduler({ ...schedulerOptions, store, artifacts, workRoot: join(options.dataDir, 'work') });
  const catalog = makeLiveActionTypeCatalog(store.actionTypes);
  await catalog.refresh();
  const pipelines = new PipelineService(scheduler.driver, () => catalog.refresh());
  return {
    store, artifacts, scheduler, pipelines, catalog,
    async close() {
      await scheduler.stop();
      await store.close();
    },
  };
}
