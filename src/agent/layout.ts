/**
 * Where an agent keeps things under its root directory, like the real agent's layout:
 *
 * ```
 * <root>/deployments/<group-id>/<deployment-id>/bundle           the downloaded revision
 * <root>/deployments/<group-id>/<deployment-id>/deployment-archive  the unpacked bundle root
 * <root>/deployments/<group-id>/<deployment-id>/logs/scripts.log    every script's output
 * <root>/deployment-instructions/<group-id>_last_successful_install the last Install that succeeded
 * <root>/deployment-instructions/<group-id>-cleanup                 files that Install put in place
 * <root>/state/                                                      the agent's own state (held command, pending completions)
 * ```
 *
 * Several agents on one machine each have their own root, so they share no file.
 */
import { join } from 'node:path';

/** Group and deployment ids become directory names: only safe characters. */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export class UnsafeIdError extends Error {
  override name = 'UnsafeIdError';
}

function checked(kind: string, id: string): string {
  if (!SAFE_ID.test(id) || id.includes('..')) throw new UnsafeIdError(`The ${kind} id ${JSON.stringify(id)} cannot name a directory`);
  return id;
}

export class AgentLayout {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  groupDir(groupId: string): string {
    return join(this.root, 'deployments', checked('deployment group', groupId));
  }

  deploymentDir(groupId: string, deploymentId: string): string {
    return join(this.groupDir(groupId), checked('deployment', deploymentId));
  }

  bundleFile(groupId: string, deploymentId: string): string {
    return join(this.deploymentDir(groupId, deploymentId), 'bundle');
  }

  archiveDir(groupId: string, deploymentId: string): string {
    return join(this.deploymentDir(groupId, deploymentId), 'deployment-archive');
  }

  scriptsLog(groupId: string, deploymentId: string): string {
    return join(this.deploymentDir(groupId, deploymentId), 'logs', 'scripts.log');
  }

  instructionsDir(): string {
    return join(this.root, 'deployment-instructions');
  }

  lastSuccessfulInstall(groupId: string): string {
    return join(this.instructionsDir(), `${checked('deployment group', groupId)}_last_successful_install`);
  }

  cleanupFile(groupId: string): string {
    return join(this.instructionsDir(), `${checked('deployment group', groupId)}-cleanup`);
  }

  stateDir(): string {
    return join(this.root, 'state');
  }
}
