/**
 * The store contract: what every Store implementation (SQLite, PostgreSQL) must do, written
 * against the ports only — no SQL, no implementation types — so each implementation runs the very
 * same suite:
 *
 *   describeStoreContract('sqlite', async () => {
 *     const store = await openSqliteStore({ path });
 *     return { store, cleanup: () => store.close() };
 *   });
 *
 * Each describe block opens one store and its tests share it, as processes share one database:
 * tests use unique pipeline names and action type keys and never assume an empty database,
 * except where a block owns a global (timers, outbox) and says so. Times are fixed values; no
 * test reads the clock or sleeps. Known gaps of an implementation are declared with
 * `options.skip` (test names) and show as skipped, never hidden.
 */
import { describe } from 'node:test';
import { describeExecutionContract } from './contract/executions.ts';
import { type ContractOptions, makeContractIt, type MakeStore } from './contract/helpers.ts';
import { describePipelineContract } from './contract/pipelines.ts';
import { describeQueueContract } from './contract/queue.ts';
import { describeIdentityContract } from './contract/identity.ts';
import { describeActionTypeContract } from './contract/action-types.ts';
import { describeStatsContract } from './contract/stats.ts';
import { describeWebhookContract } from './contract/webhooks.ts';
import { describeParameterContract } from './contract/parameters.ts';
import { describeBuildContract } from './contract/builds.ts';
import { describeTopicContract } from './contract/topics.ts';
import { describeNotificationRuleContract } from './contract/notification-rules.ts';
import { describeServiceCredentialContract } from './contract/service-credentials.ts';
import { describeConnectionContract } from './contract/connections.ts';
import { describeRepositoryContract } from './contract/repositories.ts';
import { describeConsoleContract } from './contract/console.ts';

export type { ContractOptions, MakeStore };

export function describeStoreContract(name: string, makeStore: MakeStore, options: ContractOptions = {}): void {
  const test = makeContractIt(options);
  describe(`store contract: ${name}`, () => {
    describePipelineContract(makeStore, test);
    describeExecutionContract(makeStore, test);
    describeQueueContract(makeStore, test);
    describeIdentityContract(makeStore, test);
    describeActionTypeContract(makeStore, test);
    describeStatsContract(makeStore, test);
    describeWebhookContract(makeStore, test);
    describeParameterContract(makeStore, test);
    describeBuildContract(makeStore, test);
    describeTopicContract(makeStore, test);
    describeNotificationRuleContract(makeStore, test);
    describeServiceCredentialContract(makeStore, test);
    describeConnectionContract(makeStore, test);
    describeRepositoryContract(makeStore, test);
    describeConsoleContract(makeStore, test);
  });
}
