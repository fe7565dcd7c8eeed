/**
 * Runs the traffic events (BlockTraffic, AllowTraffic) the service carries out itself: claims
 * them from the host-command queue like an agent would, asks traffic control, and completes them
 * with its outcome, so they are recorded, leased and swept like any lifecycle event.
 */
import type { Logger } from '../logging.ts';
import type { CommandDiagnostics } from '../model/deploy/host-commands.ts';
import type { TrafficControl } from '../model/deploy/traffic.ts';
import { coerceError } from '../model/errors.ts';
import { targetGroupNames } from '../services/deploy/groups.ts';
import type { DeployStores } from '../store/deploy-ports.ts';
import type { Clock } from './system.ts';

export interface TrafficRunnerOptions {
  stores: DeployStores;
  clock: Clock;
  logger: Logger;
  traffic: TrafficControl;
  holder: string;
  leaseMs: number;
}

/** Runs the pending traffic commands; returns how many it ran. */
export async function runTrafficCommands(options: TrafficRunnerOptions): Promise<number> {
  const { stores, clock } = options;
  const claimed = await stores.hostCommands.claimService(options.holder, options.leaseMs, clock.now(), 10);
  for (const command of claimed) {
    let diagnostics: CommandDiagnostics | undefined;
    let status: 'Succeeded' | 'Failed' = 'Failed';
    try {
      const deployment = await stores.deployments.get(command.deploymentId);
      const group = deployment && await stores.groups.get(deployment.applicationName, deployment.deploymentGroupName);
      const outcome = await options.traffic.apply({
        deploymentId: command.deploymentId, applicationName: deployment?.applicationName ?? '', deploymentGroupName: deployment?.deploymentGroupName ?? '',
        instanceName: command.instanceName, instanceArn: command.hostIdentifier, eventName: command.commandName,
        targetGroups: group ? targetGroupNames(group.settings) : [],
      }, AbortSignal.timeout(options.leaseMs));
      status = outcome.status;
      if (outcome.message !== undefined) diagnostics = { error_code: status === 'Succeeded' ? 'Success' : 'UnknownError', script_name: '', message: outcome.message, log: '' };
    } catch (e) {
      const err = coerceError(e);
      options.logger.warn({ hostCommandId: command.hostCommandId, err }, 'traffic event failed');
      diagnostics = { error_code: 'UnknownError', script_name: '', message: `Traffic control failed: ${err.message}`, log: '' };
    }
    await stores.hostCommands.complete(command.hostCommandId, options.holder, { status, ...(diagnostics && { diagnostics }) }, clock.now());
  }
  return claimed.length;
}
