/**
 * Table-driven engine scenarios: a pipeline, a sequence of steps, and the expected statuses,
 * action history and emitted events. Executions are named by labels ('e1', 'e2', …): CreatePipeline
 * starts 'e1', `{ start: 'e2' }` starts and names the next one. Steps act as callers and workers
 * would; a step with `error` must be refused with that code and message, and the runner then
 * asserts that the refused event left the state deep-equal and emitted nothing. `{ expect }` steps
 * are checkpoints (their `emitted` lists what the step before emitted); the scenario's own
 * `expect` is checked after the last step.
 */
import assert from 'node:assert/strict';
import type { NewJob } from '../../src/engine/commands.ts';
import type { EngineEvent } from '../../src/engine/events.ts';
import type { ErrorCode } from '../../src/model/errors.ts';
import type { PipelineDeclaration } from '../../src/model/pipeline.ts';
import type {
  ActionExecutionStatus, FailureType, PipelineExecutionStatus, StageExecutionStatus, StageRetryMode,
  StageTransitionType,
} from '../../src/model/vocabulary.ts';
import { EngineHarness, makePipeline } from './harness.ts';

type Label = string;

export interface Expectation {
  /** Pipeline execution status by label. */
  executions?: Record<Label, PipelineExecutionStatus>;
  /** Stage execution status by `label/Stage`; undefined = the execution never entered the stage. */
  stages?: Record<string, StageExecutionStatus | undefined>;
  /** Status of every attempt (action execution) of an action, oldest first, by `label/Stage/Action`. */
  actions?: Record<string, ActionExecutionStatus[]>;
  /** Every event of one execution so far, as `state`, `Stage:state` or `Stage/Action:state`. */
  log?: Record<Label, string[]>;
  /** Events of all executions emitted by the previous step, as `label Stage/Action:state`. */
  emitted?: string[];
  /** Executions waiting in front of a stage, in order, by stage name. */
  waiting?: Record<string, Label[]>;
  /** The execution holding a stage's lock, by stage name; undefined = free. */
  locks?: Record<string, Label | undefined>;
  /** Open jobs as `label/Action`, sorted. */
  openJobs?: string[];
}

/** A step that may be expected to fail: `error` = [code, message pattern]. */
type Refusable<T> = T & { error?: [ErrorCode, RegExp] };
type SuccessReport = Partial<Omit<Extract<EngineEvent, { type: 'JobSucceeded' }>, 'type' | 'jobId' | 'actionExecutionId' | 'executionId'>>;
type FailureReport = Partial<Omit<Extract<EngineEvent, { type: 'JobFailed' }>, 'type' | 'jobId' | 'actionExecutionId' | 'executionId'>>;

export type Step =
  | Refusable<{ start: Label } & Partial<Omit<Extract<EngineEvent, { type: 'StartExecution' }>, 'type' | 'executionId'>>>
  /** [label, action name]: report on its open job, or with `attempt` on the last job of that attempt (late reports). */
  | Refusable<{ succeed: [Label, string]; attempt?: number; revision?: string; report?: SuccessReport }>
  | Refusable<{ fail: [Label, string]; attempt?: number; failureType?: FailureType; report?: FailureReport }>
  /** Succeed every open job of the execution until none is left (approvals are not jobs). */
  | Refusable<{ finish: Label }>
  | Refusable<{ stop: Label; abandon?: boolean; reason?: string }>
  | Refusable<{ retry: [Label, string, StageRetryMode] }>
  | Refusable<{ disable: [string, StageTransitionType, string] }>
  | Refusable<{ enable: [string, StageTransitionType] }>
  | Refusable<{ create: PipelineDeclaration }>
  | Refusable<{ update: PipelineDeclaration }>
  /** `attempt` answers with the token of that attempt of the approval (stale-token checks). */
  | Refusable<{ approve: [Label, string, string]; status?: 'Approved' | 'Rejected'; attempt?: number }>
  /** [label of the new ROLLBACK execution, stage, target label]. */
  | Refusable<{ rollback: [Label, string, Label] }>
  | Refusable<{ advance: number }>
  /** Any other event, built from the run (for reports no step above makes). */
  | Refusable<{ send: (run: ScenarioRun) => EngineEvent }>
  | { expect: Expectation };

