/**
 * Makes sure this host is a registered on-premises instance before the agent polls: who the
 * agent's credentials belong to, then (through the CodeDeploy API) GetOnPremisesInstance,
 * RegisterOnPremisesInstance when it is not registered yet, and AddTagsToOnPremisesInstances.
 *
 * The IAM user ARN comes from the config's `iam_user_arn` when given; otherwise from
 * `sts:GetCallerIdentity`, and when the server does not serve STS (Sluice does not) from
 * `iam:GetUser` without a user name, which answers the caller ([guess]: the agent's user then
 * needs `iam:GetUser` on itself, or the config names the ARN).
 */
import type { SignedHttp } from './signed-http.ts';
import { AgentCallError } from './signed-http.ts';

const CODEDEPLOY_TARGET = 'CodeDeploy_20141006';

export interface Registration {
  instanceName: string;
  iamUserArn?: string;
  region: string;
  tags: Record<string, string>;
}

export interface RegisteredInstance { instanceArn: string; iamUserArn: string; registeredNow: boolean }

export async function resolveIamUserArn(http: SignedHttp, configured: string | undefined): Promise<string> {
  if (configured !== undefined) return configured;
  const arnIn = (xml: string): string | undefined => /<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1];
  try {
    const arn = arnIn(await http.query('sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' }));
    if (arn) return arn;
  } catch (e) {
    if (e instanceof AgentCallError && e.transient && e.status === 0) throw e;
  }
  const arn = arnIn(await http.query('iam', { Action: 'GetUser', Version: '2010-05-08' }));
  if (!arn) throw new AgentCallError('InvalidIdentity', 'iam:GetUser answered without the user ARN; set iam_user_arn in the agent config', 200);
  return arn;
}

interface InstanceInfo { instanceArn?: string; iamUserArn?: string; deregisterTime?: number }

export async function ensureRegistered(http: SignedHttp, registration: Registration): Promise<RegisteredInstance> {
  const call = <T>(operation: string, input: object): Promise<T> => http.json<T>('codedeploy', `${CODEDEPLOY_TARGET}.${operation}`, input);
  const iamUserArn = await resolveIamUserArn(http, registration.iamUserArn);
  const { instanceName } = registration;
  let info = await call<{ instanceInfo?: InstanceInfo }>('GetOnPremisesInstance', { instanceName }).then((out) => out.instanceInfo, (e: unknown) => {
    if (e instanceof AgentCallError && e.type === 'InstanceNotRegisteredException') return undefined;
    throw e;
  });
  if (info?.deregisterTime !== undefined) {
    throw new AgentCallError('InstanceNotRegisteredException', `The instance ${instanceName} was deregistered; give this agent a new instance_name`, 400);
  }
  const registeredNow = info === undefined;
  if (!info) {
    await call('RegisterOnPremisesInstance', { instanceName, iamUserArn });
    info = (await call<{ instanceInfo?: InstanceInfo }>('GetOnPremisesInstance', { instanceName })).instanceInfo;
  }
  const tags = Object.entries(registration.tags).map(([Key, Value]) => ({ Key, Value }));
  if (tags.length > 0) await call('AddTagsToOnPremisesInstances', { tags, instanceNames: [instanceName] });
  const account = /^arn:aws:iam::(\d{12}):/.exec(iamUserArn)?.[1] ?? '000000000000';
  const instanceArn = info?.instanceArn ?? `arn:aws:codedeploy:${registration.region}:${account}:instance/${instanceName}`;
  return { instanceArn, iamUserArn, registeredNow };
}
