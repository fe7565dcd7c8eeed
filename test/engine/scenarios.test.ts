/**
 * Runs every engine scenario table (see scenario-runner.ts for the format), one `it` per scenario.
 * Each table lives in scenarios/<topic>.ts.
 */
import { describe, it } from 'node:test';
import { runScenario, type Scenario } from './scenario-runner.ts';
import { eventScenarios } from './scenarios/events.ts';
import { jobScenarios } from './scenarios/jobs.ts';
import { queuedParallelScenarios } from './scenarios/queued-parallel.ts';
import { retryScenarios } from './scenarios/retry.ts';
import { rollbackScenarios } from './scenarios/rollback.ts';
import { stopScenarios } from './scenarios/stop.ts';
import { supersededScenarios } from './scenarios/superseded.ts';
import { transitionScenarios } from './scenarios/transitions.ts';
import { updateScenarios } from './scenarios/update.ts';

const tables: [string, Scenario[]][] = [
  ['SUPERSEDED mode', supersededScenarios],
  ['QUEUED and PARALLEL modes', queuedParallelScenarios],
  ['StopPipelineExecution', stopScenarios],
  ['RetryStageExecution and approvals', retryScenarios],
  ['stage transitions', transitionScenarios],
  ['CreatePipeline and UpdatePipeline', updateScenarios],
  ['RollbackStage', rollbackScenarios],
  ['emitted events', eventScenarios],
  ['starts, jobs and timers', jobScenarios],
];

for (const [topic, scenarios] of tables) {
  describe(`engine scenarios: ${topic}`, () => {
    for (const scenario of scenarios) it(scenario.name, () => { runScenario(scenario); });
  });
}
