/**
 * Applications and their revisions (CreateApplication, UpdateApplication, DeleteApplication,
 * RegisterApplicationRevision, ...), with CodeDeploy's errors and limits.
 */
import type { Tag } from '../../engine/state.ts';
import { SluiceError } from '../../model/errors.ts';
import type { RevisionLocation } from '../../model/deploy/deployment.ts';
import type { ApplicationRecord, RevisionRecord } from '../../store/deploy-ports.ts';
import { revisionKeyOf } from './bundles.ts';
import { noApplication, type DeployDeps } from './context.ts';

/** Most tags on one resource, as on AWS. */
export const MAX_TAGS = 50;

export function checkTags(tags: readonly Tag[]): void {
  if (tags.length > MAX_TAGS) throw new SluiceError('TagLimitExceededException', `A resource can have at most ${MAX_TAGS} tags; ${tags.length} were given.`);
}

/** Adds or replaces tags by key. */
export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(current.map((t) => [t.key, t.value]));
  for (const t of added) byKey.set(t.key, t.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

export async function createApplication(deps: DeployDeps, input: { applicationName: string; computePlatform?: string; tags?: Tag[] }): Promise<ApplicationRecord> {
  const tags = input.tags ?? [];
  checkTags(tags);
  const record = { applicationName: input.applicationName, applicationId: deps.uuid(), computePlatform: input.computePlatform ?? 'Server', createTime: deps.now(), tags };
  if (!await deps.stores.applications.create(record)) {
    throw new SluiceError('ApplicationAlreadyExistsException', `${input.applicationName} already exists in your account`);
  }
  return record;
}

export async function getApplication(deps: DeployDeps, name: string): Promise<ApplicationRecord> {
  return await deps.stores.applications.get(name) ?? (() => { throw noApplication(name); })();
}

export async function renameApplication(deps: DeployDeps, name: string, newName: string): Promise<void> {
  const result = await deps.stores.applications.rename(name, newName);
  if (result === 'missing') throw noApplication(name);
  if (result === 'exists') throw new SluiceError('ApplicationAlreadyExistsException', `${newName} already exists in your account`);
}

/** Records a revision for the application (RegisterApplicationRevision, and every deployment of it). */
export async function registerRevision(deps: DeployDeps, applicationName: string, revision: RevisionLocation, use?: { groupName: string; description?: string }): Promise<void> {
  const now = deps.now();
  const record: RevisionRecord = {
    applicationName, revisionKey: revisionKeyOf(revision.s3Location), revision, registerTime: now, deploymentGroups: use ? [use.groupName] : [],
    ...(use && { firstUsedTime: now, lastUsedTime: now }),
    ...(use?.description !== undefined && { description: use.description }),
  };
  await deps.stores.applications.putRevision(record);
}

export async function getRevision(deps: DeployDeps, applicationName: string, revision: RevisionLocation): Promise<RevisionRecord> {
  await getApplication(deps, applicationName);
  const found = await deps.stores.applications.getRevision(applicationName, revisionKeyOf(revision.s3Location));
  if (!found) throw new SluiceError('RevisionDoesNotExistException', `No application revision found for revision s3://${revision.s3Location.bucket}/${revision.s3Location.key}`);
  return found;
}
