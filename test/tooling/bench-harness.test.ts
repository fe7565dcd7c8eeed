// The bench harness: figure formatting, percentiles, temp dirs, and the runner that keeps going
// when one bench crashes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatValue, percentile, repeatFor } from '../../bench/lib/report.ts';
import { runBench, selectBenches } from '../../bench/lib/runner.ts';

const reportModule = fileURLToPath(new URL('../../bench/lib/report.ts', import.meta.url));

describe('formatValue', () => {
  const cases = [
    { input: 38752.4, want: '38752' },
    { input: 100, want: '100' },
    { input: 41.23, want: '41.2' },
    { input: 0.17345, want: '0.173' },
    { input: 7, want: '7' },
    { input: -2.5, want: '-2.5' },
    { input: Number.NaN, want: 'NaN' },
  ];
  for (const { input, want } of cases) {
    test(`${input} → ${want}`, () => assert.equal(formatValue(input), want));
  }
});

describe('percentile', () => {
  test('interpolates between ranks', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    assert.equal(percentile(sorted, 0), 1);
    assert.equal(percentile(sorted, 50), 5.5);
    assert.equal(percentile(sorted, 100), 10);
    assert.equal(percentile([42], 99), 42);
  });
  test('rejects an empty array and p outside [0, 100]', () => {
    assert.throws(() => percentile([], 50), { name: 'RangeError', message: /empty/ });
    assert.throws(() => percentile([1], 101), { name: 'RangeError', message: /\[0, 100\]/ });
  });
});

test('repeatFor returns sorted samples, one per call', () => {
  let calls = 0;
  const run = repeatFor(5, () => { calls++; });
  assert.equal(run.count, calls);
  assert.equal(run.samplesMs.length, calls);
  assert.ok(run.samplesMs.every((v, i, a) => i === 0 || (a[i - 1] as number) <= v));
});

test('tempDir is removed when the process exits', () => {
  const script = `import { tempDir } from ${JSON.stringify(reportModule)}; console.log(tempDir());`;
  const dir = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
  assert.match(dir, /sluice-bench-/);
  assert.equal(existsSync(dir), false);
});

describe('bench runner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'a-good.bench.ts'), "console.log('warming up');\nconsole.log('BENCH a.rate=12 ops/s');\n");
  writeFileSync(join(dir, 'b-crash.bench.ts'), "console.log('BENCH b.partial=1 x');\nthrow new Error('boom');\n");
  writeFileSync(join(dir, 'helper.ts'), 'export {};\n');

  test('selects *.bench.ts files by name filter', () => {
    assert.deepEqual(selectBenches(dir, []).map((f) => f.slice(dir.length + 1)), ['a-good.bench.ts', 'b-crash.bench.ts']);
    assert.deepEqual(selectBenches(dir, ['crash']).map((f) => f.slice(dir.length + 1)), ['b-crash.bench.ts']);
    assert.deepEqual(selectBenches(dir, ['nothing']), []);
  });

  test('collects BENCH lines of a good bench', async () => {
    const r = await runBench(join(dir, 'a-good.bench.ts'), { quiet: true });
    assert.equal(r.ok, true);
    assert.equal(r.exit, 0);
    assert.deepEqual(r.lines, ['BENCH a.rate=12 ops/s']);
  });

  test('reports a crashing bench as failed, keeping what it printed', async () => {
    const r = await runBench(join(dir, 'b-crash.bench.ts'), { quiet: true });
    assert.equal(r.ok, false);
    assert.equal(r.exit, 1);
    assert.deepEqual(r.lines, ['BENCH b.partial=1 x']);
  });

  test('kills a bench that runs past its timeout', async () => {
    const file = join(dir, 'c-hang.bench.ts');
    writeFileSync(file, 'setInterval(() => {}, 1000);\n');
    const r = await runBench(file, { quiet: true, timeoutMs: 200 });
    assert.equal(r.ok, false);
    assert.equal(r.exit, 'SIGTERM');
  });
});
