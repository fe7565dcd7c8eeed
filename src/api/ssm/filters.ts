/**
 * ParameterFilters and the older Filters of DescribeParameters and GetParametersByPath, compiled
 * into a store scope (Name BeginsWith, Path) and a predicate for the rest (Name Equals, Type,
 * KeyId, Tier, DataType), with SSM's error types for keys and options a call does not take.
 */
import { SluiceError } from '../../model/errors.ts';
import { checkParameterPath } from '../../services/parameter-names.ts';
import type { ParameterPredicate } from '../../services/parameters.ts';
import type { ParameterRecord, ParameterScope } from '../../store/secret-ports.ts';

export interface ParameterStringFilter { Key: string; Option?: string; Values?: string[] }
export interface ParametersFilter { Key: string; Values: string[] }

const FIELD: Record<string, (p: ParameterRecord) => string | undefined> = {
  Type: (p) => p.type, KeyId: (p) => p.keyId, Tier: (p) => p.tier, DataType: (p) => p.dataType, Name: (p) => p.name,
};

export interface CompiledFilters { scope: ParameterScope; keep: ParameterPredicate }

function invalid(code: 'InvalidFilterKey' | 'InvalidFilterOption' | 'InvalidFilterValue', message: string): SluiceError {
  return new SluiceError(code, message);
}

/** `allowedKeys`: the keys this operation takes (GetParametersByPath takes no Name or Path). */
export function compileFilters(filters: readonly ParameterStringFilter[], allowedKeys: readonly string[], base: ParameterScope = {}): CompiledFilters {
  let scope: ParameterScope = base;
  const tests: ParameterPredicate[] = [];
  for (const filter of filters) {
    if (!allowedKeys.includes(filter.Key)) throw invalid('InvalidFilterKey', `The following filter key is not valid: ${filter.Key}. Valid filter keys include: [${allowedKeys.join(', ')}].`);
    const values = filter.Values ?? [];
    const option = filter.Option ?? (filter.Key === 'Path' ? 'OneLevel' : 'Equals');
    if (filter.Key === 'Path') {
      if (option !== 'OneLevel' && option !== 'Recursive') throw invalid('InvalidFilterOption', `The filter option ${option} is not valid for key Path. Valid options include: [Recursive, OneLevel].`);
      const [path] = values;
      if (values.length !== 1 || path === undefined) throw invalid('InvalidFilterValue', 'The Path filter takes exactly one value.');
      const checked = checkParameterPath(path);
      scope = { beginsWith: checked === '/' ? '/' : `${checked}/`, oneLevel: option === 'OneLevel' };
      continue;
    }
    if (values.length === 0) throw invalid('InvalidFilterValue', `The filter ${filter.Key} needs at least one value.`);
    if (filter.Key === 'Name' && option === 'BeginsWith') {
      tests.push((p) => values.some((v) => p.name.startsWith(v)));
      continue;
    }
    if (option !== 'Equals') throw invalid('InvalidFilterOption', `The filter option ${option} is not valid for key ${filter.Key}. Valid options include: [Equals${filter.Key === 'Name' ? ', BeginsWith' : ''}].`);
    const field = FIELD[filter.Key];
    if (!field) throw invalid('InvalidFilterKey', `Sluice does not filter parameters by ${filter.Key}.`);
    tests.push((p) => values.includes(field(p) ?? ''));
  }
  return { scope, keep: (p) => tests.every((t) => t(p)) };
}

/** The older Filters (Name, Type, KeyId): values are alternatives; Name matches a name's beginning [guess]. */
export function fromLegacyFilters(filters: readonly ParametersFilter[]): ParameterStringFilter[] {
  return filters.map((f) => ({ Key: f.Key, Option: f.Key === 'Name' ? 'BeginsWith' : 'Equals', Values: f.Values }));
}
