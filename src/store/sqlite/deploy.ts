/** Every deploy store port on one SQLite connection (see ../deploy-ports.ts). */
import type { DeployStores } from '../deploy-ports.ts';
import type { SqliteDb } from './database.ts';
import { makeDeployApplicationStore } from './deploy-applications.ts';
import { makeDeploymentStore } from './deploy-deployments.ts';
import { makeDeploymentConfigStore, makeDeploymentGroupStore } from './deploy-groups.ts';
import { makeHostCommandStore } from './deploy-host-commands.ts';
import { makeOnPremisesInstanceStore } from './deploy-instances.ts';

export function makeDeployStores(db: SqliteDb): DeployStores {
  return {
    applications: makeDeployApplicationStore(db), groups: makeDeploymentGroupStore(db), configs: makeDeploymentConfigStore(db),
    instances: makeOnPremisesInstanceStore(db), deployments: makeDeploymentStore(db), hostCommands: makeHostCommandStore(db),
  };
}
