/**
 * Engine throughput and latency on a SQLite file, with a no-op action provider, so what is
 * measured is Sluice itself: decide, the store step, job claims and the in-process wake-ups.
 * Pipeline: 3 stages × 2 parallel actions (sources, builds, tests).
 *
 * Prints:
 *   BENCH engine.transitions_per_s        action state changes (STARTED + SUCCEEDED) per second,
 *                                         many executions in flight (PARALLEL mode)
 *   BENCH engine.executions_per_s         executions completed per second, same run
 *   BENCH engine.stage_handoff_ms_p50/p99 last action of a stage returns → first action of the next
 *                                         stage runs (one execution at a time)
 *   BENCH sqlite.commit_per_s             raw single-row commits, same settings, same process
 *   BENCH engine.transitions_per_commit   transitions/s ÷ commits/s: how close the engine gets to
 *                                         the storage limit
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { openLocalRuntime, type LocalRuntime } from '../src/runtime.ts';
import { silentLogger } from '../src/logging.ts';
import type { ActionTypeId } from '../src/model/pipeline.ts';
import { ProviderRegistry } from '../src/providers/registry.ts';
import type { ActionProvider } from '../src/providers/provider.ts';
import { percentile, report, tempDir } from './lib/report.ts';
import { measureCommits } from './lib/sqlite-baseline.ts';

const THROUGHPUT_EXECUTIONS = 300;
const IN_FLIGHT = 40;
const HANDOFF_EXECUTIONS = 150;

const SOURCE: ActionTypeId = { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' };
const BUILD: ActionTypeId = { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' };
const TEST: ActionTypeId = { category: 'Test', owner: 'AWS', provider: 'CodeBuild', version: '1' };

function pipeline(name: string, executionMode: 'PARALLEL' | 'SUPERSEDED'): object {
  const source = (n: string) => ({
    name: n, actionTypeId: SOURCE, configuration: { S3Bucket: 'b', S3ObjectKey: `${n}.zip` }, outputArtifacts: [{ name: `${n}Out` }],
  });
  const build = (n: string, type: ActionTypeId) => ({ name: n, actionTypeId: type, configuration: { ProjectName: n }, inputArtifacts: [{ name: 'SrcAOut' }] });
  return {
    name, roleArn: 'arn:aws:iam::000000000000:role/bench', pipelineType: 'V2', executionMode,
    artifactStore: { type: 'S3', location: 'bench' },
    stages: [
      { name: 'Source', actions: [source('SrcA'), source('SrcB')] },
      { name: 'Build', actions: [build('BuildA', BUILD), build('BuildB', BUILD)] },
      { name: 'Test', actions: [build('TestA', TEST), build('TestB', TEST)] },
    ],
  };
}

/** Records, per execution and stage, when the first action started and the last one returned. */
class NoopProvider implements ActionProvider {
  readonly types = [SOURCE, BUILD, TEST];
  readonly firstStart = new Map<string, number>();
  readonly lastReturn = new Map<string, number>();

  async run({ data }: Parameters<ActionProvider['run']>[0]) {
    const key = `${data.pipelineContext.pipelineExecutionId}/${data.pipelineContext.stage.name}`;
    if (!this.firstStart.has(key)) this.firstStart.set(key, performance.now());
    this.lastReturn.set(key, performance.now());
    return {};
  }
}

async function runtimeWith(provider: NoopProvider): Promise<LocalRuntime> {
  return openLocalRuntime({
    dataDir: join(tempDir(), 'engine'), registry: new ProviderRegistry().register(provider), logger: silentLogger, concurrency: 16,
  });
}

/** Resolves once `count` executions of any pipeline in the runtime have ended. */
function countEndings(runtime: LocalRuntime, onEnd: () => void): void {
  runtime.scheduler.driver.onCommit((_, commands) => {
    for (const c of commands) {
      if (c.type === 'Emit' && c.event.detail.stage === undefined && c.event.detail.state !== 'STARTED') onEnd();
    }
  });
}

async function throughput(): Promise<{ transitionsPerS: number; executionsPerS: number }> {
  const runtime = await runtimeWith(new NoopProvider());
  let transitions = 0;
  runtime.scheduler.driver.onCommit((_, commands) => {
    for (const c of commands) if (c.type === 'Emit' && c.event.detail.action !== undefined) transitions++;
  });
  runtime.scheduler.start();
  await runtime.pipelines.createPipeline(pipeline('throughput', 'PARALLEL'));
  let started = 1;
  let ended = 0;
  const t0 = performance.now();
  await new Promise<void>((done) => {
    countEndings(runtime, () => {
      ended++;
      if (ended === THROUGHPUT_EXECUTIONS) done();
      else if (started < THROUGHPUT_EXECUTIONS) {
        started++;
        void runtime.pipelines.startExecution('throughput');
      }
    });
    for (; started < IN_FLIGHT; started++) void runtime.pipelines.startExecution('throughput');
  });
  const seconds = (performance.now() - t0) / 1000;
  await runtime.close();
  return { transitionsPerS: transitions / seconds, executionsPerS: THROUGHPUT_EXECUTIONS / seconds };
}

async function handoffs(): Promise<number[]> {
  const provider = new NoopProvider();
  const runtime = await runtimeWith(provider);
  let onEnd: () => void = () => undefined;
  countEndings(runtime, () => onEnd());
  runtime.scheduler.start();
  const ids: string[] = [];
  for (let i = 0; i < HANDOFF_EXECUTIONS; i++) {
    const ended = new Promise<void>((done) => { onEnd = done; });
    if (i === 0) ids.push((await runtime.pipelines.createPipeline(pipeline('handoff', 'SUPERSEDED'))).pipelineExecutionId);
    else ids.push(await runtime.pipelines.startExecution('handoff'));
    await ended;
  }
  await runtime.close();
  const samples: number[] = [];
  for (const id of ids) {
    for (const [from, to] of [['Source', 'Build'], ['Build', 'Test']] as const) {
      const returned = provider.lastReturn.get(`${id}/${from}`);
      const started = provider.firstStart.get(`${id}/${to}`);
      if (returned !== undefined && started !== undefined) samples.push(started - returned);
    }
  }
  return samples.sort((a, b) => a - b);
}

const { transitionsPerS, executionsPerS } = await throughput();
const samples = await handoffs();
const commits = measureCommits('NORMAL', 2000);
report('engine.transitions_per_s', transitionsPerS, 'transitions/s');
report('engine.executions_per_s', executionsPerS, 'executions/s');
report('engine.stage_handoff_ms_p50', percentile(samples, 50), 'ms');
report('engine.stage_handoff_ms_p99', percentile(samples, 99), 'ms');
report('sqlite.commit_per_s', commits.perS, 'commits/s');
report('engine.transitions_per_commit', transitionsPerS / commits.perS, 'ratio');
