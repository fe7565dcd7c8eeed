/**
 * Pipeline operations: CreatePipeline, GetPipeline, UpdatePipeline, DeletePipeline,
 * ListPipelines and GetPipelineState.
 */
import type { EngineState, ExecutionState, StageRuntime } from '../../engine/state.ts';
import { SluiceError } from '../../model/errors.ts';
import { own } from '../../model/records.ts';
import type { PipelineDeclaration, StageDeclaration } from '../../model/pipeline.ts';
import { assertValidPipeline } from '../../model/validate-pipeline.ts';
import type { ArtifactStore } from '../../artifacts/ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import { pipelineArn, requirePipeline, type CodePipelineApi } from './context.ts';
import { maskSecrets, restoreSecrets } from './secrets.ts';
import { checkTags } from './tags.ts';
import { actionStateExecution, compact, epochSeconds, transitionState } from './wire.ts';
import type { Tag } from '../../engine/state.ts';

type Input = Record<string, unknown>;

function stageStates(declaration: PipelineDeclaration, state: EngineState): object[] {
  const runtime = state.pipeline?.runtime.stages ?? {};
  return declaration.stages.map((stage, index) => stageState(stage, index, own(runtime, stage.name), state.executions));
}

function inbound(stageRuntime: StageRuntime | undefined, executions: Record<string, ExecutionState>): object {
  const waiting = (stageRuntime?.waiting ?? []).flatMap((id) => executions[id] ?? []);
  const summaries = waiting.map((e) => ({ pipelineExecutionId: e.pipelineExecutionId, status: e.status, type: e.executionType }));
  if (summaries.length === 0) return {};
  return waiting[0]?.executionMode === 'QUEUED' ? { inboundExecutions: summaries } : { inboundExecution: summaries.at(-1) };
}

function stageState(stage: StageDeclaration, index: number, runtime: StageRuntime | undefined, executions: Record<string, ExecutionState>): object {
  const latest = runtime?.latestExecutionId !== undefined ? executions[runtime.latestExecutionId] : undefined;
  const stageExecution = latest && own(latest.stages, stage.name);
  const showTokens = latest?.executionMode !== 'PARALLEL';
  return compact({
    stageName: stage.name,
    // The first stage has no inbound transition (AWS omits the member).
    inboundTransitionState: index === 0 ? undefined : transitionState(runtime?.inbound),
    ...inbound(runtime, executions),
    actionStates: stage.actions.map((action) => {
      const execution = stageExecution && own(stageExecution.actions, action.name);
      const revision = latest?.artifactRevisions.find((r) => action.outputArtifacts?.some((o) => o.name === r.name));
      return compact({
        actionName: action.name,
        currentRevision: index === 0 && revision?.revisionId !== undefined
          ? compact({ revisionId: revision.revisionId, revisionChangeId: revision.revisionChangeIdentifier, created: revision.created === undefined ? undefined : epochSeconds(revision.created) })
          : undefined,
        latestExecution: execution ? actionStateExecution(execution, showTokens) : undefined,
      });
    }),
    latestExecution: latest && stageExecution
      ? { pipelineExecutionId: latest.pipelineExecutionId, status: stageExecution.status, type: latest.executionType }
      : undefined,
    retryStageMetadata: stageExecution && (stageExecution.manualRetryAttempt > 0 || stageExecution.autoRetryAttempt > 0)
      ? compact({ autoStageRetryAttempt: stageExecution.autoRetryAttempt, manualStageRetryAttempt: stageExecution.manualRetryAttempt, latestRetryTrigger: stageExecution.latestRetryTrigger })
      : undefined,
  });
}

/** The artifact store's buckets exist as soon as the pipeline does, so job workers can upload. */
async function ensureBuckets(artifacts: ArtifactStore, declaration: PipelineDeclaration): Promise<void> {
  const stores = [declaration.artifactStore, ...Object.values(declaration.artifactStores ?? {})];
  for (const store of stores) if (store) await artifacts.ensureBucket(store.location);
}

export function pipelineOperations(api: CodePipelineApi): Record<string, Operation<never, object>> {
  const { runtime, catalog } = api;
  const operations: Record<string, Operation<Input, object>> = {
    CreatePipeline: {
      skipModelValidation: ['pipeline'],
      async handle(input) {
        const tags = checkTags((input.tags as Tag[] | undefined) ?? []);
        const { pipeline } = await runtime.pipelines.createPipeline(input.pipeline, tags);
        await ensureBuckets(runtime.artifacts, pipeline);
        return compact({ pipeline: maskSecrets(catalog, pipeline), tags: input.tags === undefined ? undefined : tags });
      },
    },
    UpdatePipeline: {
      skipModelValidation: ['pipeline'],
      async handle(input, context) {
        // Refreshed: a custom action type created by another process sharing the store is valid here too.
        const declaration = assertValidPipeline(input.pipeline, await runtime.catalog.refresh(), { homeRegion: context.region });
        const stored = await runtime.store.pipelines.get(declaration.name);
        if (!stored) throw new SluiceError('ValidationException', `Pipeline ${declaration.name} does not exist; create it with CreatePipeline`);
        const pipeline = await runtime.pipelines.updatePipeline(restoreSecrets(catalog, declaration, stored.declaration));
        await ensureBuckets(runtime.artifacts, pipeline);
        return { pipeline: maskSecrets(catalog, pipeline) };
      },
    },
    GetPipeline: {
      async handle(input, context) {
        const name = input.name as string;
        const stored = await requirePipeline(api, name, input.version as number | undefined);
        return {
          pipeline: maskSecrets(catalog, stored.declaration),
          metadata: { pipelineArn: pipelineArn(api, context.region, name), created: epochSeconds(stored.created), updated: epochSeconds(stored.updated) },
        };
      },
    },
    DeletePipeline: {
      async handle(input) {
        await runtime.store.engine.deletePipeline(input.name as string);
        return {};
      },
    },
    ListPipelines: {
      async handle(input) {
        const page = await runtime.store.pipelines.list(compact({ maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined }));
        return compact({
          pipelines: page.items.map((p) => ({ ...p, created: epochSeconds(p.created), updated: epochSeconds(p.updated) })),
          nextToken: page.nextToken,
        });
      },
    },
    GetPipelineState: {
      async handle(input) {
        const name = input.name as string;
        const state = await runtime.store.engine.load(name, { latestPerStage: true });
        const pipeline = state.pipeline;
        const declaration = pipeline?.declarations[pipeline.version];
        if (!pipeline || !declaration) throw new SluiceError('PipelineNotFoundException', `Pipeline ${name} not found`);
        return {
          pipelineName: name,
          pipelineVersion: pipeline.version,
          stageStates: stageStates(declaration, state),
          created: epochSeconds(pipeline.created),
          updated: epochSeconds(pipeline.updated),
        };
      },
    },
  };
  return operations;
}
