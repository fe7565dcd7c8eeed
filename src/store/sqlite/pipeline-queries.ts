/**
 * Read model of pipelines: GetPipeline and ListPipelines.
 *
 * Parameters of `get`: `name`, `version` (@default the current version). Of `list`: `page`
 * (`maxResults` @default 100, at most 1000; `nextToken` from the previous page).
 *
 * Pipelines are listed by name ascending; the page token holds the last name returned. Execution
 * mode and pipeline type come from the current declaration, with AWS's defaults when unset.
 */
import { PIPELINE_DEFAULTS, type PipelineDeclaration } from '../../model/pipeline.ts';
import type { ExecutionMode, PipelineType } from '../../model/vocabulary.ts';
import type { Page, PageRequest, PipelineQueries, PipelineSummary } from '../ports.ts';
import type { SqliteDb } from './database.ts';
import { decodeStringToken, encodePageToken, pageSize, takePage } from './page-token.ts';

interface DeclarationRow { declaration: string; version: number; created: number; updated: number }
interface SummaryRow { name: string; version: number; created: number; updated: number; pipeline_type: PipelineType; execution_mode: ExecutionMode }

export function makePipelineQueries(db: SqliteDb): PipelineQueries {
  return {
    async get(name, version) {
      const row = db.autocommit('pipelines.get', () => db.get<DeclarationRow>(`SELECT v.declaration, v.version, p.created, p.updated
        FROM pipelines p JOIN pipeline_versions v ON v.pipeline_name = p.name AND v.version = coalesce(?, p.version)
        WHERE p.name = ?`, version ?? null, name));
      if (!row) return undefined;
      const declaration = JSON.parse(row.declaration) as PipelineDeclaration;
      declaration.version = row.version;
      return { declaration, created: row.created, updated: row.updated };
    },

    async list(page: PageRequest): Promise<Page<PipelineSummary>> {
      const limit = pageSize(page.maxResults);
      const after = page.nextToken === undefined ? '' : decodeStringToken('pipelines', page.nextToken);
      const fetched = db.autocommit('pipelines.list', () => db.all<SummaryRow>(`SELECT p.name, p.version, p.created, p.updated,
          coalesce(json_extract(v.declaration, '$.pipelineType'), ?) AS pipeline_type,
          coalesce(json_extract(v.declaration, '$.executionMode'), ?) AS execution_mode
        FROM pipelines p JOIN pipeline_versions v ON v.pipeline_name = p.name AND v.version = p.version
        WHERE p.name > ? ORDER BY p.name LIMIT ?`,
      PIPELINE_DEFAULTS.pipelineType, PIPELINE_DEFAULTS.executionMode, after, limit + 1));
      const { rows, more } = takePage(fetched, limit);
      const items = rows.map((row): PipelineSummary => ({
        name: row.name,
        version: row.version,
        pipelineType: row.pipeline_type,
        executionMode: row.execution_mode,
        created: row.created,
        updated: row.updated,
      }));
      const last = rows.at(-1);
      return more && last ? { items, nextToken: encodePageToken('pipelines', last.name) } : { items };
    },
  };
}
