/**
 * The repositories polling watches: each (connection, FullRepositoryId) a pipeline's
 * CodeStarSourceConnection source action names with `DetectChanges` not "false" (AWS's default is
 * true), whose connection is AVAILABLE and has no webhook secret — a connection given a webhook
 * secret is told about pushes by its provider and is not polled.
 */
import type { PipelineDeclaration } from '../model/pipeline.ts';
import type { ConnectionRecord } from '../store/connection-ports.ts';
import type { PipelineQueries } from '../store/ports.ts';
import { connectionIdOf } from './connection-arns.ts';
import { allPipelines } from './git-triggers.ts';

export interface WatchedSource { connection: ConnectionRecord; fullRepositoryId: string }

/** The (connection ARN, repository) pairs a declaration's connection source actions watch. */
export function watchedSourcesOf(pipeline: PipelineDeclaration): { connectionArn: string; fullRepositoryId: string }[] {
  return pipeline.stages.flatMap((stage) => stage.actions)
    .filter((a) => a.actionTypeId.category === 'Source' && a.actionTypeId.owner === 'AWS' && a.actionTypeId.provider === 'CodeStarSourceConnection')
    .map((a) => a.configuration ?? {})
    .filter((c) => c.ConnectionArn !== undefined && c.FullRepositoryId !== undefined && c.DetectChanges?.toLowerCase() !== 'false')
    .map((c) => ({ connectionArn: c.ConnectionArn ?? '', fullRepositoryId: c.FullRepositoryId ?? '' }));
}

export async function listWatchedSources(
  pipelines: Pick<PipelineQueries, 'list' | 'get'>, connectionById: (id: string) => Promise<ConnectionRecord | undefined>,
): Promise<WatchedSource[]> {
  const seen = new Map<string, WatchedSource>();
  for await (const pipeline of allPipelines(pipelines)) {
    for (const source of watchedSourcesOf(pipeline)) {
      const id = connectionIdOf(source.connectionArn);
      const key = `${id ?? ''}/${source.fullRepositoryId}`;
      if (id === undefined || seen.has(key)) continue;
      const connection = await connectionById(id);
      if (connection?.access && connection.access.sealedWebhookSecret === undefined) seen.set(key, { connection, fullRepositoryId: source.fullRepositoryId });
    }
  }
  return [...seen.values()];
}
