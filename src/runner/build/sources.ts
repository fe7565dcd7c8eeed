/**
 * DOWNLOAD_SOURCE: fetches the primary source into `<workspace>/src` and each secondary into
 * `<workspace>/src_<id>`, then reads and parses the buildspec (inline, a path inside the primary
 * source, or already parsed). Failures come back as phase contexts, never thrown:
 * CLIENT_ERROR for sources, YAML_FILE_ERROR for the buildspec.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { BuildspecError, parseBuildspec } from '../../model/buildspec/parse.ts';
import type { Buildspec } from '../../model/buildspec/types.ts';
import type { BuildRun, PhaseContext } from './contract.ts';
import type { SourceDirectories } from './environment.ts';

export type Downloaded =
  | { ok: true; sources: SourceDirectories; buildspec: Buildspec }
  | { ok: false; sources: SourceDirectories; context: PhaseContext };

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function fetchSources(run: BuildRun): Promise<{ sources: SourceDirectories; context?: PhaseContext }> {
  const sources: SourceDirectories = { primary: join(run.workspace, 'src'), secondary: {}, versions: {} };
  await mkdir(sources.primary, { recursive: true });
  for (const source of run.sources) {
    const dir = source.id === '' ? sources.primary : join(run.workspace, `src_${source.id}`);
    if (source.id !== '') {
      sources.secondary[source.id] = dir;
      await mkdir(dir, { recursive: true });
    }
    try {
      sources.versions[source.id] = await source.fetch(dir);
    } catch (e) {
      const which = source.id === '' ? 'the primary source' : `source ${source.id}`;
      return { sources, context: { statusCode: 'CLIENT_ERROR', message: `Failed to download ${which}: ${errorMessage(e)}` } };
    }
  }
  return { sources };
}

export async function loadBuildspec(run: BuildRun, primaryDir: string): Promise<Buildspec | PhaseContext> {
  const spec = run.buildspec;
  if ('parsed' in spec) return spec.parsed;
  let text: string;
  if ('inline' in spec) {
    text = spec.inline;
  } else {
    const file = resolve(primaryDir, spec.path);
    if (relative(primaryDir, file).startsWith('..')) {
      return { statusCode: 'YAML_FILE_ERROR', message: `The buildspec path ${spec.path} is outside the source` };
    }
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { statusCode: 'YAML_FILE_ERROR', message: `YAML file does not exist: ${spec.path}` };
    }
  }
  try {
    return parseBuildspec(text);
  } catch (e) {
    if (e instanceof BuildspecError) return { statusCode: 'YAML_FILE_ERROR', message: e.message };
    throw e as Error;
  }
}

export async function downloadSource(run: BuildRun): Promise<Downloaded> {
  const { sources, context } = await fetchSources(run);
  if (context) return { ok: false, sources, context };
  const loaded = await loadBuildspec(run, sources.primary);
  if ('statusCode' in loaded) return { ok: false, sources, context: loaded };
  return { ok: true, sources, buildspec: loaded };
}
