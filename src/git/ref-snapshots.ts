/**
 * What refs moved: a repository's refs read at two moments (`git for-each-ref`; a push reads them
 * before and after, the hosted repositories compare them with what they last recorded), and
 * the difference, one change per ref in ref-name order. Creation has the all-zero old id and
 * deletion the all-zero new id, as git's own hooks report them. Annotated tags are reported by
 * the commit they point at.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The object id git uses for "no object" (a ref created or deleted). */
export const ZERO_ID = '0000000000000000000000000000000000000000';

export interface RefChange {
  /** Full ref name: `refs/heads/main`, `refs/tags/v1`. */
  ref: string;
  oldCommit: string;
  newCommit: string;
}

/** Every ref of a repository and the commit it names (peeled through annotated tags). */
export async function readRefs(gitDir: string): Promise<Map<string, string>> {
  const { stdout } = await run('git', ['--git-dir', gitDir, 'for-each-ref', '--format=%(objectname) %(*objectname) %(refname)'],
    { maxBuffer: 64 * 1024 * 1024 });
  const refs = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const [object, peeled, ref] = line.split(' ');
    if (ref) refs.set(ref, peeled || object || ZERO_ID);
  }
  return refs;
}

export function diffRefs(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): RefChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((ref) => {
    const oldCommit = before.get(ref) ?? ZERO_ID;
    const newCommit = after.get(ref) ?? ZERO_ID;
    return oldCommit === newCommit ? [] : [{ ref, oldCommit, newCommit }];
  });
}