export interface Scenario {
  name: string;
  /** Default: Source(Src) → Build(Compile) → Deploy(Ship). */
  pipeline?: PipelineDeclaration;
  /** Start without a pipeline (no CreatePipeline, no 'e1'). */
  empty?: boolean;
  steps: Step[];
  expect: Expectation;
  /** Assertions beyond the table (payload details, records). */
  check?: (run: ScenarioRun) => void;
}

export class ScenarioRun {
  readonly h = new EngineHarness();
  private readonly ids = new Map<Label, string>();
  private readonly labels = new Map<string, Label>();
  /** Index into `h.emitted` of the first event of the latest step. */
  private mark = 0;

  name(label: Label, id: string): void {
    this.ids.set(label, id);
    this.labels.set(id, label);
  }

  /** The execution id of a label; an unknown label stands for an execution that does not exist. */
  readonly id = (label: Label): string => this.ids.get(label) ?? `unknown-${label}`;

  readonly label = (id: string): Label => this.labels.get(id) ?? id;

  /** Events of all executions since `from`, as `label Stage/Action:state`. */
  events(from = 0): string[] {
    return this.h.emitted.slice(from).map((e) => `${this.label(e.detail['execution-id'])} ${eventLine(e.detail)}`);
  }

  /** The job to report on: the open one, or the last job of the given attempt. */
  private job(label: Label, actionName: string, attempt?: number): NewJob {
    const id = this.id(label);
    if (attempt === undefined) return this.h.job(id, actionName);
    const attempts = [...this.h.history.values()].filter((a) => a.pipelineExecutionId === id && a.actionName === actionName);
    const actionExecutionId = attempts[attempt - 1]?.actionExecutionId;
    const job = this.h.allJobs.findLast((j) => j.actionExecutionId === actionExecutionId);
    if (!job) throw new Error(`no job for attempt ${attempt} of ${actionName} in ${label}`);
    return job;
  }

  private token(label: Label, stageName: string, actionName: string, attempt?: number): string {
    const id = this.id(label);
    const action = attempt === undefined
      ? this.h.action(id, stageName, actionName)
      : this.h.attempts(id, stageName, actionName)[attempt - 1];
    if (action?.token === undefined) throw new Error(`no approval token for ${label}/${stageName}/${actionName}`);
    return action.token;
  }

  apply(step: Step): void {
    const h = this.h;
    if ('expect' in step) return this.verify(step.expect);
    if ('start' in step) {
      const { start, error: _, ...over } = step;
      return this.name(start, h.start(over));
    }
    if ('succeed' in step) {
      const [label, actionName] = step.succeed;
      const job = this.job(label, actionName, step.attempt);
      h.send({
        type: 'JobSucceeded', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: job.executionId,
        ...(step.revision !== undefined && { currentRevision: { revision: step.revision, changeIdentifier: step.revision } }),
        ...step.report,
      });
      return;
    }
    if ('fail' in step) {
      const [label, actionName] = step.fail;
      const job = this.job(label, actionName, step.attempt);
      h.send({
        type: 'JobFailed', jobId: job.jobId, actionExecutionId: job.actionExecutionId, executionId: job.executionId,
        failureType: step.failureType ?? 'JobFailed', message: `${actionName} failed`, ...step.report,
      });
      return;
    }
    if ('finish' in step) return h.succeedAll(this.id(step.finish));
    if ('stop' in step) {
      h.send({ type: 'StopExecution', executionId: this.id(step.stop), abandon: step.abandon ?? false,
        ...(step.reason !== undefined && { reason: step.reason }) });
      return;
    }
    if ('retry' in step) {
      const [label, stageName, retryMode] = step.retry;
      const reply = h.send({ type: 'RetryStage', executionId: this.id(label), stageName, retryMode, by: 'alice' });
      assert.equal(reply.pipelineExecutionId, this.id(label), 'a retry keeps the execution id');
      return;
    }
    if ('disable' in step) {
      const [stageName, transitionType, reason] = step.disable;
      h.send({ type: 'SetStageTransition', stageName, transitionType, enabled: false, reason, by: 'alice' });
      return;
    }
    if ('enable' in step) {
      const [stageName, transitionType] = step.enable;
      h.send({ type: 'SetStageTransition', stageName, transitionType, enabled: true, by: 'bob' });
      return;
    }
    if ('create' in step) {
      h.send({ type: 'CreatePipeline', declaration: step.create, executionId: h.ids.uuid() });
      return;
    }
    if ('update' in step) {
      h.send({ type: 'UpdatePipeline', declaration: step.update });
      return;
    }
    if ('approve' in step) {
      const [label, stageName, actionName] = step.approve;
      const token = this.token(label, stageName, actionName, step.attempt);
      h.send({ type: 'PutApprovalResult', stageName, actionName, token, status: step.status ?? 'Approved', summary: 'looked fine', by: 'alice' });
      return;
    }
    if ('rollback' in step) {
      const [label, stageName, target] = step.rollback;
      const executionId = h.ids.uuid();
      h.send({ type: 'RollbackStage', executionId, stageName, targetExecutionId: this.id(target), trigger: { triggerType: 'ManualRollback' } });
      return this.name(label, executionId);
    }
    if ('send' in step) {
      h.send(step.send(this));
      return;
    }
    h.advance(step.advance);
  }

