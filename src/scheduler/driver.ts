/**
 * The engine driver: sends one event to one pipeline. It asks the store to load exactly the state
 * the event needs, runs the pure `decide` inside the store's step (so the decision and all its
 * effects commit together), and then tells in-process listeners what was committed.
 */
import type { EngineCommand } from '../engine/commands.ts';
import type { IdGen } from '../engine/context.ts';
import { decide, type EngineReply } from '../engine/decide.ts';
import type { EngineEvent } from '../engine/events.ts';
import type { LoadScope, Store } from '../store/ports.ts';
import type { Clock } from './system.ts';

export interface DriverOptions {
  store: Store;
  clock: Clock;
  ids: IdGen;
  /** @default '000000000000' */
  accountId?: string;
  /** @default 'us-east-1' */
  region?: string;
}

export type CommitListener = (pipelineName: string, commands: readonly EngineCommand[]) => void;

/** The executions (and views) a step must load for this event. */
export function scopeOf(event: EngineEvent): LoadScope {
  switch (event.type) {
    case 'CreatePipeline':
    case 'SetStageTransition':
      return {};
    case 'UpdatePipeline':
      return { allActive: true };
    case 'StartExecution':
      return event.clientRequestToken !== undefined ? { clientRequestToken: event.clientRequestToken } : {};
    case 'RollbackStage':
      return { executionIds: [event.targetExecutionId], latestPerStage: true };
    case 'RetryStage':
      return { executionIds: [event.executionId], latestPerStage: true };
    case 'PutApprovalResult':
      return { approvalToken: event.token };
    case 'StopExecution':
    case 'JobSucceeded':
    case 'JobFailed':
    case 'JobLeaseExpired':
    case 'TimerFired':
      return { executionIds: [event.executionId] };
  }
}

export class EngineDriver {
  readonly accountId: string;
  readonly region: string;
  private readonly listeners = new Set<CommitListener>();
  private readonly options: DriverOptions;

  constructor(options: DriverOptions) {
    this.options = options;
    this.accountId = options.accountId ?? '000000000000';
    this.region = options.region ?? 'us-east-1';
  }

  get ids(): IdGen {
    return this.options.ids;
  }

  /** Listens to every committed step; returns the function that stops listening. */
  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async send(pipelineName: string, event: EngineEvent): Promise<EngineReply> {
    const { store, clock, ids } = this.options;
    const context = { pipelineName, now: clock.now(), ids, accountId: this.accountId, region: this.region };
    const result = await store.engine.step(pipelineName, scopeOf(event), (state) => decide(state, event, context));
    for (const listener of this.listeners) listener(pipelineName, result.commands);
    return result.reply;
  }
}
