/**
 * Manual approvals answered at a real terminal: `script` gives `sluice run` a pseudo-terminal,
 * the test answers the prompt once it appears.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');

const PIPELINE = {
  name: 'gate', roleArn: 'arn:aws:iam::000000000000:role/p', artifactStore: { type: 'S3', location: 'artifacts' },
  stages: [
    { name: 'Source', actions: [{ name: 'Src', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
      configuration: { RepositoryName: 'r', BranchName: 'main' }, outputArtifacts: [{ name: 'Out' }] }] },
    { name: 'Gate', actions: [{ name: 'Ok', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
      configuration: { CustomData: 'Ship it?' } }] },
  ],
};

/** Runs `sluice run` on a pseudo-terminal and types `answer` once the approval prompt shows. */
function runAtTerminal(file: string, answer: string): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, join(ROOT, 'bin', 'sluice.js'), 'run', file, '--source', `Src=${ROOT}/examples/hello/app`]
    .map((part) => `'${part}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
  let output = '';
  let answered = false;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!answered && output.includes('? Approve Gate/Ok (Ship it?)? [y/N]')) {
      answered = true;
      child.stdin.write(`${answer}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('sluice run: approvals at the terminal', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-tty-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'gate.json');
  await writeFile(file, JSON.stringify({ pipeline: PIPELINE }));

  it('approves on "y" and the execution succeeds', async () => {
    const { code, output } = await runAtTerminal(file, 'y');
    assert.equal(code, 0, output);
    assert.match(output, /✔ Ok .*Approved at the terminal/);
  });

  it('rejects on anything else and the execution fails', async () => {
    const { code, output } = await runAtTerminal(file, 'no');
    assert.equal(code, 1, output);
    assert.match(output, /✖ Ok .*Rejected at the terminal/);
  });
});
