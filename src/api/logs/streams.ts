/**
 * Build logs as CloudWatch Logs names them: each project is the log group
 * `/aws/codebuild/<project>`, each build a log stream named by the uuid of its id
 * (`<project>:<uuid>`). Resolves groups and streams to projects and builds, with CloudWatch's
 * errors when they do not exist.
 */
import { SluiceError } from '../../model/errors.ts';
import type { BuildRecord } from '../../store/build-ports.ts';
import type { Store } from '../../store/ports.ts';

export const GROUP_PREFIX = '/aws/codebuild/';

/** The project of a log group name (or ARN), or undefined when the group is not a build log group. */
export function projectOfGroup(group: string): string | undefined {
  const name = group.startsWith('arn:') ? (/:log-group:([^:]+)/.exec(group)?.[1] ?? '') : group;
  return name.startsWith(GROUP_PREFIX) && name.length > GROUP_PREFIX.length ? name.slice(GROUP_PREFIX.length) : undefined;
}

export function groupNotFound(): SluiceError {
  return new SluiceError('ResourceNotFoundException', 'The specified log group does not exist.');
}

/** The log group named by `logGroupName` or `logGroupIdentifier`, which must be given. */
export function groupOf(input: Record<string, unknown>): string {
  const group = (input.logGroupName ?? input.logGroupIdentifier) as string | undefined;
  if (group === undefined) throw new SluiceError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be given.');
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw new SluiceError('InvalidParameterException', 'LogGroupName and LogGroupIdentifier are mutually exclusive; give one.');
  }
  return group;
}

/** Every build of the group's project, oldest first; ResourceNotFoundException when the group does not exist. */
export async function buildsOfGroup(store: Store, group: string): Promise<{ project: string; builds: BuildRecord[] }> {
  const project = projectOfGroup(group);
  if (project === undefined) throw groupNotFound();
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.builds.list({ projectName: project, sortOrder: 'ASCENDING', maxResults: 1000, ...(nextToken !== undefined && { nextToken }) });
    ids.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  if (ids.length === 0 && !await store.buildProjects.get(project)) throw groupNotFound();
  return { project, builds: await store.builds.batchGet(ids) };
}

/** The build a stream of the group is; ResourceNotFoundException naming what is missing. */
export async function buildOfStream(store: Store, group: string, stream: string): Promise<BuildRecord> {
  const project = projectOfGroup(group);
  if (project === undefined) throw groupNotFound();
  const build = await store.builds.get(`${project}:${stream}`);
  if (build) return build;
  if (!await store.buildProjects.get(project)) throw groupNotFound();
  throw new SluiceError('ResourceNotFoundException', 'The specified log stream does not exist.');
}

export function streamNameOf(build: BuildRecord): string {
  return build.id.slice(build.id.lastIndexOf(':') + 1);
}
