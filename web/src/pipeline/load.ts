/**
 * What the pipeline page shows, in one fetch: the declaration (stage and action order, runOrder,
 * configuration), its state, and the action executions of the executions the stages show (for
 * durations). Live events refetch the whole view: three to four calls, answered from one process.
 */
import { codepipeline } from '../api/client.ts';
import type {
  ActionExecutionDetail, GetPipelineOutput, GetPipelineStateOutput, ListActionExecutionsOutput,
  ListPipelineExecutionsOutput, PipelineExecutionSummary,
} from '../api/wire.ts';

export interface PipelineView {
  declaration: GetPipelineOutput;
  state: GetPipelineStateOutput;
  /** The latest attempt of each action, keyed `stage/action`, from the executions the stages show. */
  actionRuns: Map<string, ActionExecutionDetail>;
  /** The most recent executions (for stop, and to pick a rollback target). */
  recent: PipelineExecutionSummary[];
}

export const actionKey = (stage: string | undefined, action: string | undefined): string => `${stage ?? ''}/${action ?? ''}`;

async function actionRunsOf(pipelineName: string, executionIds: string[]): Promise<Map<string, ActionExecutionDetail>> {
  const runs = new Map<string, ActionExecutionDetail>();
  for (const pipelineExecutionId of executionIds) {
    const out = await codepipeline<ListActionExecutionsOutput>('ListActionExecutions', { pipelineName, filter: { pipelineExecutionId }, maxResults: 100 });
    for (const run of out.actionExecutionDetails ?? []) {
      const key = actionKey(run.stageName, run.actionName);
      const seen = runs.get(key);
      if (!seen || (run.startTime ?? 0) > (seen.startTime ?? 0)) runs.set(key, run);
    }
  }
  return runs;
}

export async function loadPipelineView(name: string): Promise<PipelineView> {
  const [declaration, state, recent] = await Promise.all([
    codepipeline<GetPipelineOutput>('GetPipeline', { name }),
    codepipeline<GetPipelineStateOutput>('GetPipelineState', { name }),
    codepipeline<ListPipelineExecutionsOutput>('ListPipelineExecutions', { pipelineName: name, maxResults: 20 }),
  ]);
  const executionIds = [...new Set((state.stageStates ?? []).flatMap((s) => s.latestExecution?.pipelineExecutionId ?? []))];
  return { declaration, state, actionRuns: await actionRunsOf(name, executionIds), recent: recent.pipelineExecutionSummaries ?? [] };
}
