/**
 * Test reports: for each `reports` group, the files its selection matches in the primary source,
 * parsed when the format is JUnit XML. Anything that goes wrong becomes a problem on the report;
 * reports never change the build's status.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Buildspec } from '../../model/buildspec/types.ts';
import { selectArtifactFiles } from './artifact-files.ts';
import { parseJUnitXml } from './junit.ts';
import type { ReportResult } from './contract.ts';

export async function collectReports(buildspec: Buildspec, sourceDir: string): Promise<ReportResult[]> {
  const results: ReportResult[] = [];
  for (const [group, spec] of Object.entries(buildspec.reports)) {
    const report: ReportResult = { group, fileFormat: spec.fileFormat, testCases: [], problems: [] };
    results.push(report);
    let files;
    try {
      files = await selectArtifactFiles(sourceDir, { ...spec, excludePaths: [], enableSymlinks: false });
    } catch (e) {
      report.problems.push((e as Error).message);
      continue;
    }
    if (files.length === 0) report.problems.push('No report files matched');
    for (const file of files) {
      const rawPath = relative(sourceDir, file.source);
      if (spec.fileFormat !== 'JUNITXML') {
        report.problems.push(`${rawPath}: ${spec.fileFormat} reports are not parsed yet`);
        continue;
      }
      try {
        report.testCases.push(...parseJUnitXml(await readFile(file.source, 'utf8'), rawPath));
      } catch (e) {
        report.problems.push(`${rawPath}: ${(e as Error).message}`);
      }
    }
  }
  return results;
}
