/**
 * CodeCommit's rules for the names a call carries, with its own exception types: repository
 * names, branch names, file and folder paths, and repository ARNs.
 */
import { SluiceError } from '../model/errors.ts';
import { isValidBranchName } from '../git/refs.ts';

/** Letters, digits, `_`, `.` and `-`; 1–100 characters (AWS). */
const REPOSITORY_NAME = /^[\w.-]{1,100}$/;
const BRANCH_NAME_MAX = 256;

/** A caller's value inside an error message (the model let a non-string through only where the type allows it). */
export function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
}

export function repositoryArn(region: string, accountId: string, name: string): string {
  return `arn:aws:codecommit:${region}:${accountId}:${name}`;
}

/** The repository name in a CodeCommit ARN of this region and account, or undefined. */
export function repositoryNameOfArn(arn: string, region: string, accountId: string): string | undefined {
  const prefix = `arn:aws:codecommit:${region}:${accountId}:`;
  return arn.startsWith(prefix) ? arn.slice(prefix.length) : undefined;
}

export function checkRepositoryName(name: unknown): string {
  if (name === undefined || name === null || name === '') throw new SluiceError('RepositoryNameRequiredException', 'A repository name is required, but was not specified.');
  if (typeof name !== 'string' || !REPOSITORY_NAME.test(name) || name.toLowerCase().endsWith('.git')) {
    throw new SluiceError('InvalidRepositoryNameException', 'The repository name is not valid. Repository names can be any valid combination of letters, numbers, periods, underscores, and dashes between 1 and 100 characters in length, and cannot end in .git. Names are case sensitive.');
  }
  return name;
}

export async function checkBranchName(name: unknown): Promise<string> {
  if (name === undefined || name === null || name === '') throw new SluiceError('BranchNameRequiredException', 'A branch name is required, but was not specified.');
  if (typeof name !== 'string' || [...name].length > BRANCH_NAME_MAX || !await isValidBranchName(name)) {
    throw new SluiceError('InvalidBranchNameException', `The specified reference name is not valid: ${shown(name).slice(0, BRANCH_NAME_MAX)}`);
  }
  return name;
}

/**
 * A path as git names it: no leading or trailing `/`, no empty, `.` or `..` segment. `''` is the
 * repository root (GetFolder takes `/` or `''` for it).
 */
export function normalizePath(path: string): string | undefined {
  const trimmed = path.replace(/^\/+/, '').replace(/\/+$/, '');
  if (trimmed === '') return '';
  const segments = trimmed.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s === '.git' || s.includes('\0'))) return undefined;
  return segments.join('/');
}

/** A file path for PutFile and GetFile: required, and not the root. */
export function checkFilePath(path: unknown): string {
  if (path === undefined || path === null || path === '') throw new SluiceError('PathRequiredException', 'The filePath for a location cannot be empty.');
  const normalized = typeof path === 'string' ? normalizePath(path) : undefined;
  if (normalized === undefined || normalized === '') throw new SluiceError('InvalidPathException', `The specified path is not valid: ${shown(path)}`);
  return normalized;
}
