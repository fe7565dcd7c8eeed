import { describe, it } from 'node:test';
import { runScenario, type Scenario } from './scenario-runner.ts';
import { queuedParallelScenarios } from './scenarios/queued-parallel.ts';
import { stopScenarios } from './scenarios/stop.ts';
import { supersededScenarios } from './scenarios/superseded.ts';

const tables: [string, Scenario[]][] = [
  ['SUPERSEDED mode', supersededScenarios],
  ['QUEUED and PARALLEL modes', queuedParallelScenarios],
  ['StopPipelineExecution', stopScenarios],
];

for (const [topic, scenarios] of tables) {
  describe(`engine scenarios: ${topic}`, () => {
    for (const scenario of scenarios) it(scenario.name, () => { runScenario(scenario); });
  });
}
