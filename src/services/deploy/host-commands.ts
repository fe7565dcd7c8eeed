/**
 * The agent's side of deployments (`model/deploy/host-commands.ts`): long-polling for the next
 * command of a host, acknowledging, heartbeating and completing it, and reading what a deployment
 * installs. An agent acts only for the on-premises instance registered with its own IAM ARN, and
 * only on commands it holds; anything else is refused and changes nothing.
 */
import { SluiceError } from '../../model/errors.ts';
import type { DeploymentRecord, HostCommandRecord } from '../../model/deploy/deployment.ts';
import {
  DIAGNOSTIC_LOG_BYTES, LifecycleErrorCode, type CommandDiagnostics, type DeploymentSpecification, type Envelope, type HostCommand,
} from '../../model/deploy/host-commands.ts';
import type { DeployStores, OnPremisesInstanceRecord } from '../../store/deploy-ports.ts';

export interface HostCommandDeps {
  stores: DeployStores;
  now(): number;
  /** How long a polled command waits for its acknowledgement before another poll may take it. @default 60000 */
  dispatchLeaseMs: number;
  /** Lease of an acknowledged command; each PostHostCommandUpdate renews it. @default 300000 */
  leaseMs: number;
  /** Longest PollHostCommand wait. @default 20000 */
  pollWaitMs: number;
  /** How often a waiting poll looks again for commands handed out by another process. @default 1000 */
  pollRecheckMs: number;
  /** Resolves after `ms`, when a command for `host` is created, or when `signal` aborts. */
  waitForCommand(host: string, ms: number, signal: AbortSignal): Promise<void>;
  /** Aborts when the server drains: polls answer at once. */
  closing: AbortSignal;
  /** A command ended: the orchestrator should look now. */
  commandEnded(deploymentId: string): void;
}

const INSTANCE_ARN = /^arn:aws:codedeploy:[^:]*:[^:]*:instance\/(.+)$/;

/** The registered instance `host` names, if the caller is the IAM identity it was registered with. */
async function ownedInstance(deps: HostCommandDeps, host: string, callerArn: string): Promise<OnPremisesInstanceRecord> {
  const name = INSTANCE_ARN.exec(host)?.[1];
  const instance = name === undefined ? undefined : await deps.stores.instances.get(name);
  if (!instance || instance.deregisterTime !== undefined || instance.instanceArn !== host) {
    throw new SluiceError('AccessDeniedException', `No registered on-premises instance has the host identifier ${host}.`);
  }
  if (instance.iamUserArn !== callerArn && instance.iamSessionArn !== callerArn) {
    throw new SluiceError('AccessDeniedException', `The on-premises instance ${instance.instanceName} is registered to another IAM identity than ${callerArn}.`);
  }
  return instance;
}

function notHeld(id: string): SluiceError {
  return new SluiceError('InvalidCommandException', `The host command ${id} is not held by the caller, or has already completed.`);
}

export function wireHostCommand(c: HostCommandRecord): HostCommand {
  return { HostCommandIdentifier: c.hostCommandId, HostIdentifier: c.hostIdentifier, DeploymentExecutionId: c.deploymentId, CommandName: c.commandName };
}

export async function pollHostCommand(deps: HostCommandDeps, host: string, callerArn: string, waitMs = deps.pollWaitMs): Promise<HostCommandRecord | undefined> {
  await ownedInstance(deps, host, callerArn);
  const deadline = deps.now() + waitMs;
  for (;;) {
    const command = await deps.stores.hostCommands.poll(host, callerArn, deps.dispatchLeaseMs, deps.now());
    if (command) return command;
    const remaining = deadline - deps.now();
    if (remaining <= 0 || deps.closing.aborted) return undefined;
    await deps.waitForCommand(host, Math.min(remaining, deps.pollRecheckMs), deps.closing);
  }
}

export async function acknowledgeHostCommand(deps: HostCommandDeps, id: string, callerArn: string): Promise<HostCommandRecord> {
  return await deps.stores.hostCommands.acknowledge(id, callerArn, deps.leaseMs, deps.now()) ?? (() => { throw notHeld(id); })();
}

