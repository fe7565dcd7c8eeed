/**
 * Drives the pure engine the way the store and workers would, in memory, with a fake clock and
 * sequential IDs: every event goes through `decide`, jobs and timers from the commands are kept
 * so tests can answer them, and every emitted event is logged in a compact form.
 */
import assert from 'node:assert/strict';
import type { NewJob, NewTimer } from '../../src/engine/commands.ts';
import type { IdGen } from '../../src/engine/context.ts';
import { decide, type EngineReply } from '../../src/engine/decide.ts';
import type { EngineEvent } from '../../src/engine/events.ts';
import type { PipelineEvent } from '../../src/engine/pipeline-events.ts';
import type { ActionExecutionState, EngineState, ExecutionState } from '../../src/engine/state.ts';
import type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from '../../src/model/pipeline.ts';

export function sequentialIds(): IdGen {
  let n = 0;
  return {
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    token: (length) => String(++n).padStart(length, '0').slice(-length),
  };
}

export const T0 = Date.UTC(2026, 0, 1);

export function source(name: string, output = `${name}Out`, over: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
    configuration: { RepositoryName: 'app', BranchName: 'main' },
    outputArtifacts: [{ name: output }],
    ...over,
  };
}

export function build(name: string, over: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return {
    name,
    actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
    configuration: { ProjectName: name },
    ...over,
  };
}

