/**
 * Waiting for deployments to end (the CodeDeploy pipeline action waits for its deployment). The
 * orchestrator of this process announces each deployment it ends, so a waiter wakes at once; one
 * ended by another process sharing the database is seen at the next poll.
 */
import type { DeploymentRecord } from '../model/deploy/deployment.ts';
import { isTerminalDeployment } from '../model/deploy/vocabulary.ts';
import type { DeploymentStore } from '../store/deploy-ports.ts';
import { HostPollers } from './deploy-host-pollers.ts';

export class DeploymentWaiters {
  private readonly deployments: DeploymentStore;
  private readonly pollMs: number;
  private readonly wakers = new HostPollers();

  /** @param pollMs how often to look for deployments ended elsewhere. @default 1000 */
  constructor(deployments: DeploymentStore, pollMs = 1000) {
    this.deployments = deployments;
    this.pollMs = pollMs;
  }

  ended(deploymentId: string): void {
    this.wakers.notify(deploymentId);
  }

  /** The deployment once it has ended; rejects with the signal's reason when it aborts first. */
  async wait(deploymentId: string, signal: AbortSignal): Promise<DeploymentRecord> {
    for (;;) {
      signal.throwIfAborted();
      const deployment = await this.deployments.get(deploymentId);
      if (!deployment) throw new Error(`Deployment ${deploymentId} no longer exists`);
      if (isTerminalDeployment(deployment.status)) return deployment;
      await this.wakers.wait(deploymentId, this.pollMs, signal);
    }
  }
}