export async function updateHostCommand(deps: HostCommandDeps, id: string, callerArn: string): Promise<HostCommandRecord> {
  return await deps.stores.hostCommands.heartbeat(id, callerArn, deps.leaseMs, deps.now()) ?? (() => { throw notHeld(id); })();
}

/** Most bytes of a diagnostics payload. */
export const MAX_DIAGNOSTICS_BYTES = 16_384;

/** The agent's diagnostics, checked; the log keeps its last DIAGNOSTIC_LOG_BYTES. */
export function parseDiagnostics(envelope: Envelope | undefined): CommandDiagnostics | undefined {
  if (!envelope) return undefined;
  const bad = (why: string): SluiceError => new SluiceError('ValidationException', `Diagnostics ${why}.`);
  if (Buffer.byteLength(envelope.Payload, 'utf8') > MAX_DIAGNOSTICS_BYTES) throw bad(`must be at most ${MAX_DIAGNOSTICS_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(envelope.Payload);
  } catch {
    throw bad('must be a JSON object with error_code, script_name, message and log');
  }
  const d = value as Partial<CommandDiagnostics> | null;
  if (typeof d !== 'object' || d === null || !Object.values(LifecycleErrorCode).includes(d.error_code as LifecycleErrorCode)) {
    throw bad(`must name an error_code among ${Object.values(LifecycleErrorCode).join(', ')}`);
  }
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const log = Buffer.from(text(d.log), 'utf8');
  return {
    error_code: d.error_code as LifecycleErrorCode, script_name: text(d.script_name), message: text(d.message),
    log: log.byteLength > DIAGNOSTIC_LOG_BYTES ? log.subarray(log.byteLength - DIAGNOSTIC_LOG_BYTES).toString('utf8') : log.toString('utf8'),
  };
}

export async function completeHostCommand(deps: HostCommandDeps, id: string, callerArn: string, status: 'Succeeded' | 'Failed', diagnostics: Envelope | undefined): Promise<void> {
  const parsed = parseDiagnostics(diagnostics);
  const done = await deps.stores.hostCommands.complete(id, callerArn, { status, ...(parsed && { diagnostics: parsed }) }, deps.now());
  if (!done) throw notHeld(id);
  deps.commandEnded(done.deploymentId);
}

export function specificationOf(d: DeploymentRecord, events: readonly string[]): DeploymentSpecification {
  const { bundle } = d;
  return {
    DeploymentId: d.deploymentId, DeploymentGroupId: d.deploymentGroupId, DeploymentGroupName: d.deploymentGroupName, ApplicationName: d.applicationName,
    DeploymentCreator: d.creator === 'codeDeployRollback' ? 'codeDeployRollback' : d.creator === 'CodeDeploy' ? 'CodeDeploy' : 'user',
    DeploymentType: 'IN_PLACE', FileExistsBehavior: d.fileExistsBehavior,
    Revision: {
      RevisionType: 'S3',
      S3Revision: {
        Bucket: bundle.bucket, Key: bundle.key, BundleType: bundle.bundleType, Sha256: bundle.sha256,
        ...(bundle.version !== undefined && { Version: bundle.version }), ...(bundle.eTag !== undefined && { ETag: bundle.eTag }),
      },
    },
    AllPossibleLifecycleEvents: [...events],
  };
}

export async function deploymentSpecification(deps: HostCommandDeps, deploymentId: string, host: string, callerArn: string): Promise<DeploymentSpecification> {
  const instance = await ownedInstance(deps, host, callerArn);
  const aggregate = await deps.stores.deployments.load(deploymentId);
  const target = aggregate?.targets.find((t) => t.instanceName === instance.instanceName);
  if (!aggregate || !target) throw new SluiceError('InvalidCommandException', `The deployment ${deploymentId} does not deploy to ${instance.instanceName}.`);
  return specificationOf(aggregate.deployment, target.lifecycleEvents.map((e) => e.lifecycleEventName));
}
