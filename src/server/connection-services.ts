/**
 * Connections of a server: the CodeStar Connections API (both of its names), the mirrors source
 * actions fetch through (`repositories`), the webhook receiver for providers' deliveries, and the
 * poller for connections that get none. Secrets are sealed with the server's data key
 * (`<dataDir>/secrets.key`, shared with Parameter Store and Secrets Manager); mirrors live in
 * `<dataDir>/mirrors`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connectionsServices } from '../api/connections/service.ts';
import { makeConnectionWebhookReceiver, type ConnectionWebhookReceiver } from '../api/connections/webhooks/receiver.ts';
import type { AwsJsonService } from '../api/aws-json/operation.ts';
import type { Logger } from '../logging.ts';
import { GitPoller } from '../scheduler/git-poller.ts';
import { makeConnectionEvents } from '../services/connection-events.ts';
import { makeGitAuthFactory } from '../services/connection-git/git-auth.ts';
import { ConnectionMirrors } from '../services/connection-git/mirrors.ts';
import { listWatchedSources } from '../services/connection-watches.ts';
import { ConnectionService } from '../services/connections.ts';
import { makeGitTriggerRouter } from '../services/git-triggers.ts';
import { makeSerializer } from '../model/serializer.ts';
import type { PipelineService } from '../services/pipelines.ts';
import { loadOrCreateDataKey, makeSecretCrypto } from '../services/secret-crypto.ts';
import type { Store } from '../store/ports.ts';

export interface ConnectionServicesOptions {
  store: Pick<Store, 'connections' | 'pipelines'>;
  /** Starts the executions git events trigger. */
  starter: Pick<PipelineService, 'startExecution'>;
  dataDir: string;
  accountId: string;
  logger: Logger;
  /** How often repositories without webhooks are polled, ms; 0 disables polling. @default 60000 */
  pollIntervalMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export interface ConnectionServices {
  /** For `makeAwsJsonDispatcher({ services })`. */
  awsJsonServices: AwsJsonService[];
  /** What the CodeStarSourceConnection source action fetches through. */
  repositories: ConnectionMirrors;
  /** For `makeApp({ connectionWebhook })`: `POST /connections/webhooks/<connection id>`. */
  webhook: ConnectionWebhookReceiver;
  poller: GitPoller;
  start(): void;
  stop(): Promise<void>;
}

export const DEFAULT_POLL_INTERVAL_MS = 60_000;

export async function openConnectionServices(options: ConnectionServicesOptions): Promise<ConnectionServices> {
  const now = options.now ?? (() => Date.now());
  const crypto = makeSecretCrypto(await loadOrCreateDataKey(join(options.dataDir, 'secrets.key')));
  const store = options.store.connections;
  const connections = new ConnectionService({
    store: store.connections, crypto, accountId: options.accountId, now, privateDir: options.dataDir,
    newId: () => randomUUID(), newHostSuffix: () => randomBytes(4).toString('hex'),
  });
  const mirrorsRoot = join(options.dataDir, 'mirrors');
  const repositories = new ConnectionMirrors({
    root: mirrorsRoot, auth: makeGitAuthFactory(join(mirrorsRoot, '.auth')),
    connections: { get: (arn) => connections.get(arn), gitAccess: (c) => connections.gitAccess(c) },
  });
  const router = makeGitTriggerRouter({ pipelines: options.store.pipelines, starter: options.starter, logger: options.logger });
  // One serializer for webhooks and polling: one repository's events are routed in order.
  const events = makeConnectionEvents({ repositories, router, watch: store.watch, serialize: makeSerializer(), now, logger: options.logger });
  const byId = (id: string): ReturnType<typeof store.connections.get> => store.connections.get(id);
  const webhook = makeConnectionWebhookReceiver({
    connections: { byId, gitAccess: (c) => connections.gitAccess(c) }, events, watch: store.watch, logger: options.logger, now,
  });
  const poller = new GitPoller({
    intervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    watched: () => listWatchedSources(options.store.pipelines, byId),
    listRemoteRefs: (connection, repository, signal) => repositories.listRemoteRefs(connection, repository, signal),
    watch: store.watch, events, now, logger: options.logger,
  });
  return {
    awsJsonServices: connectionsServices(connections), repositories, webhook, poller,
    start: () => poller.start(),
    stop: () => poller.stop(),
  };
}
