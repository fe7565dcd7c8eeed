/**
 * Report groups, reports and test cases on SQLite.
 *
 * Parameters: `createGroup` (group); `ensureGroup` (group); `getGroup` (arn); `listGroups`
 * ({ sortBy, sortOrder, maxResults, nextToken }); `deleteGroup` (arn, deleteReports);
 * `addReport` (report, now); `getReport` (arn); `listReports` ({ reportGroupArn, executionId,
 * status, sortOrder, maxResults, nextToken }); `testCases` (reportArn, { status, keyword,
 * maxResults, nextToken }).
 *
 * A report and its test cases are written in one transaction; its counts by status and its
 * duration (the sum of its cases') are computed then, so reads never aggregate test cases.
 */
import { SluiceError } from '../../model/errors.ts';
import type { JsonObject, ReportGroupRecord, ReportRecord, ReportStore, ReportType, TestCaseRecord, TestCaseStatus } from '../build-ports.ts';
import type { SqliteDb } from './database.ts';
import { decodeNumberToken, decodeStringToken, encodePageToken, type PageKind, pageSize, takePage } from './page-token.ts';

interface GroupRow { arn: string; name: string; type: ReportType; export_config: string; tags: string; created: number; last_modified: number }
interface ReportRow {
  seq: number; arn: string; report_group_arn: string; execution_id: string; name: string; type: ReportType; status: ReportRecord['status'];
  created: number; duration_ns: number; status_counts: string; total: number;
}
interface CaseRow { report_arn: string; seq: number; prefix: string; name: string; status: TestCaseStatus; duration_ns: number; message: string | null; raw_data_path: string }

const GROUP_SORT = { NAME: "''", CREATED_TIME: 'created', LAST_MODIFIED_TIME: 'last_modified' } as const;

function toGroup(row: GroupRow): ReportGroupRecord {
  return {
    arn: row.arn, name: row.name, type: row.type, exportConfig: JSON.parse(row.export_config) as JsonObject,
    tags: JSON.parse(row.tags) as ReportGroupRecord['tags'], created: row.created, lastModified: row.last_modified,
  };
}

function toReport(row: ReportRow): ReportRecord {
  return {
    arn: row.arn, reportGroupArn: row.report_group_arn, executionId: row.execution_id, name: row.name, type: row.type,
    status: row.status, created: row.created, durationInNanoSeconds: row.duration_ns,
    statusCounts: JSON.parse(row.status_counts) as Record<string, number>, total: row.total,
  };
}

function toCase(row: CaseRow): TestCaseRecord {
  return {
    reportArn: row.report_arn, prefix: row.prefix, name: row.name, status: row.status,
    durationInNanoSeconds: row.duration_ns, testRawDataPath: row.raw_data_path,
    ...(row.message !== null && { message: row.message }),
  };
}

/** Decodes a token of `kind`, reporting a bad one as CodeBuild does. */
function token<T>(decode: (kind: PageKind, token: string) => T, kind: PageKind, value: string): T {
  try {
    return decode(kind, value);
  } catch {
    throw new SluiceError('InvalidInputException', 'Invalid next token');
  }
}