  /** Runs a step; a step with `error` must be refused with no effect at all. */
  run(step: Step): void {
    if ('expect' in step) return this.apply(step);
    this.mark = this.h.emitted.length;
    if (!step.error) return this.apply(step);
    const [code, message] = step.error;
    const before = structuredClone(this.h.state);
    const emitted = this.h.emitted.length;
    const jobs = [...this.h.jobs.keys()];
    assert.throws(() => this.apply(step), (e: unknown) => {
      assert.equal((e as { code?: unknown }).code, code, `refused with ${String(e)}`);
      assert.match((e as Error).message, message);
      return true;
    });
    assert.deepEqual(this.h.state, before, 'a refused event leaves the state as it was');
    assert.equal(this.h.emitted.length, emitted, 'a refused event emits nothing');
    assert.deepEqual([...this.h.jobs.keys()], jobs, 'a refused event queues no job');
  }

  verify(expect: Expectation): void {
    const h = this.h;
    const runtime = (stageName: string) => h.state.pipeline?.runtime.stages[stageName];
    const split = (key: string) => key.split('/') as [Label, string, string];
    for (const [label, status] of Object.entries(expect.executions ?? {})) {
      assert.equal(h.status(this.id(label)), status, `status of ${label}`);
    }
    for (const [key, status] of Object.entries(expect.stages ?? {})) {
      const [label, stageName] = split(key);
      assert.equal(h.stageStatus(this.id(label), stageName), status, `status of stage ${key}`);
    }
    for (const [key, statuses] of Object.entries(expect.actions ?? {})) {
      const [label, stageName, actionName] = split(key);
      assert.deepEqual(h.attempts(this.id(label), stageName, actionName).map((a) => a.status), statuses, `attempts of ${key}`);
    }
    for (const [label, log] of Object.entries(expect.log ?? {})) assert.deepEqual(h.log(this.id(label)), log, `events of ${label}`);
    if (expect.emitted) assert.deepEqual(this.events(this.mark), expect.emitted, 'events of the previous step');
    for (const [stageName, labels] of Object.entries(expect.waiting ?? {})) {
      assert.deepEqual((runtime(stageName)?.waiting ?? []).map((id) => this.label(id)), labels, `waiting in front of ${stageName}`);
    }
    for (const [stageName, label] of Object.entries(expect.locks ?? {})) {
      const holder = runtime(stageName)?.lockedBy;
      assert.equal(holder === undefined ? undefined : this.label(holder), label, `lock of ${stageName}`);
    }
    if (expect.openJobs) {
      const open = [...h.jobs.values()].map((j) => `${this.label(j.executionId)}/${j.actionName}`).sort();
      assert.deepEqual(open, expect.openJobs, 'open jobs');
    }
  }
}

function eventLine(d: { stage?: string; action?: string; state: string }): string {
  if (d.action !== undefined) return `${d.stage}/${d.action}:${d.state}`;
  if (d.stage !== undefined) return `${d.stage}:${d.state}`;
  return d.state;
}

function describeStep(step: Step): string {
  return JSON.stringify(step, (key, value: unknown) => (key === 'create' || key === 'update' ? '<pipeline>' : value));
}

export function runScenario(scenario: Scenario): ScenarioRun {
  const run = new ScenarioRun();
  if (!scenario.empty) run.name('e1', run.h.create(scenario.pipeline ?? makePipeline()));
  for (const [index, step] of scenario.steps.entries()) {
    try {
      run.run(step);
    } catch (e) {
      if (e instanceof Error) e.message = `step ${index + 1} ${describeStep(step)}: ${e.message}`;
      throw e;
    }
  }
  run.verify(scenario.expect);
  scenario.check?.(run);
  return run;
}
