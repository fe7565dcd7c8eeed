/**
 * `FullRepositoryId`s as source actions name them (`owner/name`, or GitLab's
 * `group/subgroup/name`): checked before they become a path under the mirrors or part of a URL.
 */
import { SluiceError } from '../../model/errors.ts';

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const MAX_LENGTH = 512;

/** The id's segments; ValidationException for anything that is no repository path. */
export function repositorySegments(fullRepositoryId: string): string[] {
  const segments = fullRepositoryId.replace(/\.git$/, '').split('/');
  const valid = fullRepositoryId.length <= MAX_LENGTH && segments.length >= 2
    && segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
  if (!valid) {
    throw new SluiceError('ValidationException', `FullRepositoryId '${fullRepositoryId.slice(0, 100)}' must be owner/name (letters, digits, '.', '_', '-'), at most ${MAX_LENGTH} characters`);
  }
  return segments;
}

/** The repository's clone URL under a connection's base URL: `<base>/<owner>/<name>.git`. */
export function repositoryUrl(baseUrl: string, fullRepositoryId: string): string {
  return `${baseUrl}/${repositorySegments(fullRepositoryId).join('/')}.git`;
}
