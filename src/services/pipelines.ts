/**
 * Pipeline use cases: validate the caller's input, then hand the engine one event. The API
 * server, the CLI and `sluice run` all go through here, so they behave identically.
 */
import type { EngineReply } from '../engine/decide.ts';
import type { EngineEvent } from '../engine/events.ts';
import type { SourceRevisionOverride, Tag, ExecutionTrigger } from '../engine/state.ts';
import type { ActionTypeCatalog } from '../model/action-types.ts';
import { SluiceError } from '../model/errors.ts';
import type { PipelineDeclaration } from '../model/pipeline.ts';
import { assertValidPipeline } from '../model/validate-pipeline.ts';
import type { StageRetryMode, StageTransitionType } from '../model/vocabulary.ts';
import type { EngineDriver } from '../scheduler/driver.ts';

/** Allowed characters of a DisableStageTransition reason (AWS: no `_`, `,` or `:`). */
const TRANSITION_REASON = /^[a-zA-Z0-9!@ ().*?-]{1,300}$/;

/** A fixed catalog, or a function returning the current one (custom action types change at run time). */
export type CatalogSource = ActionTypeCatalog | (() => Promise<ActionTypeCatalog>);

export class PipelineService {
  private readonly driver: EngineDriver;
  private readonly catalog: CatalogSource;

  constructor(driver: EngineDriver, catalog: CatalogSource) {
    this.driver = driver;
    this.catalog = catalog;
  }

  /** Stores version 1 and starts its first execution (trigger CreatePipeline). */
  async createPipeline(input: unknown, tags: Tag[] = [], variables?: { name: string; value: string }[]): Promise<{ pipeline: PipelineDeclaration; pipelineExecutionId: string }> {
    const declaration = assertValidPipeline(input, await this.currentCatalog(), { homeRegion: this.driver.region });
    const reply = await this.send(declaration.name, {
      type: 'CreatePipeline', declaration, tags, executionId: this.driver.ids.uuid(), ...(variables && { variables }),
    });
    return { pipeline: { ...declaration, version: 1 }, pipelineExecutionId: reply.pipelineExecutionId ?? '' };
  }

  async updatePipeline(input: unknown): Promise<PipelineDeclaration> {
    const declaration = assertValidPipeline(input, await this.currentCatalog(), { homeRegion: this.driver.region });
    const reply = await this.send(declaration.name, { type: 'UpdatePipeline', declaration });
    return { ...declaration, version: reply.version ?? 0 };
  }

  async startExecution(name: string, options: {
    trigger?: ExecutionTrigger; variables?: { name: string; value: string }[];
    sourceRevisions?: SourceRevisionOverride[]; clientRequestToken?: string;
  } = {}): Promise<string> {
    const reply = await this.send(name, {
      type: 'StartExecution', executionId: this.driver.ids.uuid(),
      trigger: options.trigger ?? { triggerType: 'StartPipelineExecution' },
      ...(options.variables && { variables: options.variables }),
      ...(options.sourceRevisions && { sourceRevisions: options.sourceRevisions }),
      ...(options.clientRequestToken !== undefined && { clientRequestToken: options.clientRequestToken }),
    });
    return reply.pipelineExecutionId ?? '';
  }

  async stopExecution(name: string, executionId: string, options: { abandon?: boolean; reason?: string; by?: string } = {}): Promise<string> {
    if (options.reason !== undefined && options.reason.length > 200) {
      throw new SluiceError('ValidationException', `Value at 'reason' failed to satisfy constraint: Member must have length less than or equal to 200`);
    }
    const reply = await this.send(name, {
      type: 'StopExecution', executionId, abandon: options.abandon ?? false,
      ...(options.reason !== undefined && { reason: options.reason }),
      ...(options.by !== undefined && { by: options.by }),
    });
    return reply.pipelineExecutionId ?? executionId;
  }

  async retryStage(name: string, stageName: string, executionId: string, retryMode: StageRetryMode, by?: string): Promise<string> {
    const reply = await this.send(name, { type: 'RetryStage', executionId, stageName, retryMode, ...(by !== undefined && { by }) });
    return reply.pipelineExecutionId ?? executionId;
  }

  async rollbackStage(name: string, stageName: string, targetExecutionId: string): Promise<string> {
    const reply = await this.send(name, {
      type: 'RollbackStage', executionId: this.driver.ids.uuid(), stageName, targetExecutionId,
      trigger: { triggerType: 'ManualRollback' },
    });
    return reply.pipelineExecutionId ?? '';
  }

  async putApprovalResult(name: string, request: {
    stageName: string; actionName: string; token: string; status: 'Approved' | 'Rejected'; summary: string; by?: string;
  }): Promise<number> {
    if (request.summary.length > 512) {
      throw new SluiceError('ValidationException', `Value at 'result.summary' failed to satisfy constraint: Member must have length less than or equal to 512`);
    }
    const reply = await this.send(name, { type: 'PutApprovalResult', ...request });
    return reply.approvedAt ?? 0;
  }

  async setStageTransition(name: string, stageName: string, transitionType: StageTransitionType, enabled: boolean, reason?: string, by?: string): Promise<void> {
    if (!enabled && (reason === undefined || !TRANSITION_REASON.test(reason))) {
      throw new SluiceError('ValidationException',
        `Value at 'reason' failed to satisfy constraint: Member must have length between 1 and 300 and satisfy regular expression pattern: [a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+`);
    }
    await this.send(name, {
      type: 'SetStageTransition', stageName, transitionType, enabled,
      ...(reason !== undefined && { reason }), ...(by !== undefined && { by }),
    });
  }

  private async currentCatalog(): Promise<ActionTypeCatalog> {
    return typeof this.catalog === 'function' ? this.catalog() : this.catalog;
  }

  private send(name: string, event: EngineEvent): Promise<EngineReply> {
    return this.driver.send(name, event);
  }
}
