/**
 * A Sluice process for crash tests: `start <dataDir> <pipeline.json>` creates the pipeline (which
 * starts an execution) and keeps running it; `resume <dataDir> <pipelineName>` only runs the
 * scheduler on the existing store until every execution has ended, then prints the executions
 * and their action executions as JSON and exits. Both use short leases so a killed process's
 * jobs come back quickly. Commands run without isolation so they can leave marks in the test's
 * /tmp directory (private to each build under bubblewrap).
 */
import { readFile } from 'node:fs/promises';
import { openLocalRuntime } from '../../src/runtime.ts';
import { silentLogger } from '../../src/logging.ts';
import { isTerminalExecution } from '../../src/model/status.ts';
import { makeCommandsProvider } from '../../src/providers/commands.ts';
import { makeLocalSourceProvider } from '../../src/providers/local-source.ts';
import { ProviderRegistry } from '../../src/providers/registry.ts';

const [mode, dataDir, target] = process.argv.slice(2);
if (!mode || !dataDir || !target) throw new Error('usage: child.ts start|resume <dataDir> <pipeline.json|name>');

const runtime = await openLocalRuntime({
  dataDir, logger: silentLogger,
  registry: new ProviderRegistry().register(makeCommandsProvider({ isolation: 'none', killGraceMs: 500 })).register(makeLocalSourceProvider(
    [{ category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' }],
    { Source: process.env.CRASH_SOURCE_DIR ?? '.' })),
  leaseMs: 600, sweepIntervalMs: 100, workerId: `${mode}-${process.pid}`,
});
runtime.scheduler.start();
let name = target;
if (mode === 'start') {
  const declaration = JSON.parse(await readFile(target, 'utf8')) as { name: string };
  name = declaration.name;
  await runtime.pipelines.createPipeline(declaration);
  process.stdout.write('created\n');
}
for (;;) {
  const { items } = await runtime.store.executions.list(name, {}, { maxResults: 100 });
  if (items.length > 0 && items.every((e) => isTerminalExecution(e.status))) {
    const actions = await runtime.store.executions.listActionExecutions(name, {}, { maxResults: 100 });
    process.stdout.write(`${JSON.stringify({ executions: items, actions: actions.items })}\n`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await runtime.close();
