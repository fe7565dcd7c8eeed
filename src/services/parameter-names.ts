/**
 * SSM parameter names, selectors and ARNs, with AWS's rules and wording: letters, digits and
 * `.-_`; a hierarchy divides them with `/` and starts with one; at most 15 levels; no `aws` or
 * `ssm` prefix (any case); at most 1011 characters. `name:version` selects a version, and a
 * parameter ARN may stand for its name.
 */
import { SluiceError } from '../model/errors.ts';

export const MAX_NAME_LENGTH = 1011;
export const MAX_LEVELS = 15;

const NAME_RULES = 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). If formed as a path, it can consist of ' +
  'sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

/** Throws ValidationException or HierarchyLevelLimitExceededException unless `name` is a valid parameter name. */
export function checkParameterName(name: string): void {
  if (name.length > MAX_NAME_LENGTH) {
    throw new SluiceError('ValidationException', `Parameter name: ${name.slice(0, 40)}… is longer than ${MAX_NAME_LENGTH} characters`);
  }
  const hierarchical = name.includes('/');
  const segments = hierarchical ? name.slice(1).split('/') : [name];
  if (!/^[A-Za-z0-9_.\-/]+$/.test(name) || /^\/?(aws|ssm)/i.test(name) || (hierarchical && !name.startsWith('/'))
    || segments.some((s) => s === '')) {
    throw new SluiceError('ValidationException', NAME_RULES);
  }
  if (segments.length > MAX_LEVELS) {
    throw new SluiceError('HierarchyLevelLimitExceededException', `A hierarchy can have a maximum of ${MAX_LEVELS} levels. Parameter name: ${name}`);
  }
}

/** Checks a GetParametersByPath path and returns it without a trailing slash (`/` stays `/`). */
export function checkParameterPath(path: string): string {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed === '/') return trimmed;
  if (!trimmed.startsWith('/')) throw new SluiceError('ValidationException', 'The parameter path must begin with a forward slash (/).');
  checkParameterName(trimmed);
  return trimmed;
}

/** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter/${name.startsWith('/') ? name.slice(1) : name}`;
}

export interface ParameterSelector { name: string; version?: number; label?: string; selector?: string }

/** Splits `name[:version|:label]`, where name may be a parameter ARN. */
export function parseParameterReference(reference: string): ParameterSelector {
  let rest = reference;
  if (reference.startsWith('arn:')) {
    const parts = reference.split(':');
    const resource = parts.slice(5).join(':');
    if (parts[2] !== 'ssm' || !resource.startsWith('parameter/')) throw new SluiceError('ValidationException', `Invalid parameter ARN: ${reference}`);
    const path = resource.slice('parameter/'.length);
    rest = path.split(':')[0]?.includes('/') ? `/${path}` : path;
  }
  const colon = rest.indexOf(':');
  if (colon < 0) return { name: rest };
  const name = rest.slice(0, colon);
  const selector = rest.slice(colon + 1);
  if (/^\d+$/.test(selector)) return { name, version: Number(selector), selector: `:${selector}` };
  return { name, label: selector, selector: `:${selector}` };
}
