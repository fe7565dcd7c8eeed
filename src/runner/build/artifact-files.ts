/**
 * Which files an `artifacts` block (or a secondary artifact, a report group, the cache) selects
 * in the primary source directory, following CodeBuild's rules:
 * - `files` and `exclude-paths` are globs relative to `base-directory` (or the source root);
 *   `**\/*` is every file, dot files included (CodeBuild packs `.ebextensions`); only files are
 *   selected, never directories themselves.
 * - `base-directory` may be a glob (`build*`): the contents of every matching directory are
 *   selected, paths relative to that directory.
 * - `discard-paths: yes` keeps only file names; [guess] on a clash the last in sorted order wins.
 * - [guess] A leading `./` in a pattern or base directory is stripped (AWS says never to write it).
 *
 * Symbolic links, with `enable-symlinks` either way (an ArtifactFile has no link form, so a link is
 * stored as the file it points to) [guess]: a link whose target is inside the source root is
 * followed; a selected link that points outside the root is refused, naming it (no artifact can
 * carry files from outside the build); a dangling link is skipped. Directory links out of the root
 * are never walked.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { ArtifactSelection } from '../../model/buildspec/types.ts';
import type { ArtifactFile } from './contract.ts';

/** The selection cannot be packaged; the message says why. */
export class ArtifactSelectionError extends Error {
  override name = 'ArtifactSelectionError';
}

/** What one walk of the source root finds: files and directories by path from the root. */
interface SourceTree {
  files: { rel: string; source: string }[];
  dirs: string[];
  /** Links whose target is outside the root, by path from the root. */
  escaping: { rel: string; target: string }[];
}

/**
 * The files an `artifacts` (or secondary, report, cache) block selects under `root` (the primary
 * source directory): paths inside the artifact (after base-directory and discard-paths) and their
 * files on disk. Throws ArtifactSelectionError "no matching artifact paths found" when nothing
 * matches, and when base-directory or a match escapes `root`.
 */
export async function selectArtifactFiles(root: string, selection: ArtifactSelection): Promise<ArtifactFile[]> {
  const rootReal = await realpath(root);
  const tree: SourceTree = { files: [], dirs: [], escaping: [] };
  const bases = await walkBases(rootReal, readBase(selection.baseDirectory), tree);
  // Sorted by full path, so "last wins" on a discard-paths clash is the same everywhere.
  tree.files.sort((a, b) => compare(a.rel, b.rel));
  const selects = picomatch(selection.files.map(stripDotSlash), { dot: true });
  const excludes = selection.excludePaths.length ? picomatch(selection.excludePaths.map(stripDotSlash), { dot: true }) : () => false;
  const picked = (rel: string): boolean => selects(rel) && !excludes(rel);

  const byPath = new Map<string, string>();
  for (const base of bases) {
    const prefix = base === '' ? '' : `${base}/`;
    for (const link of tree.escaping) {
      if (!link.rel.startsWith(prefix)) continue;
      const rel = link.rel.slice(prefix.length);
      // A directory link would be selected by a pattern that reaches below it.
      if (picked(rel) || picked(`${rel}/x`)) {
        throw new ArtifactSelectionError(`symbolic link ${link.rel} points outside the source directory (to ${link.target}); artifacts may only contain files from the build`);
      }
    }
    for (const file of tree.files) {
      if (!file.rel.startsWith(prefix)) continue;
      const rel = file.rel.slice(prefix.length);
      if (picked(rel)) byPath.set(selection.discardPaths ? posix.basename(rel) : rel, file.source);
    }
  }
  if (byPath.size === 0) {
    const base = selection.baseDirectory === undefined ? '' : `, base-directory: ${selection.baseDirectory}`;
    throw new ArtifactSelectionError(`no matching artifact paths found (files: ${selection.files.join(', ')}${base})`);
  }
  return [...byPath].map(([path, source]) => ({ path, source })).sort((a, b) => compare(a.path, b.path));
}

type Base = { kind: 'root' } | { kind: 'glob'; pattern: string } | { kind: 'dir'; rel: string };

/** What `base-directory` names; refuses one that leaves the source directory by its spelling. */
function readBase(baseDirectory: string | undefined): Base {
  if (baseDirectory === undefined) return { kind: 'root' };
  const base = posix.normalize(stripDotSlash(baseDirectory)).replace(/\/+$/, '');
  if (posix.isAbsolute(base) || base === '..' || base.startsWith('../')) {
    throw new ArtifactSelectionError(`base-directory ${baseDirectory} is outside the source directory`);
  }
  if (base === '.' || base === '') return { kind: 'root' };
  return picomatch.scan(base).isGlob ? { kind: 'glob', pattern: base } : { kind: 'dir', rel: base };
}

/**
 * Walks what the selection can reach (only the base directory when it is a plain path, so a
 * `dist` artifact does not walk `node_modules`) and returns the base directories as paths from
 * the root (`''` for the root itself), sorted.
 */
async function walkBases(rootReal: string, base: Base, tree: SourceTree): Promise<string[]> {
  if (base.kind === 'dir') {
    const real = await realpath(join(rootReal, base.rel)).catch(() => undefined);
    if (real === undefined || !(await stat(real)).isDirectory()) return []; // nothing to match
    if (!isInside(rootReal, real)) throw new ArtifactSelectionError(`base-directory ${base.rel} is outside the source directory`);
    await walk(rootReal, real, base.rel, new Set([real]), tree);
    return [base.rel];
  }
  await walk(rootReal, rootReal, '', new Set([rootReal]), tree);
  if (base.kind === 'root') return [''];
  const matches = picomatch(base.pattern, { dot: true });
  return tree.dirs.filter((d) => matches(d)).sort(compare);
}

/**
 * Walks `dir` (a real path inside the root), recording files and directories by their path from
 * the root as the build sees it. `chain` holds the real directories being walked, so a link back
 * to one of them is not followed again (no loops).
 */
async function walk(rootReal: string, dir: string, relDir: string, chain: Set<string>, tree: SourceTree): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      tree.dirs.push(rel);
      await walk(rootReal, full, rel, new Set([...chain, full]), tree);
    } else if (entry.isFile()) {
      tree.files.push({ rel, source: full });
    } else if (entry.isSymbolicLink()) {
      await followLink(rootReal, full, rel, chain, tree);
    }
    // Sockets, FIFOs and devices are never artifact content.
  }
}

async function followLink(rootReal: string, full: string, rel: string, chain: Set<string>, tree: SourceTree): Promise<void> {
  const target = await realpath(full).catch(() => undefined);
  if (target === undefined) return; // dangling
  if (!isInside(rootReal, target)) {
    tree.escaping.push({ rel, target });
    return;
  }
  const info = await stat(target);
  if (info.isFile()) tree.files.push({ rel, source: target });
  else if (info.isDirectory() && !chain.has(target)) {
    tree.dirs.push(rel);
    await walk(rootReal, target, rel, new Set([...chain, target]), tree);
  }
}

function isInside(rootReal: string, path: string): boolean {
  const rel = relative(rootReal, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

function stripDotSlash(pattern: string): string {
  return pattern.replace(/^(\.\/)+/, '');
}

/** Byte order, the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
