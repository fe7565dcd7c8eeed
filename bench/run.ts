/**
 * `npm run bench [-- filter...]`: runs every `bench/*.bench.ts` (or those whose file name contains
 * one of the filters) one after another in child processes, then prints a summary. Exits 1 if any
 * bench failed or no bench matched.
 */
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench, selectBenches } from './lib/runner.ts';

const filters = process.argv.slice(2);
const files = selectBenches(dirname(fileURLToPath(import.meta.url)), filters);
if (files.length === 0) {
  console.error(`bench: no bench/*.bench.ts matches ${filters.map((f) => `'${f}'`).join(' or ')}`);
  process.exit(1);
}

const results = [];
for (const file of files) {
  console.log(`# ${basename(file)}`);
  const result = await runBench(file);
  if (!result.ok) console.log(`# ${basename(file)} FAILED (exit ${result.exit})`);
  results.push(result);
}

const failed = results.filter((r) => !r.ok);
console.log(`# ${results.length} bench${results.length === 1 ? '' : 'es'}, ${failed.length} failed, ${(results.reduce((s, r) => s + r.ms, 0) / 1000).toFixed(1)} s`);
for (const r of results) {
  console.log(`#   ${r.ok ? 'ok  ' : 'FAIL'} ${basename(r.file)} (${(r.ms / 1000).toFixed(1)} s, ${r.lines.length} figures)`);
}
process.exitCode = failed.length > 0 ? 1 : 0;
