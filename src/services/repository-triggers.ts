/**
 * Validates PutRepositoryTriggers' list as CodeCommit does, with its exception per member. The
 * triggers are stored and returned; delivering them (SNS topics, Lambda functions) is not done:
 * Sluice has no such targets, and pipelines start from the ref events instead.
 */
import { SluiceError } from '../model/errors.ts';
import type { RepositoryTriggerEvent, RepositoryTriggerRecord } from '../store/repository-ports.ts';
import { checkBranchName, shown } from './repository-names.ts';

/** Triggers per repository, branches per trigger, custom data length (AWS). */
export const TRIGGER_LIMITS = { triggers: 10, branches: 10, customData: 1000, name: 100 } as const;
const EVENTS: readonly string[] = ['all', 'updateReference', 'createReference', 'deleteReference'];
/** AWS accepts SNS topics and Lambda functions as destinations. */
const DESTINATION = /^arn:aws:(sns|lambda):([a-z0-9-]+):\d{12}:.+$/;

interface TriggerInput { name?: unknown; destinationArn?: unknown; customData?: unknown; branches?: unknown; events?: unknown }

const fail = (code: ConstructorParameters<typeof SluiceError>[0], message: string): never => {
  throw new SluiceError(code, message);
};

export async function checkTriggers(triggers: unknown, region: string): Promise<RepositoryTriggerRecord[]> {
  if (!Array.isArray(triggers)) return fail('RepositoryTriggersListRequiredException', 'The list of triggers for the repository is required, but was not specified.');
  if (triggers.length > TRIGGER_LIMITS.triggers) return fail('MaximumRepositoryTriggersExceededException', `The number of triggers allowed for the repository (${TRIGGER_LIMITS.triggers}) was exceeded.`);
  const names = new Set<string>();
  const checked: RepositoryTriggerRecord[] = [];
  for (const raw of triggers as TriggerInput[]) {
    const trigger = await checkTrigger(raw, region);
    if (names.has(trigger.name)) fail('InvalidRepositoryTriggerNameException', `The trigger name ${trigger.name} is used by more than one trigger.`);
    names.add(trigger.name);
    checked.push(trigger);
  }
  return checked;
}

async function checkTrigger(raw: TriggerInput, region: string): Promise<RepositoryTriggerRecord> {
  const { name, destinationArn, customData, branches = [], events } = raw;
  if (name === undefined || name === null || name === '') fail('RepositoryTriggerNameRequiredException', 'A name for the trigger is required, but was not specified.');
  if (typeof name !== 'string' || name.length > TRIGGER_LIMITS.name) return fail('InvalidRepositoryTriggerNameException', `The name of the trigger is not valid: at most ${TRIGGER_LIMITS.name} characters.`);
  if (destinationArn === undefined || destinationArn === null || destinationArn === '') fail('RepositoryTriggerDestinationArnRequiredException', 'A destination ARN for the target service for the trigger is required, but was not specified.');
  const destination = typeof destinationArn === 'string' ? DESTINATION.exec(destinationArn) : null;
  if (!destination) return fail('InvalidRepositoryTriggerDestinationArnException', 'The Amazon Resource Name (ARN) for the trigger is not valid for the specified destination. The most common reason for this error is that the ARN does not meet the requirements for the service type.');
  if (destination[2] !== region) fail('InvalidRepositoryTriggerRegionException', `The region for the trigger target does not match the region for the repository (${region}).`);
  if (customData !== undefined && (typeof customData !== 'string' || customData.length > TRIGGER_LIMITS.customData)) {
    fail('InvalidRepositoryTriggerCustomDataException', `The custom data provided for the trigger is not valid: at most ${TRIGGER_LIMITS.customData} characters.`);
  }
  if (!Array.isArray(branches)) return fail('RepositoryTriggerBranchNameListRequiredException', 'At least one branch name is required, but was not specified in the trigger configuration.');
  if (branches.length > TRIGGER_LIMITS.branches) fail('MaximumBranchesExceededException', `The number of branches for the trigger was exceeded (at most ${TRIGGER_LIMITS.branches}).`);
  for (const branch of branches as unknown[]) {
    await checkBranchName(branch).catch(() => fail('InvalidRepositoryTriggerBranchNameException', `One or more branch names specified for the trigger is not valid: ${shown(branch)}`));
  }
  if (!Array.isArray(events) || events.length === 0) return fail('RepositoryTriggerEventsListRequiredException', 'At least one event for the trigger is required, but was not specified.');
  if (events.some((e) => typeof e !== 'string' || !EVENTS.includes(e)) || (events.includes('all') && events.length > 1)) {
    fail('InvalidRepositoryTriggerEventsException', `One or more events specified for the trigger is not valid: use all, or any of createReference, updateReference and deleteReference.`);
  }
  return {
    name, destinationArn: destinationArn as string, ...(customData !== undefined && { customData: customData as string }),
    branches: branches as string[], events: events as RepositoryTriggerEvent[],
  };
}
