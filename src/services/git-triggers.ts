/**
 * Routes git events (pushes and pull-request changes from the git host, connection webhooks and
 * pollers) to the pipelines they start. Each pipeline whose source actions the event matches
 * (see model/triggers/decide-triggers.ts) gets exactly one execution per event: one source
 * revision override per matching action, the first decision's trigger.
 *
 * Order: callers route the events of one repository one at a time, in the order the refs moved,
 * so executions of a pipeline are created in push order (`serialize` helps them do so).
 */
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import type { PipelineDeclaration } from '../model/pipeline.ts';
import { decideTriggers } from '../model/triggers/decide-triggers.ts';
import type { GitEvent } from '../model/triggers/git-event.ts';
import type { PipelineQueries } from '../store/ports.ts';
import type { PipelineService } from './pipelines.ts';

export interface GitTriggerRouterOptions {
  pipelines: Pick<PipelineQueries, 'list' | 'get'>;
  starter: Pick<PipelineService, 'startExecution'>;
  logger: Logger;
}

export interface StartedExecution {
  pipelineName: string;
  pipelineExecutionId: string;
}

export interface GitTriggerRouter {
  /**
   * Starts every pipeline the event triggers and returns the executions started. A pipeline that
   * cannot start (deleted meanwhile, refused by the engine) is logged and skipped: one broken
   * pipeline must not keep the others from their pushes.
   */
  route(event: GitEvent): Promise<StartedExecution[]>;
}

const PAGE_SIZE = 1000;

/** Every pipeline's current declaration, page by page. */
export async function* allPipelines(pipelines: GitTriggerRouterOptions['pipelines']): AsyncGenerator<PipelineDeclaration> {
  let nextToken: string | undefined;
  do {
    const page = await pipelines.list({ maxResults: PAGE_SIZE, ...(nextToken !== undefined && { nextToken }) });
    for (const summary of page.items) {
      const stored = await pipelines.get(summary.name);
      if (stored) yield stored.declaration;
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
}

export function makeGitTriggerRouter(options: GitTriggerRouterOptions): GitTriggerRouter {
  const { logger } = options;
  return {
    async route(event) {
      const started: StartedExecution[] = [];
      for await (const pipeline of allPipelines(options.pipelines)) {
        const decisions = decideTriggers(pipeline, event);
        const [first] = decisions;
        if (!first) continue;
        try {
          const pipelineExecutionId = await options.starter.startExecution(pipeline.name, {
            trigger: { triggerType: first.triggerType, triggerDetail: first.triggerDetail },
            sourceRevisions: decisions.map((d) => ({ actionName: d.sourceActionName, revisionType: d.revision.type, revisionValue: d.revision.value })),
          });
          started.push({ pipelineName: pipeline.name, pipelineExecutionId });
        } catch (e) {
          logger.warn({ err: coerceError(e), pipeline: pipeline.name }, 'git event could not start pipeline');
        }
      }
      return started;
    },
  };
}
