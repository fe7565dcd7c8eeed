/**
 * The buildspec blocks that name files to collect after the build: `artifacts` (with its
 * secondary artifacts), `reports` and `cache`.
 */
import { at, checkKeys, isNull, readBoolean, readMap, readString, readStringList, type Problems } from './fields.ts';
import type { ArtifactSelection, ArtifactsSpec, ReportFileFormat, ReportSpec } from './types.ts';
import type { YamlMap, YamlNode } from './yaml-tree.ts';

const SELECTION_KEYS = ['files', 'name', 'base-directory', 'discard-paths', 'exclude-paths', 'enable-symlinks', 's3-prefix'];
const ARTIFACT_KEYS = [...SELECTION_KEYS, 'secondary-artifacts'];
const REPORT_KEYS = ['files', 'base-directory', 'discard-paths', 'file-format'];
const REPORT_FORMATS: readonly ReportFileFormat[] = [
  'JUNITXML', 'CUCUMBERJSON', 'NUNITXML', 'NUNIT3XML', 'TESTNGXML', 'VISUALSTUDIOTRX',
  'CLOVERXML', 'COBERTURAXML', 'JACOCOXML', 'SIMPLECOV',
];
/** CodeBuild allows 5 report groups per project; one buildspec cannot name more. */
export const MAX_REPORT_GROUPS = 5;
/** [guess] AWS does not document the identifier alphabet; pipeline artifact names use the same one. */
const ARTIFACT_IDENTIFIER = /^[A-Za-z0-9_]+$/;

/** `files` is required in every block that selects files. */
function readFiles(p: Problems, map: YamlMap, path: string): string[] {
  const files = map.entries.get('files');
  if (!files) {
    p.add(at(path, 'files'), map, 'is required; expected a list of paths or globs such as "**/*"');
    return [];
  }
  const list = readStringList(p, files, at(path, 'files'), 'path');
  if (list.length === 0 && (files.kind === 'seq' || isNull(files))) p.add(at(path, 'files'), files, 'expected at least one path or glob');
  return list;
}

function readOptionalString(p: Problems, map: YamlMap, path: string, key: string): string | undefined {
  const node = map.entries.get(key);
  return node ? readString(p, node, at(path, key)) : undefined;
}

function readFlag(p: Problems, map: YamlMap, path: string, key: string): boolean {
  const node = map.entries.get(key);
  return node ? readBoolean(p, node, at(path, key)) ?? false : false;
}

function readSelection(p: Problems, map: YamlMap, path: string): ArtifactSelection & { name?: string } {
  const selection: ArtifactSelection & { name?: string } = {
    files: readFiles(p, map, path),
    discardPaths: readFlag(p, map, path, 'discard-paths'),
    excludePaths: [],
    enableSymlinks: readFlag(p, map, path, 'enable-symlinks'),
  };
  const base = readOptionalString(p, map, path, 'base-directory');
  if (base !== undefined) selection.baseDirectory = base;
  const name = readOptionalString(p, map, path, 'name');
  if (name !== undefined) selection.name = name;
  const exclude = map.entries.get('exclude-paths');
  if (exclude) selection.excludePaths = readStringList(p, exclude, at(path, 'exclude-paths'), 'path');
  // s3-prefix only shapes standalone S3 uploads; Sluice's artifact targets decide locations.
  readOptionalString(p, map, path, 's3-prefix');
  return selection;
}

export function readArtifacts(p: Problems, node: YamlNode, path: string): ArtifactsSpec | undefined {
  const map = readMap(p, node, path);
  if (!map) return undefined;
  checkKeys(p, map, path, ARTIFACT_KEYS);
  const spec: ArtifactsSpec = { ...readSelection(p, map, path), secondaryArtifacts: {} };
  const secondary = map.entries.get('secondary-artifacts');
  if (!secondary) return spec;
  const secondaryPath = at(path, 'secondary-artifacts');
  const blocks = readMap(p, secondary, secondaryPath);
  for (const [id, block] of blocks?.entries ?? []) {
    const blockPath = at(secondaryPath, id);
    if (!ARTIFACT_IDENTIFIER.test(id)) p.add(blockPath, block, 'artifact identifiers may only contain letters, digits and _');
    const blockMap = readMap(p, block, blockPath);
    if (!blockMap) continue;
    checkKeys(p, blockMap, blockPath, SELECTION_KEYS);
    spec.secondaryArtifacts[id] = readSelection(p, blockMap, blockPath);
  }
  return spec;
}

export function readReports(p: Problems, node: YamlNode, path: string): Record<string, ReportSpec> {
  const reports: Record<string, ReportSpec> = {};
  const map = readMap(p, node, path, true);
  if (!map) return reports;
  if (map.entries.size > MAX_REPORT_GROUPS) {
    p.add(path, map, `${map.entries.size} report groups; at most ${MAX_REPORT_GROUPS} report groups are allowed per project`);
  }
  for (const [group, block] of map.entries) {
    const groupPath = at(path, group);
    const groupMap = readMap(p, block, groupPath);
    if (!groupMap) continue;
    checkKeys(p, groupMap, groupPath, REPORT_KEYS);
    const report: ReportSpec = {
      files: readFiles(p, groupMap, groupPath),
      discardPaths: readFlag(p, groupMap, groupPath, 'discard-paths'),
      fileFormat: readFileFormat(p, groupMap, groupPath),
    };
    const base = readOptionalString(p, groupMap, groupPath, 'base-directory');
    if (base !== undefined) report.baseDirectory = base;
    reports[group] = report;
  }
  return reports;
}

function readFileFormat(p: Problems, map: YamlMap, path: string): ReportFileFormat {
  const text = readOptionalString(p, map, path, 'file-format');
  if (text === undefined) return 'JUNITXML';
  const format = REPORT_FORMATS.find((f) => f === text.toUpperCase());
  if (!format) p.add(at(path, 'file-format'), map.entries.get('file-format'), `unknown report format ${JSON.stringify(text)}; expected one of ${REPORT_FORMATS.join(', ')}`);
  return format ?? 'JUNITXML';
}

export function readCache(p: Problems, node: YamlNode, path: string): { paths: string[] } | undefined {
  const map = readMap(p, node, path);
  if (!map) return undefined;
  const notSupported = 'is not supported by Sluice: the cache is local to the project; list what to keep under paths';
  checkKeys(p, map, path, ['paths'], { key: `${notSupported}`, 'fallback-keys': notSupported, action: notSupported });
  const paths = map.entries.get('paths');
  if (!paths) {
    p.add(at(path, 'paths'), map, 'is required; expected a list of paths or globs such as "node_modules/**/*"');
    return { paths: [] };
  }
  return { paths: readStringList(p, paths, at(path, 'paths'), 'path') };
}
