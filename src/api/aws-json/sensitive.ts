/**
 * Hides the members an AWS API model marks `sensitive` (secret values, parameter values, session
 * tokens) before a request's input is kept for the audit trail: each becomes
 * `HIDDEN_DUE_TO_SECURITY_REASONS`, as CloudTrail writes it. Works on unvalidated input: a value
 * of an unexpected type under a sensitive member is hidden all the same.
 */
import type { ServiceModel } from './shape-validator.ts';

export const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';

function mask(model: ServiceModel, shapeName: string | undefined, value: unknown, depth: number): unknown {
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (!shape || value === null || value === undefined || depth > 64) return value;
  if (shape.sensitive === true) return HIDDEN;
  if (shape.type === 'list' && Array.isArray(value)) return value.map((item) => mask(model, shape.member?.shape, item, depth + 1));
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (shape.type === 'map') return Object.fromEntries(entries.map(([k, v]) => [k, mask(model, shape.value?.shape, v, depth + 1)]));
  if (shape.type !== 'structure') return value;
  return Object.fromEntries(entries.map(([k, v]) => [k, Object.hasOwn(shape.members ?? {}, k) ? mask(model, shape.members?.[k]?.shape, v, depth + 1) : v]));
}

/** `input` with every sensitive member of the operation's input shape hidden. */
export function maskSensitive(model: ServiceModel, operation: string, input: Record<string, unknown>): Record<string, unknown> {
  return mask(model, model.operations[operation]?.input?.shape, input, 0) as Record<string, unknown>;
}
