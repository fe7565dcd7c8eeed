/**
 * On-premises instances: registration with the IAM user (or session) whose credentials the
 * host's agent signs with, deregistration, tags and the tag-filtered listing.
 */
import type { Tag } from '../../engine/state.ts';
import { SluiceError } from '../../model/errors.ts';
import { instanceArn } from '../../model/deploy/notices.ts';
import { matchesFilter, type TagFilter } from '../../model/deploy/tag-filters.ts';
import type { RegistrationStatus } from '../../model/deploy/vocabulary.ts';
import type { OnPremisesInstanceRecord } from '../../store/deploy-ports.ts';
import { mergeTags } from './applications.ts';
import { noInstance, type DeployDeps } from './context.ts';

/** Most tags on one on-premises instance [guess: AWS's documented limit for instance tags]. */
export const MAX_INSTANCE_TAGS = 10;

const IAM_USER_ARN = /^arn:aws:iam::\d{12}:user\/.+$/;
const IAM_SESSION_ARN = /^arn:aws:sts::\d{12}:assumed-role\/.+$/;

export async function registerInstance(deps: DeployDeps, region: string, input: { instanceName: string; iamUserArn?: string; iamSessionArn?: string }): Promise<void> {
  if (input.iamUserArn !== undefined && input.iamSessionArn !== undefined) {
    throw new SluiceError('MultipleIamArnsProvidedException', 'Both an IAM user ARN and an IAM session ARN were given; register with one of them.');
  }
  if (input.iamUserArn === undefined && input.iamSessionArn === undefined) throw new SluiceError('IamArnRequiredException', 'An IAM user ARN or an IAM session ARN is required.');
  if (input.iamUserArn !== undefined && !IAM_USER_ARN.test(input.iamUserArn)) throw new SluiceError('InvalidIamUserArnException', `The IAM user ARN ${input.iamUserArn} is not valid.`);
  if (input.iamSessionArn !== undefined && !IAM_SESSION_ARN.test(input.iamSessionArn)) throw new SluiceError('InvalidIamSessionArnException', `The IAM session ARN ${input.iamSessionArn} is not valid.`);
  const record: OnPremisesInstanceRecord = {
    instanceName: input.instanceName, instanceArn: instanceArn(region, deps.accountId, input.instanceName), registerTime: deps.now(), tags: [],
    ...(input.iamUserArn !== undefined && { iamUserArn: input.iamUserArn }), ...(input.iamSessionArn !== undefined && { iamSessionArn: input.iamSessionArn }),
  };
  const result = await deps.stores.instances.register(record);
  if (result === 'nameTaken') throw new SluiceError('InstanceNameAlreadyRegisteredException', `The on-premises instance name ${input.instanceName} is already registered.`);
  if (result === 'arnTaken') {
    if (input.iamUserArn !== undefined) throw new SluiceError('IamUserArnAlreadyRegisteredException', `The IAM user ARN ${input.iamUserArn} is already registered with another on-premises instance.`);
    throw new SluiceError('IamSessionArnAlreadyRegisteredException', `The IAM session ARN ${input.iamSessionArn ?? ''} is already registered with another on-premises instance.`);
  }
}

export async function getInstance(deps: DeployDeps, name: string): Promise<OnPremisesInstanceRecord> {
  return await deps.stores.instances.get(name) ?? (() => { throw noInstance(name); })();
}

export async function changeInstanceTags(deps: DeployDeps, names: readonly string[], change: { add?: Tag[]; remove?: Tag[] }): Promise<void> {
  if (names.length === 0) throw new SluiceError('InstanceNameRequiredException', 'At least one on-premises instance name is required.');
  if ((change.add ?? change.remove ?? []).length === 0) throw new SluiceError('TagRequiredException', 'At least one tag is required.');
  const found = await deps.stores.instances.batchGet(names);
  const missing = names.find((n) => !found.some((f) => f.instanceName === n));
  if (missing !== undefined) throw noInstance(missing);
  if (change.add && found.some((i) => mergeTags(i.tags, change.add ?? []).length > MAX_INSTANCE_TAGS)) {
    throw new SluiceError('TagLimitExceededException', `An on-premises instance can have at most ${MAX_INSTANCE_TAGS} tags.`);
  }
  await deps.stores.instances.changeTags(names, change);
}

export async function listInstances(deps: DeployDeps, status: RegistrationStatus | undefined, filters: readonly TagFilter[]): Promise<string[]> {
  const all = await deps.stores.instances.list(status);
  return all.filter((i) => filters.length === 0 || filters.some((f) => matchesFilter(i.tags, f))).map((i) => i.instanceName);
}
