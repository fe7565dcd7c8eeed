/**
 * A problem found while validating user input. Validators collect every issue instead of stopping
 * at the first; only issues of severity 'error' block the request.
 */
import { SluiceError, type ErrorCode } from './errors.ts';

export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** The AWS exception type this issue maps to, e.g. `InvalidStructureException`. */
  code: ErrorCode;
  /** Where the problem is, in AWS's member-path style: `pipeline.stages.1.member.actions.0.member.name`. */
  path: string;
  message: string;
}

/**
 * Throws one SluiceError for all error issues, AWS style: the code of the first error, and a message
 * that lists every error (`2 validation errors detected: …; …`).
 */
export function throwIfErrors(issues: readonly ValidationIssue[]): void {
  const errors = issues.filter((i) => i.severity === 'error');
  const first = errors[0];
  if (!first) return;
  if (errors.length === 1) throw new SluiceError(first.code, first.message);
  const noun = `${errors.length} validation errors detected`;
  throw new SluiceError(first.code, `${noun}: ${errors.map((e) => e.message).join('; ')}`);
}