export function makeReportStore(db: SqliteDb): ReportStore {
  const one = <T>(operation: string, body: () => T): T => db.autocommit(`reports.${operation}`, body);
  const insertGroup = (group: ReportGroupRecord): number => db.run(`INSERT INTO report_groups
    (arn, name, type, export_config, tags, created, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  group.arn, group.name, group.type, JSON.stringify(group.exportConfig), JSON.stringify(group.tags), group.created, group.lastModified);
  return {
    async createGroup(group) {
      return one('createGroup', () => insertGroup(group) > 0);
    },
    async ensureGroup(group) {
      return db.write('reports.ensureGroup', () => {
        insertGroup(group);
        const row = db.get<GroupRow>('SELECT * FROM report_groups WHERE name = ?', group.name);
        if (!row) throw new Error('reports.ensureGroup found no group');
        return toGroup(row);
      });
    },
    async getGroup(arn) {
      const row = one('getGroup', () => db.get<GroupRow>('SELECT * FROM report_groups WHERE arn = ?', arn));
      return row && toGroup(row);
    },
    async listGroups({ sortBy = 'NAME', sortOrder = 'ASCENDING', maxResults, nextToken }) {
      const limit = pageSize(maxResults);
      const key = GROUP_SORT[sortBy];
      const [cmp, dir] = sortOrder === 'ASCENDING' ? ['>', 'ASC'] : ['<', 'DESC'];
      const after = nextToken === undefined ? null : JSON.parse(token(decodeStringToken, 'reportGroups', nextToken)) as [unknown, unknown];
      if (after !== null && (!Array.isArray(after) || typeof after[1] !== 'string')) throw new SluiceError('InvalidInputException', 'Invalid next token');
      const rows = one('listGroups', () => db.all<GroupRow & { k: number | string }>(`SELECT *, ${key} AS k FROM report_groups
        WHERE ? IS NULL OR (${key}, name) ${cmp} (?, ?) ORDER BY ${key} ${dir}, name ${dir} LIMIT ?`,
      after?.[1] as string ?? null, after?.[0] as number ?? null, after?.[1] as string ?? null, limit + 1));
      const page = takePage(rows, limit);
      const last = page.rows.at(-1);
      const items = page.rows.map((row) => row.arn);
      return page.more && last ? { items, nextToken: encodePageToken('reportGroups', JSON.stringify([last.k, last.name])) } : { items };
    },
    async deleteGroup(arn, deleteReports) {
      return db.write('reports.deleteGroup', () => {
        if (!db.get('SELECT 1 FROM report_groups WHERE arn = ?', arn)) return 'notFound';
        const hasReports = db.get('SELECT 1 FROM reports WHERE report_group_arn = ? LIMIT 1', arn) !== undefined;
        if (hasReports && !deleteReports) return 'hasReports';
        db.run('DELETE FROM report_test_cases WHERE report_arn IN (SELECT arn FROM reports WHERE report_group_arn = ?)', arn);
        db.run('DELETE FROM reports WHERE report_group_arn = ?', arn);
        db.run('DELETE FROM report_groups WHERE arn = ?', arn);
        return 'deleted';
      });
    },
    async addReport(report, now) {
      const counts: Record<string, number> = {};
      let duration = 0;
      for (const c of report.testCases) {
        counts[c.status] = (counts[c.status] ?? 0) + 1;
        duration += c.durationInNanoSeconds;
      }
      return db.write('reports.addReport', () => {
        const row = db.get<ReportRow>(`INSERT INTO reports (arn, report_group_arn, execution_id, name, type, status, created,
          duration_ns, status_counts, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
        report.arn, report.reportGroupArn, report.executionId, report.name, report.type, report.status, now, duration,
        JSON.stringify(counts), report.testCases.length);
        report.testCases.forEach((c, i) => db.run(`INSERT INTO report_test_cases (report_arn, seq, prefix, name, status, duration_ns,
          message, raw_data_path) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        report.arn, i + 1, c.prefix, c.name, c.status, c.durationInNanoSeconds, c.message ?? null, c.testRawDataPath));
        db.run('UPDATE report_groups SET last_modified = ? WHERE arn = ?', now, report.reportGroupArn);
        if (!row) throw new Error('reports.addReport returned no row');
        return toReport(row);
      });
    },
    async getReport(arn) {
      const row = one('getReport', () => db.get<ReportRow>('SELECT * FROM reports WHERE arn = ?', arn));
      return row && toReport(row);
    },
    async listReports({ reportGroupArn, executionId, status, sortOrder = 'DESCENDING', maxResults, nextToken }) {
      const limit = pageSize(maxResults);
      const ascending = sortOrder === 'ASCENDING';
      const after = nextToken === undefined ? (ascending ? 0 : Number.MAX_SAFE_INTEGER) : token(decodeNumberToken, 'reports', nextToken);
      const rows = one('listReports', () => db.all<{ seq: number; arn: string }>(`SELECT seq, arn FROM reports
        WHERE (? IS NULL OR report_group_arn = ?) AND (? IS NULL OR execution_id = ?) AND (? IS NULL OR status = ?)
          AND (CASE WHEN ? THEN seq > ? ELSE seq < ? END)
        ORDER BY CASE WHEN ? THEN seq ELSE -seq END LIMIT ?`,
      reportGroupArn ?? null, reportGroupArn ?? null, executionId ?? null, executionId ?? null, status ?? null, status ?? null,
      ascending ? 1 : 0, after, after, ascending ? 1 : 0, limit + 1));
      const page = takePage(rows, limit);
      const last = page.rows.at(-1);
      const items = page.rows.map((row) => row.arn);
      return page.more && last ? { items, nextToken: encodePageToken('reports', last.seq) } : { items };
    },
    async testCases(reportArn, { status, keyword, maxResults, nextToken }) {
      const limit = pageSize(maxResults);
      const after = nextToken === undefined ? 0 : token(decodeNumberToken, 'testCases', nextToken);
      const rows = one('testCases', () => db.all<CaseRow>(`SELECT * FROM report_test_cases
        WHERE report_arn = ? AND seq > ? AND (? IS NULL OR status = ?)
          AND (? IS NULL OR instr(name, ?) > 0 OR instr(prefix, ?) > 0)
        ORDER BY seq LIMIT ?`, reportArn, after, status ?? null, status ?? null, keyword ?? null, keyword ?? null, keyword ?? null, limit + 1));
      const page = takePage(rows, limit);
      const last = page.rows.at(-1);
      const items = page.rows.map(toCase);
      return page.more && last ? { items, nextToken: encodePageToken('testCases', last.seq) } : { items };
    },
  };
}
