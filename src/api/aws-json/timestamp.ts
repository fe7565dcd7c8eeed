/**
 * Timestamp inputs of the AWS JSON protocols. SDKs send epoch seconds as a JSON number; an
 * ISO 8601 string (what people type into raw JSON) is accepted too. Anything else is not a time.
 */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Epoch milliseconds of a timestamp input, or NaN when it is not one. */
export function timestampMs(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : Number.NaN;
  if (typeof value === 'string' && ISO_8601.test(value)) return Date.parse(value);
  return Number.NaN;
}
