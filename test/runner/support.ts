/**
 * Helpers for runner tests: finding live processes by a unique text in their command line
 * (`pgrep -f`, which also sees processes inside a build's PID namespace).
 */
import { execFile } from 'node:child_process';

/** Pids of live processes whose command line contains `text` (a plain word, no regex characters but `.`). */
export function findProcesses(text: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile('pgrep', ['-f', text], (error, stdout) => {
      if (error && error.code !== 1) return reject(new Error(`pgrep failed: ${error.message}`));
      resolve(stdout.split('\n').filter(Boolean).map(Number).filter((pid) => pid !== process.pid));
    });
  });
}
