/**
 * Deletes a pipeline and everything that belongs to it.
 *
 * Parameters: `db`, `cache` (declarations, evicted for the pipeline), `pipelineName`.
 *
 * Versions, executions, stage and action executions go by ON DELETE CASCADE from `pipelines`;
 * jobs and timers carry no foreign key and are deleted here, in the same transaction. Outbox
 * events stay: they were already emitted. Returns false when the pipeline did not exist.
 */
import type { SqliteDb } from './database.ts';
import type { DeclarationCache } from './declaration-cache.ts';

export function deletePipeline(db: SqliteDb, cache: DeclarationCache, pipelineName: string): boolean {
  const deletedId = db.write('engine.deletePipeline', () => {
    const row = db.get<{ id: number }>('SELECT id FROM pipelines WHERE name = ?', pipelineName);
    if (!row) return undefined;
    db.run('DELETE FROM jobs WHERE pipeline_name = ?', pipelineName);
    db.run('DELETE FROM timers WHERE pipeline_name = ?', pipelineName);
    db.run('DELETE FROM pipelines WHERE id = ?', row.id);
    return row.id;
  });
  if (deletedId === undefined) return false;
  cache.evictPipeline(deletedId);
  return true;
}
