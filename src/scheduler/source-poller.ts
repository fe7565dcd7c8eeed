/**
 * Polling for source changes: CodeCommit and S3 source actions with `PollForSourceChanges: "true"`
 * are looked at every interval; when the branch tip (or the object's version) differs from the
 * revision the pipeline's latest execution used for that action, the pipeline starts (trigger
 * `PollForSourceChanges`), pinned to what was seen. One execution per pipeline and poll, however
 * many of its sources changed.
 *
 * Stateless by design: the revisions to compare with are the executions' own (pinned source
 * revisions, or the artifact revisions the source actions reported), so a restart, or several
 * servers polling the same store, find the same answer. An execution whose source action has not
 * reported yet will fetch the latest revision itself, so nothing starts while one is pending.
 */
import type { ObjectStore } from '../artifacts/objects/ports.ts';
import type { ExecutionState } from '../engine/state.ts';
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import type { ActionDeclaration, PipelineDeclaration } from '../model/pipeline.ts';
import type { SourceRevisionType } from '../model/vocabulary.ts';
import { branchTip } from '../providers/git-commit.ts';
import { resolveRepository, type GitRepositorySources } from '../providers/git-repositories.ts';
import { allPipelines } from '../services/git-triggers.ts';
import type { PipelineService } from '../services/pipelines.ts';
import { pollsForChanges, sourceActionsOf } from '../services/source-actions.ts';
import type { ExecutionQueries, PipelineQueries } from '../store/ports.ts';
import { Loop } from './loop.ts';

/** AWS polls about once a minute. */
export const DEFAULT_SOURCE_POLL_INTERVAL_MS = 60_000;

/** Executions looked at, newest first, for the last revision an action used. */
const EXECUTIONS_LOOKED_AT = 10;

export interface SourcePollerOptions {
  pipelines: Pick<PipelineQueries, 'list' | 'get'>;
  executions: Pick<ExecutionQueries, 'list'>;
  starter: Pick<PipelineService, 'startExecution'>;
  repositories: GitRepositorySources;
  objects: Pick<ObjectStore, 'head'>;
  logger: Logger;
  /** @default 60000 */
  intervalMs?: number;
}

/** What a source holds now; `pin` is false when the revision cannot be asked for (an object without version id). */
interface SeenRevision { revisionType: SourceRevisionType; revisionValue: string; pin: boolean }

/** The revision an execution used (or is pinned to) for `action`, if known. */
function revisionUsed(execution: ExecutionState, action: ActionDeclaration): string | undefined {
  const pinned = execution.sourceRevisions.find((r) => r.actionName === action.name);
  if (pinned) return pinned.revisionType === 'S3_OBJECT_KEY' ? undefined : pinned.revisionValue;
  const output = action.outputArtifacts?.[0]?.name;
  return execution.artifactRevisions.find((r) => r.name === output)?.revisionId;
}

const RUNNING = new Set(['InProgress', 'Stopping']);

export class SourcePoller {
  private readonly options: SourcePollerOptions;
  private readonly loop: Loop;

  constructor(options: SourcePollerOptions) {
    this.options = options;
    const intervalMs = options.intervalMs ?? DEFAULT_SOURCE_POLL_INTERVAL_MS;
    this.loop = new Loop('source-poller', async () => {
      await this.pollOnce();
      return intervalMs;
    }, options.logger);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Looks at every polled source once; returns the executions started. */
  async pollOnce(): Promise<{ pipelineName: string; pipelineExecutionId: string }[]> {
    const started: { pipelineName: string; pipelineExecutionId: string }[] = [];
    for await (const pipeline of allPipelines(this.options.pipelines)) {
      const polled = sourceActionsOf(pipeline).filter((a) => pollsForChanges(a) && (a.actionTypeId.provider === 'CodeCommit' || a.actionTypeId.provider === 'S3'));
      if (polled.length === 0) continue;
      try {
        const id = await this.pollPipeline(pipeline, polled);
        if (id !== undefined) started.push({ pipelineName: pipeline.name, pipelineExecutionId: id });
      } catch (e) {
        this.options.logger.warn({ err: coerceError(e), pipeline: pipeline.name }, 'source poll failed');
      }
    }
    return started;
  }

  private async pollPipeline(pipeline: PipelineDeclaration, actions: ActionDeclaration[]): Promise<string | undefined> {
    const { items: executions } = await this.options.executions.list(pipeline.name, {}, { maxResults: EXECUTIONS_LOOKED_AT });
    const changed: (SeenRevision & { actionName: string })[] = [];
    for (const action of actions) {
      const seen = await this.currentRevision(action);
      if (seen === undefined) continue;
      const last = this.lastRevision(executions, action);
      if (last.pending || last.revision === seen.revisionValue) continue;
      changed.push({ actionName: action.name, ...seen });
    }
    if (changed.length === 0) return undefined;
    this.options.logger.info({ pipeline: pipeline.name, changed }, 'source change found by polling');
    return this.options.starter.startExecution(pipeline.name, {
      trigger: { triggerType: 'PollForSourceChanges', triggerDetail: changed.map((c) => c.actionName).join(',') },
      sourceRevisions: changed.filter((c) => c.pin).map(({ actionName, revisionType, revisionValue }) => ({ actionName, revisionType, revisionValue })),
    });
  }

  /** The newest revision an execution used for `action`; pending while a running one has not fetched yet. */
  private lastRevision(executions: readonly ExecutionState[], action: ActionDeclaration): { revision?: string; pending: boolean } {
    for (const execution of executions) {
      const used = revisionUsed(execution, action);
      if (used !== undefined) return { revision: used, pending: false };
      if (RUNNING.has(execution.status)) return { pending: true };
    }
    return { pending: false };
  }

  /** The branch tip or object version now; undefined when there is none (the action would fail). */
  private async currentRevision(action: ActionDeclaration): Promise<SeenRevision | undefined> {
    const config = action.configuration ?? {};
    if (action.actionTypeId.provider === 'S3') {
      const info = await this.options.objects.head(config.S3Bucket ?? '', config.S3ObjectKey ?? '');
      return info && { revisionType: 'S3_OBJECT_VERSION_ID', revisionValue: info.versionId ?? info.etag.replace(/"/g, ''), pin: info.versionId !== undefined };
    }
    const repository = await resolveRepository(this.options.repositories, { provider: 'CodeCommit', repositoryName: config.RepositoryName ?? '' }).catch(() => undefined);
    const tip = repository && await branchTip(repository.gitDir, config.BranchName ?? '');
    return tip === undefined ? undefined : { revisionType: 'COMMIT_ID', revisionValue: tip, pin: true };
  }
}
