/**
 * Table runner for pipeline validation: each row names an input and the exact set of errors it
 * must produce (order-insensitive). Any extra error fails the row, so follow-on noise is caught.
 * Warnings are compared only when a row lists some.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeActionTypeCatalog, type ActionTypeCatalog } from '../../src/model/action-types.ts';
import type { ErrorCode } from '../../src/model/errors.ts';
import { validatePipeline, type ValidatePipelineOptions } from '../../src/model/validate-pipeline.ts';
import type { ValidationIssue } from '../../src/model/validation-issue.ts';

export interface Want {
  code: ErrorCode;
  /** Exact issue path, when the row cares. */
  path?: string;
  messageIncludes: string;
  /** @default 'error' */
  severity?: 'error' | 'warning';
}

export interface Row {
  name: string;
  input: unknown;
  want: Want[];
  options?: ValidatePipelineOptions;
  catalog?: ActionTypeCatalog;
}

const defaultCatalog = makeActionTypeCatalog();

function matches(issue: ValidationIssue, want: Want): boolean {
  return issue.severity === (want.severity ?? 'error') && issue.code === want.code
    && (want.path === undefined || issue.path === want.path) && issue.message.includes(want.messageIncludes);
}

/** Asserts that `issues` (errors, plus warnings when wanted) pair up one-to-one with `wants`. */
export function assertIssues(issues: ValidationIssue[], wants: Want[]): void {
  const compareWarnings = wants.some((w) => w.severity === 'warning');
  const left = issues.filter((i) => i.severity === 'error' || compareWarnings);
  const dump = JSON.stringify(issues, null, 2);
  for (const want of wants) {
    const index = left.findIndex((issue) => matches(issue, want));
    assert.ok(index >= 0, `no issue matches ${JSON.stringify(want)}; got ${dump}`);
    left.splice(index, 1);
  }
  assert.deepEqual(left, [], `unexpected issues; got ${dump}`);
}

export function describeTable(title: string, rows: Row[]): void {
  describe(title, () => {
    for (const row of rows) {
      it(row.name, () => {
        const result = validatePipeline(row.input, row.catalog ?? defaultCatalog, row.options);
        assertIssues(result.issues, row.want);
        const hasErrors = result.issues.some((i) => i.severity === 'error');
        assert.equal(result.pipeline === undefined, hasErrors, 'a declaration is returned exactly when valid');
      });
    }
  });
}