export function approval(name: string, over: Partial<ActionDeclaration> = {}): ActionDeclaration {
  return { name, actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' }, ...over };
}

export function stage(name: string, ...actions: ActionDeclaration[]): StageDeclaration {
  return { name, actions };
}

/** A pipeline: Source(Src) followed by the given stages (default: Build(Compile), Deploy(Ship)). */
export function makePipeline(over: Partial<PipelineDeclaration> = {}, stages?: StageDeclaration[]): PipelineDeclaration {
  return {
    name: 'app',
    roleArn: 'arn:aws:iam::000000000000:role/pipeline',
    artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [
      stage('Source', source('Src')),
      ...(stages ?? [stage('Build', build('Compile', { inputArtifacts: [{ name: 'SrcOut' }] })), stage('Deploy', build('Ship'))]),
    ],
    ...over,
  };
}

export class EngineHarness {
  state: EngineState = { pipeline: undefined, executions: {} };
  now = T0;
  readonly ids = sequentialIds();
  readonly emitted: PipelineEvent[] = [];
  /** Open jobs by id. */
  readonly jobs = new Map<string, NewJob>();
  readonly closedJobs = new Map<string, string>();
  readonly timers = new Map<string, NewTimer>();
  /** Every job ever enqueued, in order (open or closed), so late reports can be replayed. */
  readonly allJobs: NewJob[] = [];
  /** Every action execution seen after a decision, by id, in first-seen order (the action history). */
  readonly history = new Map<string, ActionExecutionState>();

  send(event: EngineEvent): EngineReply {
    const input = this.state;
    const before = structuredClone(input);
    const decision = decide(input, event, {
      pipelineName: 'app', now: this.now, ids: this.ids, accountId: '000000000000', region: 'us-east-1',
    });
    assert.deepEqual(input, before, 'decide must not modify the state it is given');
    this.state = decision.state;
    for (const execution of Object.values(this.state.executions)) {
      for (const stageExecution of Object.values(execution.stages)) {
        for (const action of Object.values(stageExecution.actions)) this.history.set(action.actionExecutionId, structuredClone(action));
      }
    }
    for (const command of decision.commands) {
      switch (command.type) {
        case 'EnqueueJob': this.jobs.set(command.job.jobId, command.job); this.allJobs.push(command.job); break;
        case 'CloseJob': this.jobs.delete(command.jobId); this.closedJobs.set(command.jobId, command.status); break;
        case 'RequeueJob': {
          const job = this.jobs.get(command.jobId);
          if (job) this.jobs.set(command.jobId, { ...job, attempt: command.attempt });
          break;
        }
        case 'SetTimer': this.timers.set(command.timer.timerId, command.timer); break;
        case 'CancelTimer': this.timers.delete(command.timerId); break;
        case 'Emit': this.emitted.push(command.event); break;
      }
    }
    return decision.reply;
  }

  create(declaration: PipelineDeclaration = makePipeline()): string {
    return this.send({ type: 'CreatePipeline', declaration, executionId: this.ids.uuid() }).pipelineExecutionId!;
  }

  start(over: Partial<Extract<EngineEvent, { type: 'StartExecution' }>> = {}): string {
    return this.send({
      type: 'StartExecution', executionId: this.ids.uuid(), trigger: { triggerType: 'StartPipelineExecution' }, ...over,
    }).pipelineExecutionId!;
  }

  execution(id: string): ExecutionState {
    const execution = this.state.executions[id];
    if (!execution) throw new Error(`no execution ${id}`);
    return execution;
  }

  action(executionId: string, stageName: string, actionName: string): ActionExecutionState {
    const action = this.execution(executionId).stages[stageName]?.actions[actionName];
    if (!action) throw new Error(`no action ${stageName}/${actionName} in ${executionId}`);
    return action;
  }

  /** Every attempt (action execution) of an action of an execution, oldest first. */
  attempts(executionId: string, stageName: string, actionName: string): ActionExecutionState[] {
    return [...this.history.values()].filter((a) =>
      a.pipelineExecutionId === executionId && a.stageName === stageName && a.actionName === actionName);
  }

  /** The open job of an action of an execution. */
  job(executionId: string, actionName: string): NewJob {
    const job = [...this.jobs.values()].find((j) => j.executionId === executionId && j.actionName === actionName);
    if (!job) throw new Error(`no open job for ${actionName} in ${executionId}; open: ${[...this.jobs.values()].map((j) => j.actionName).join(', ')}`);
    return job;
  }

  succeed(executionId: string, actionName: string, over: Partial<Extract<EngineEvent, { type: 'JobSucceeded' }>> = {}): EngineReply {
    const job = this.job(executionId, actionName);
    return this.send({ type: 'JobSucceeded', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId, ...over });
  }

  fail(executionId: string, actionName: string, message = 'boom'): EngineReply {
    const job = this.job(executionId, actionName);
    return this.send({ type: 'JobFailed', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId, failureType: 'JobFailed', message });
  }

  /** Succeeds every open job of the execution, repeatedly, until none is left. */
  succeedAll(executionId: string): void {
    for (;;) {
      const job = [...this.jobs.values()].find((j) => j.executionId === executionId);
      if (!job) return;
      this.succeed(executionId, job.actionName);
    }
  }

  approve(executionId: string, stageName: string, actionName: string, status: 'Approved' | 'Rejected' = 'Approved'): EngineReply {
    const token = this.action(executionId, stageName, actionName).token!;
    return this.send({ type: 'PutApprovalResult', stageName, actionName, token, status, summary: 'ok', by: 'alice' });
  }

  /** Moves the clock and fires every timer that is due, in due order. */
  advance(ms: number): void {
    this.now += ms;
    const due = [...this.timers.values()].filter((t) => t.dueAt <= this.now).sort((a, b) => a.dueAt - b.dueAt);
    for (const timer of due) {
      this.send({ type: 'TimerFired', timerId: timer.timerId, executionId: timer.executionId, actionExecutionId: timer.actionExecutionId });
    }
  }

  status(executionId: string): string {
    return this.execution(executionId).status;
  }

  stageStatus(executionId: string, stageName: string): string | undefined {
    return this.execution(executionId).stages[stageName]?.status;
  }

  /** Emitted events as `state`, `Stage:state` or `Stage/Action:state`, optionally of one execution. */
  log(executionId?: string): string[] {
    return this.emitted
      .filter((e) => executionId === undefined || e.detail['execution-id'] === executionId)
      .map((e) => {
        const d = e.detail;
        if (d.action !== undefined) return `${d.stage}/${d.action}:${d.state}`;
        if (d.stage !== undefined) return `${d.stage}:${d.state}`;
        return d.state;
      });
  }
}
