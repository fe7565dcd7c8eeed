/**
 * The `numeric` matcher: `[">", 0, "<=", 5]`, `["=", 3]`, `["<", 10]`. One bound, or a lower
 * bound (`>`/`>=`) followed by an upper bound (`<`/`<=`) with lower < upper; `=` stands alone.
 * Operands are JSON numbers within the documented range ±5.0e9; comparison is in IEEE doubles
 * (AWS documents 15 significant digits and 6 decimals [guess: acceptable deviation]).
 */
import { PatternIssue, type PatternPath } from './pattern-issue.ts';

/** The documented range of numeric matcher operands. */
export const NUMERIC_LIMIT = 5.0e9;

const OPERATORS = ['=', '<', '<=', '>', '>='] as const;
type Operator = (typeof OPERATORS)[number];

function bound(op: Operator, n: number): (v: number) => boolean {
  switch (op) {
    case '=': return (v) => v === n;
    case '<': return (v) => v < n;
    case '<=': return (v) => v <= n;
    case '>': return (v) => v > n;
    case '>=': return (v) => v >= n;
  }
}

function readPair(operand: readonly unknown[], at: number, path: PatternPath): { op: Operator; n: number } {
  const op = operand[at];
  const n = operand[at + 1];
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    throw new PatternIssue(`unrecognized numeric operator ${JSON.stringify(op)}; use one of = < <= > >=`, [...path, at]);
  }
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new PatternIssue(`"numeric" operator "${op}" must be followed by a number`, [...path, at + 1]);
  }
  if (Math.abs(n) > NUMERIC_LIMIT) {
    throw new PatternIssue(`${n} is outside the numeric range -5.0e9 to 5.0e9`, [...path, at + 1]);
  }
  return { op: op as Operator, n };
}

export function compileNumeric(operand: unknown, path: PatternPath): (value: number) => boolean {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw new PatternIssue('"numeric" takes [operator, number] or [lower operator, number, upper operator, number]', path);
  }
  const first = readPair(operand, 0, path);
  if (operand.length === 2) return bound(first.op, first.n);
  const second = readPair(operand, 2, path);
  if (first.op !== '>' && first.op !== '>=') {
    throw new PatternIssue(`a numeric range starts with a lower bound (> or >=), not "${first.op}"`, [...path, 0]);
  }
  if (second.op !== '<' && second.op !== '<=') {
    throw new PatternIssue(`a numeric range ends with an upper bound (< or <=), not "${second.op}"`, [...path, 2]);
  }
  if (!(first.n < second.n)) {
    throw new PatternIssue(`the numeric range's lower bound ${first.n} must be less than its upper bound ${second.n}`, path);
  }
  const lower = bound(first.op, first.n);
  const upper = bound(second.op, second.n);
  return (v) => lower(v) && upper(v);
}
