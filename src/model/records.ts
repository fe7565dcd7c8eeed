/**
 * Records keyed by names users choose (stages, actions, artifacts, namespaces). AWS allows names
 * such as `constructor` or `__proto__`, so reads must see own properties only and writes must
 * define a property rather than run the `__proto__` setter.
 */

export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
