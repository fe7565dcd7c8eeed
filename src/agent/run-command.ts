/**
 * One host command from acknowledgement to result, following the agreed flow: acknowledge,
 * fetch the deployment specification, run the lifecycle event while a heartbeat
 * (PostHostCommandUpdate) renews the lease, and hand back the result to record and send. A
 * heartbeat answer that says the command is no longer InProgress (the deployment was stopped,
 * the lease lost) cancels the run: its scripts are killed.
 */
import { LifecycleErrorCode, type HostCommand } from '../model/deploy/host-commands.ts';
import { coerceError } from '../model/errors.ts';
import type { Logger } from '../logging.ts';
import type { HostCommandClient } from './aws/host-command-client.ts';
import { failed, type CommandResult } from './command-result.ts';
import { runLifecycleCommand, type LifecycleContext } from './lifecycle.ts';

export interface RunCommandDeps {
  client: HostCommandClient;
  lifecycle: Omit<LifecycleContext, 'signal'>;
  heartbeatMs: number;
  /** Aborted when the agent is forced to stop. */
  forceSignal: AbortSignal;
  /** Retries a call that failed for a reason a retry may fix (the server is restarting). */
  retry: <T>(call: () => Promise<T>) => Promise<T>;
  logger: Logger;
}

/** Runs an acknowledged command; never throws for a failed event, only reports it. */
export async function runAcknowledgedCommand(command: HostCommand, deps: RunCommandDeps): Promise<CommandResult> {
  const log = deps.logger.child({ hostCommandId: command.HostCommandIdentifier, event: command.CommandName });
  const cancel = new AbortController();
  const signal = AbortSignal.any([deps.forceSignal, cancel.signal]);
  const heartbeat = startHeartbeat(command, deps, cancel, log);
  try {
    const spec = await deps.retry(() => deps.client.specification(command.DeploymentExecutionId, command.HostIdentifier));
    log.info({ deploymentId: spec.DeploymentId, deploymentGroupId: spec.DeploymentGroupId }, 'running lifecycle event');
    const result = await runLifecycleCommand(command.CommandName, spec, { ...deps.lifecycle, signal });
    if (cancel.signal.aborted && result.status === 'Failed') result.diagnostics.message += ' (the server no longer expects this command)';
    return result;
  } catch (e) {
    const err = coerceError(e);
    log.error({ err }, 'lifecycle event could not run');
    return failed(LifecycleErrorCode.UnknownError, `The agent could not run ${command.CommandName}: ${err.message}`);
  } finally {
    heartbeat.stop();
  }
}

function startHeartbeat(command: HostCommand, deps: RunCommandDeps, cancel: AbortController, log: Logger): { stop(): void } {
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    deps.client.update(command.HostCommandIdentifier).then((status) => {
      if (status !== 'InProgress' && status !== 'Pending') {
        log.warn({ status }, 'the server ended the command; stopping its scripts');
        cancel.abort();
      }
    }, (e: unknown) => log.warn({ err: coerceError(e) }, 'heartbeat failed')).finally(() => { inFlight = false; });
  }, deps.heartbeatMs);
  return { stop: () => clearInterval(timer) };
}
