/**
 * What the deploy use cases share: the stores, the account, the clock and id sources, where
 * revision bundles are read, and a nudge for the orchestrator. Plus CodeDeploy's "not found"
 * errors, spelled and worded as AWS answers them.
 */
import { SluiceError } from '../../model/errors.ts';
import type { DeployStores } from '../../store/deploy-ports.ts';
import type { BundleReader } from './bundles.ts';

export interface DeployDeps {
  stores: DeployStores;
  accountId: string;
  now(): number;
  /** A lowercase UUID (application, group and config ids, event ids). */
  uuid(): string;
  /** `d-` and nine upper-case letters or digits. */
  newDeploymentId(): string;
  bundles: BundleReader;
  /** A deployment was created or asked to stop: the orchestrator should look now. @default nothing */
  deploymentsChanged?(): void;
}

/** Most names a Batch* call takes at once, as CodeDeploy limits them. */
export const BATCH_LIMITS = { applications: 100, deploymentGroups: 100, deployments: 25, instances: 25, targets: 25, revisions: 25 } as const;

export function batchLimit(count: number, limit: number, what: string): void {
  if (count > limit) throw new SluiceError('BatchLimitExceededException', `The maximum number of ${what} that can be requested in one call is ${limit}; ${count} were given.`);
}

export function noApplication(name: string): SluiceError {
  return new SluiceError('ApplicationDoesNotExistException', `No application found for name: ${name}`);
}

export function noGroup(name: string): SluiceError {
  return new SluiceError('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${name}`);
}

export function noConfig(name: string): SluiceError {
  return new SluiceError('DeploymentConfigDoesNotExistException', `No deployment configuration found for name: ${name}`);
}

export function noDeployment(id: string): SluiceError {
  return new SluiceError('DeploymentDoesNotExistException', `Deployment ${id} does not exist`);
}

export function noInstance(name: string): SluiceError {
  return new SluiceError('InstanceNotRegisteredException', `No instance found for name: ${name}`);
}

/** Requires the application to exist. */
export async function requireApplication(deps: DeployDeps, name: string): Promise<void> {
  if (!await deps.stores.applications.get(name)) throw noApplication(name);
}
