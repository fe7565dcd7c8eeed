/**
 * Report group and report operations: CreateReportGroup, ListReportGroups, BatchGetReportGroups,
 * DeleteReportGroup, ListReports, ListReportsForReportGroup, BatchGetReports and
 * DescribeTestCases. Reports are written when a build ends (services/builds.ts); a report group
 * is created explicitly or on a report's first use, as `<project>-<name>`.
 */
import { SluiceError } from '../../model/errors.ts';
import type { ReportGroupRecord, ReportRecord, ReportType, SortOrder } from '../../store/build-ports.ts';
import type { Operation } from '../aws-json/operation.ts';
import { compact, epochSeconds, invalidInput, reportGroupArn, type CodeBuildApi } from './context.ts';

type Input = Record<string, unknown>;

export function reportGroupWire(group: ReportGroupRecord): object {
  return {
    arn: group.arn, name: group.name, type: group.type, exportConfig: group.exportConfig,
    created: epochSeconds(group.created), lastModified: epochSeconds(group.lastModified), tags: group.tags, status: 'ACTIVE',
  };
}

function reportWire(report: ReportRecord, group: ReportGroupRecord | undefined): object {
  return compact({
    arn: report.arn, type: report.type, name: report.name, reportGroupArn: report.reportGroupArn, executionId: report.executionId,
    status: report.status, created: epochSeconds(report.created), exportConfig: group?.exportConfig ?? { exportConfigType: 'NO_EXPORT' },
    truncated: false,
    testSummary: report.type === 'TEST'
      ? { total: report.total, statusCounts: report.statusCounts, durationInNanoSeconds: report.durationInNanoSeconds }
      : undefined,
  });
}

function checkExportConfig(config: Input): void {
  const type = config.exportConfigType;
  const s3 = config.s3Destination as Input | undefined;
  if (type === 'S3' && (!s3 || typeof s3.bucket !== 'string')) throw invalidInput('exportConfig: S3 export needs s3Destination.bucket');
  if (type === 'NO_EXPORT' && s3) throw invalidInput('exportConfig: s3Destination is only allowed with exportConfigType S3');
}

export function reportOperations(api: CodeBuildApi): Record<string, Operation<Input, object>> {
  const { reports } = api.store;
  const requireGroup = async (arn: string): Promise<ReportGroupRecord> => {
    const group = await reports.getGroup(arn);
    if (!group) throw new SluiceError('ResourceNotFoundException', `Report group cannot be found: ${arn}`);
    return group;
  };
  const listed = (page: { items: string[]; nextToken?: string }, key: string): object => compact({ [key]: page.items, nextToken: page.nextToken });
  return {
    CreateReportGroup: {
      async handle(input, context) {
        const name = input.name as string;
        checkExportConfig(input.exportConfig as Input);
        const now = api.now();
        const group: ReportGroupRecord = {
          arn: reportGroupArn(context.region, api.accountId, name), name, type: input.type as ReportType,
          exportConfig: input.exportConfig as Input, tags: (input.tags ?? []) as ReportGroupRecord['tags'], created: now, lastModified: now,
        };
        if (!await reports.createGroup(group)) throw new SluiceError('ResourceAlreadyExistsException', `Report group already exists: ${name}`);
        return { reportGroup: reportGroupWire(group) };
      },
    },
    ListReportGroups: {
      async handle(input) {
        return listed(await reports.listGroups(compact({
          sortBy: input.sortBy as 'NAME' | undefined, sortOrder: input.sortOrder as SortOrder | undefined,
          maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined,
        })), 'reportGroups');
      },
    },
    BatchGetReportGroups: {
      async handle(input) {
        const arns = input.reportGroupArns as string[];
        const found = (await Promise.all(arns.map((arn) => reports.getGroup(arn)))).filter((g) => g !== undefined);
        const known = new Set(found.map((g) => g.arn));
        return { reportGroups: found.map(reportGroupWire), reportGroupsNotFound: arns.filter((arn) => !known.has(arn)) };
      },
    },
    DeleteReportGroup: {
      async handle(input) {
        const arn = input.arn as string;
        const outcome = await reports.deleteGroup(arn, input.deleteReports === true);
        if (outcome === 'hasReports') throw invalidInput(`Report group ${arn} has reports; delete them first or set deleteReports`);
        return {};
      },
    },
    ListReports: {
      async handle(input) {
        const filter = (input.filter ?? {}) as Input;
        return listed(await reports.listReports(compact({
          status: filter.status as string | undefined, sortOrder: input.sortOrder as SortOrder | undefined,
          maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined,
        })), 'reports');
      },
    },
    ListReportsForReportGroup: {
      async handle(input) {
        const group = await requireGroup(input.reportGroupArn as string);
        const filter = (input.filter ?? {}) as Input;
        return listed(await reports.listReports(compact({
          reportGroupArn: group.arn, status: filter.status as string | undefined, sortOrder: input.sortOrder as SortOrder | undefined,
          maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined,
        })), 'reports');
      },
    },
    BatchGetReports: {
      async handle(input) {
        const arns = input.reportArns as string[];
        const found = (await Promise.all(arns.map((arn) => reports.getReport(arn)))).filter((r) => r !== undefined);
        const groups = new Map<string, ReportGroupRecord | undefined>();
        for (const report of found) if (!groups.has(report.reportGroupArn)) groups.set(report.reportGroupArn, await reports.getGroup(report.reportGroupArn));
        const known = new Set(found.map((r) => r.arn));
        return { reports: found.map((r) => reportWire(r, groups.get(r.reportGroupArn))), reportsNotFound: arns.filter((arn) => !known.has(arn)) };
      },
    },
    DescribeTestCases: {
      async handle(input) {
        const arn = input.reportArn as string;
        if (!await reports.getReport(arn)) throw new SluiceError('ResourceNotFoundException', `Report cannot be found: ${arn}`);
        const filter = (input.filter ?? {}) as Input;
        const page = await reports.testCases(arn, compact({
          status: filter.status as string | undefined, keyword: filter.keyword as string | undefined,
          maxResults: input.maxResults as number | undefined, nextToken: input.nextToken as string | undefined,
        }));
        return compact({
          testCases: page.items.map((c) => compact({
            reportArn: c.reportArn, testRawDataPath: c.testRawDataPath, prefix: c.prefix, name: c.name, status: c.status,
            durationInNanoSeconds: c.durationInNanoSeconds, message: c.message, testSuiteName: c.prefix,
          })),
          nextToken: page.nextToken,
        });
      },
    },
  };
}
