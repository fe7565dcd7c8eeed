/**
 * The deploy orchestrator: moves every unsettled deployment forward. Each pass sweeps expired
 * host-command leases, then steps each unsettled deployment with the pure decision of
 * `model/deploy/advance.ts` inside one store transaction (state, new commands, bus events and an
 * automatic rollback saved together), then carries out the traffic events the service runs itself.
 *
 * All state is in the store: after a crash the next pass resumes where the last committed step
 * left off, and any number of server processes may run the orchestrator on one database (steps of
 * one deployment take turns in its write transaction; a repeated decision changes nothing).
 * Wake it (`wake()`) when a deployment is created or stopped or a command completes.
 */
import type { Logger } from '../logging.ts';
import { advanceDeployment, type AdvanceResult } from '../model/deploy/advance.ts';
import type { DeploymentAggregate } from '../model/deploy/deployment.ts';
import { noticeEvents } from '../model/deploy/notices.ts';
import { isTerminalDeployment } from '../model/deploy/vocabulary.ts';
import type { DeploymentChange, DeployStores } from '../store/deploy-ports.ts';
import { Loop } from './loop.ts';
import type { Clock } from './system.ts';
import { runTrafficCommands, type TrafficRunnerOptions } from './deploy-traffic.ts';

export interface DeployOrchestratorOptions {
  stores: DeployStores;
  clock: Clock;
  logger: Logger;
  region: string;
  accountId: string;
  uuid: () => string;
  newDeploymentId: () => string;
  traffic: TrafficRunnerOptions['traffic'];
  /** Holder id of this process's traffic runner. */
  holder: string;
  /** Lease of a traffic command while traffic control runs it. @default 60000 */
  trafficLeaseMs?: number;
  /** How long a host command may wait for an agent to acknowledge it before its event fails. @default 3600000 */
  agentTimeoutMs?: number;
  /** Longest wait between passes when nothing wakes it. @default 1000 */
  intervalMs?: number;
  /** A command for the host was created (wake its long polls). */
  commandCreated?(hostIdentifier: string): void;
  /** A deployment ended. */
  deploymentEnded?(deploymentId: string): void;
  /** Events were appended to the outbox. */
  published?(): void;
}

/** Deployments stepped per pass. */
const BATCH = 100;

function changeOf(agg: DeploymentAggregate, result: AdvanceResult, options: DeployOrchestratorOptions, now: number): DeploymentChange | undefined {
  const same = JSON.stringify(agg.deployment) === JSON.stringify(result.deployment) && JSON.stringify(agg.targets) === JSON.stringify(result.targets);
  if (same && result.newCommands.length === 0 && result.dropCommandIds.length === 0 && result.notices.length === 0) return undefined;
  const scope = { region: options.region, account: options.accountId, now, uuid: options.uuid };
  return {
    deployment: result.deployment, targets: result.targets, newCommands: result.newCommands, dropCommandIds: result.dropCommandIds,
    events: noticeEvents(result.deployment, result.notices, scope),
    ...(result.rollback && { rollback: result.rollback }),
  };
}

/** Steps one deployment; returns what changed (undefined: nothing). */
export async function stepDeployment(options: DeployOrchestratorOptions, id: string): Promise<DeploymentChange | undefined> {
  const now = options.clock.now();
  const change = await options.stores.deployments.step(id, (agg) =>
    changeOf(agg, advanceDeployment(agg, { now, newCommandId: options.uuid, newDeploymentId: options.newDeploymentId }), options, now));
  if (!change) return undefined;
  for (const command of change.newCommands) if (command.runner === 'agent') options.commandCreated?.(command.hostIdentifier);
  if (change.events.length > 0) options.published?.();
  if (isTerminalDeployment(change.deployment.status)) options.deploymentEnded?.(change.deployment.deploymentId);
  if (change.rollback) options.logger.info({ deploymentId: id, rollbackDeploymentId: change.rollback.deployment.deploymentId }, 'deployment rolled back');
  return change;
}

export function makeDeployOrchestrator(options: DeployOrchestratorOptions): Loop {
  const { stores, clock, logger } = options;
  const loop: Loop = new Loop('deploy-orchestrator', async () => {
    const swept = await stores.hostCommands.sweep(clock.now(), BATCH, options.agentTimeoutMs ?? 3_600_000);
    for (const id of swept.failed) logger.warn({ hostCommandId: id }, 'host command lease expired; lifecycle event failed');
    let changed = false;
    for (const id of await stores.deployments.unsettled(BATCH)) {
      if (await stepDeployment(options, id)) changed = true;
    }
    const ran = await runTrafficCommands({ stores, clock, logger, traffic: options.traffic, holder: options.holder, leaseMs: options.trafficLeaseMs ?? 60_000 });
    // Something moved: go again at once, a decision may have unlocked the next (a rollback to start, a host's next event).
    return changed || ran > 0 ? 0 : options.intervalMs ?? 1000;
  }, logger);
  return loop;
}
