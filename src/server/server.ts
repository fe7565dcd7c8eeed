/**
 * `sluice server`: the composition root of a long-running Sluice. Opens the data directory
 * (store, artifacts), makes sure an admin user and key exist, starts the scheduler and serves the
 * HTTP API. `close()` drains: stop accepting requests, let in-flight ones finish, stop the
 * scheduler (running jobs give up their leases), close the store.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Access } from './access.ts';
import { makeAccess } from './access.ts';
import { makeAwsJsonDispatcher, type CallRecord } from '../api/aws-json/dispatcher.ts';
import { codePipelineService } from '../api/codepipeline/service.ts';
import { codeBuildService } from '../api/codebuild/service.ts';
import { logsService } from '../api/logs/service.ts';
import { makeBuildSweeper } from '../services/builds-sweeper.ts';
import { makeApp } from '../api/http/app.ts';
import { isS3Request } from '../api/s3/detect.ts';
import { makeS3Handler } from '../api/s3/handler.ts';
import { makeFsObjectStore } from '../artifacts/objects/fs-objects.ts';
import { cloudTrailServices } from '../api/cloudtrail/service.ts';
import { makeIamHandler } from '../api/iam/handler.ts';
import { IdentityService } from '../services/identity.ts';
import { Metrics } from './metrics.ts';
import { makeWebhookReceiver } from '../api/webhooks/receiver.ts';
import { openLocalRuntime, type LocalRuntime } from '../runtime.ts';
import type { Logger } from '../logging.ts';
import { ProviderRegistry } from '../providers/registry.ts';
import { failUnservedBuiltIns } from '../providers/unavailable.ts';
import { makeArtifactCredentials, makeExpiredKeySweeper } from './artifact-credentials.ts';
import { ensureAdmin, newAccessKeyId, newSecretAccessKey, newUserId, type AdminCredentials } from './bootstrap.ts';
import { startHttpServer } from './node-http.ts';
import { makeS3Access } from './s3-access.ts';
import { makeBuildServices } from './build-services.ts';
import { makeBuildLogRoute } from '../api/rest/build-log-stream.ts';
import { makeBuildSecretResolver } from '../services/secret-references.ts';
import { openSecretServices } from './secret-services.ts';
import { ssmService } from '../api/ssm/service.ts';
import { secretsManagerService } from '../api/secretsmanager/service.ts';
import { openEventServices } from './event-services.ts';
import { makeTopicServices } from './topic-services.ts';
import { CONNECTION_WEBHOOK_PATH, MAX_WEBHOOK_BYTES } from '../api/connections/webhooks/receiver.ts';
import { makeApprovalNotifications } from '../services/approval-notifications.ts';
import { cloneRefKeyOf } from '../services/clone-ref.ts';
import { loadOrCreateDataKey } from '../services/secret-crypto.ts';
import { makeNotificationServices } from './notification-services.ts';
import { CODESTAR_NOTIFICATIONS } from '../api/codestar-notifications/service.ts';
import { WEBHOOK_TARGET_KIND } from '../services/notification-webhook-target.ts';
import { isGitRequest } from '../api/git/routes.ts';
import type { GitHandlerOptions } from '../api/git/handler.ts';
import type { FindRepository } from '../services/hosted-repository.ts';
import { makeGitServing, makeServiceCredentials } from './git-services.ts';
import { makeSourceServices } from './source-services.ts';
import type { ConnectionRepositories } from '../services/connection-repository.ts';
import { openConnectionServices, type ConnectionServices } from './connection-services.ts';
import { makeRepositoryServices } from './repository-services.ts';
import { makeConsoleServices, type ConsoleOptions } from './console-services.ts';

export interface ServerOptions {
  /** @default '127.0.0.1' */
  host: string;
  /** 0 picks a free port. @default 8090 */
  port: number;
  /** @default './.sluice' */
  dataDir: string;
  /** @default '000000000000' */
  accountId: string;
  /** @default 'us-east-1' */
  region: string;
  logger: Logger;
  /** Job lease. @default 30000 */
  leaseMs?: number;
  /** How often expired leases (jobs and builds) and queued build timeouts are looked for. @default 5000 */
  sweepIntervalMs?: number;
  /**
   * On close, how long `/health` answers 503 "not ready" while requests are still served, so a
   * load balancer stops sending new ones before the port closes. @default 0
   */
  drainDelayMs?: number;
  /** Builds run at once. @default the number of cores */
  buildConcurrency?: number;
  /** How long a job polled by an external worker waits for AcknowledgeJob. @default 600000 */
  jobDispatchLeaseMs?: number;
  /** Finds hosted repositories for git smart HTTP, CodeCommit sources and builds that clone. @default the CodeCommit repositories */
  findRepository?: FindRepository;
  /** Receives what each push changed, before the push is answered (see `api/git/handler.ts`). @default events and pipeline triggers */
  onRefsChanged?: GitHandlerOptions['onRefsChanged'];
  /** Largest pack one git push may send. @default 6 GiB */
  maxPushBytes?: number;
  /** Repositories behind connections, for CodeStarSourceConnection sources and builds that clone. */
  connectionRepositories?: ConnectionRepositories;
  /** How often sources with PollForSourceChanges "true" are looked at. @default 60000 */
  sourcePollIntervalMs?: number;
  /** How often repositories of connections without webhooks are polled, ms; 0 disables polling. @default 60000 */
  gitPollIntervalMs?: number;
  /** The web console: where its page is, session lifetimes, sign-in limits. */
  console?: ConsoleOptions;
}

export interface RunningServer {
  url: string;
  admin: AdminCredentials & { created: boolean };
  runtime: LocalRuntime;
  access: Access;
  /** Connections: the repositories source actions fetch through, the poller. */
  connections: ConnectionServices;
  close(): Promise<void>;
}

/**
 * Built-in providers of a server: AWS types fail clearly until a provider serves them (Commands
 * and CodeBuild join with the build services). ThirdParty types are left to their partners'
 * workers (PollForThirdPartyJobs).
 */
function serverRegistry(): ProviderRegistry {
  return failUnservedBuiltIns(new ProviderRegistry(), (id) => id.owner === 'AWS');
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { logger } = options;
  const metrics = new Metrics();
  const registry = serverRegistry();
  const runtime = await openLocalRuntime({
    dataDir: options.dataDir, registry, logger,
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
    ...(options.sweepIntervalMs !== undefined && { sweepIntervalMs: options.sweepIntervalMs }),
    onLeaseExpired: () => metrics.leaseExpired(),
    accountId: options.accountId, region: options.region,
  });
  const admin = await ensureAdmin(runtime.store, options.dataDir, options.accountId, options.region);
  const access = makeAccess({ store: runtime.store, accountId: options.accountId, region: options.region, logger });
  // Every protocol reports each answered call here: the audit trail and the request metrics.
  const onCall = (record: CallRecord): void => {
    access.record(record);
    metrics.observeCall(record);
  };
  const credentials = makeArtifactCredentials({ store: runtime.store, accountId: options.accountId });
  const keySweeper = makeExpiredKeySweeper(credentials, logger);
  const buildSweeper = makeBuildSweeper({
    store: runtime.store, clock: { now: () => Date.now() }, logger,
    ...(options.sweepIntervalMs !== undefined && { intervalMs: options.sweepIntervalMs }),
  });
  const jobWorkers = {
    artifactCredentials: (buckets: readonly string[]) => credentials.mint(buckets),
    ...(options.jobDispatchLeaseMs !== undefined && { dispatchLeaseMs: options.jobDispatchLeaseMs }),
  };
  const secretServices = await openSecretServices(runtime.store.secrets, options.dataDir);
  const listening: { url?: string } = {};
  // Topics queue their messages as bus deliveries; the bus delivers to topics.
  const bus: { wake?: () => void } = {};
  const topics = makeTopicServices({
    store: runtime.store, accountId: options.accountId, region: options.region, url: () => listening.url, queued: () => bus.wake?.(),
  });
  const notifications = makeNotificationServices({ store: runtime.store, accountId: options.accountId, region: options.region, url: () => listening.url });
  const events = await openEventServices({
    runtime, dataDir: options.dataDir, accountId: options.accountId, region: options.region, logger,
    authenticate: (call) => access.authenticate(call),
    authorize: (caller, action, resource, sourceIp) => access.authorize(caller, action, resource, sourceIp),
    kinds: { sns: topics.kind, [WEBHOOK_TARGET_KIND]: notifications.kind },
    managed: [makeApprovalNotifications({ executions: runtime.store.executions, url: () => listening.url, uuid: randomUUID }), notifications.managed],
  });
  bus.wake = () => events.delivery.wake();
  const connections = await openConnectionServices({
    store: runtime.store, starter: runtime.pipelines, dataDir: options.dataDir, accountId: options.accountId, logger,
    ...(options.gitPollIntervalMs !== undefined && { pollIntervalMs: options.gitPollIntervalMs }),
  });
  const hosted = makeRepositoryServices({
    store: runtime.store, starter: runtime.pipelines, dataDir: options.dataDir, accountId: options.accountId, region: options.region, logger,
  });
  const findRepository = options.findRepository ?? hosted.findRepository;
  const repositories = {
    findRepository, connections: options.connectionRepositories ?? connections.repositories,
    cloneRefKey: cloneRefKeyOf(await loadOrCreateDataKey(join(options.dataDir, 'secrets.key'))),
  };
  const objects = makeFsObjectStore({ root: join(options.dataDir, 'artifacts'), stateDir: join(options.dataDir, 'objects') });
  const sources = makeSourceServices({
    runtime, registry, objects, repositories, accountId: options.accountId, region: options.region, logger,
    now: () => Date.now(), uuid: () => randomUUID(),
    ...(options.sourcePollIntervalMs !== undefined && { pollIntervalMs: options.sourcePollIntervalMs }),
  });
  const builds = makeBuildServices({
    runtime, registry, url: () => listening.url, dataDir: options.dataDir, region: options.region, accountId: options.accountId, logger,
    secrets: makeBuildSecretResolver(secretServices), repositories,
    ...(options.buildConcurrency !== undefined && { concurrency: options.buildConcurrency }),
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
  });
  const awsJson = makeAwsJsonDispatcher({
    services: [...cloudTrailServices({ store: runtime.store, accountId: options.accountId, region: options.region }), codePipelineService({ runtime, catalog: runtime.catalog, accountId: options.accountId, jobWorkers }),
      ssmService(secretServices.parameters), secretsManagerService(secretServices.secrets),
      codeBuildService({ store: runtime.store, accountId: options.accountId, now: () => Date.now(), uuid: () => randomUUID(), buildsChanged: () => builds.worker.wake() }),
      logsService({ store: runtime.store, accountId: options.accountId }), events.service,
      ...connections.awsJsonServices, hosted.service],
    authenticate: (call) => access.authenticate(call),
    authorize: (caller, action, resource, sourceIp) => access.authorize(caller, action, resource, sourceIp),
    onCall,
    logger,
  });
  // Ends long-lived responses (build log streams, the console's live events) when the server drains.
  const closing = new AbortController();
  const consoleServices = makeConsoleServices({
    ...options.console, store: runtime.store, access, awsJson, objects, accountId: options.accountId, region: options.region, closing: closing.signal, onCall,
    eventsAppended: (listener) => runtime.scheduler.driver.onCommit((_, commands) => {
      if (commands.some((c) => c.type === 'Emit')) listener();
    }),
  });
  const serviceCredentials = makeServiceCredentials(runtime.store, options.accountId);
  const iam = makeIamHandler({
    identity: new IdentityService({
      store: runtime.store.identity, accountId: options.accountId, newUserId, loginProfiles: runtime.store.console.loginProfiles,
      newAccessKey: () => ({ accessKeyId: newAccessKeyId(), secretAccessKey: newSecretAccessKey() }),
    }),
    serviceCredentials,
    loginProfiles: consoleServices.loginProfiles,
    accountId: options.accountId,
    authenticate: (call) => access.authenticate(call),
    authorize: (caller, action, resource, sourceIp) => access.authorize(caller, action, resource, sourceIp),
    onCall, logger,
  });
  const git = makeGitServing({
    store: runtime.store, access, serviceCredentials, accountId: options.accountId, region: options.region, findRepository, logger, onCall,
    onRefsChanged: options.onRefsChanged ?? (async (repository, changes, callerArn) => { await hosted.recordRefChanges({ repository, changes, callerArn }); }),
    lock: hosted.lock,
    ...(options.maxPushBytes !== undefined && { maxPushBytes: options.maxPushBytes }),
  });
  // The S3 endpoint serves the artifact store's own files (`<dataDir>/artifacts`, as the runtime
  // opens it); metadata, temporary uploads and multipart parts live beside it in `<dataDir>/objects`.
  const s3 = makeS3Handler({
    objects, onObjectCreated: (write) => sources.objectCreated(write),
    access: makeS3Access({ store: runtime.store, accountId: options.accountId }),
    region: options.region, accountId: options.accountId, logger,
  });
  let ready = false;
  const webhook = makeWebhookReceiver({ store: runtime.store, pipelines: runtime.pipelines, logger });
  const buildLog = makeBuildLogRoute({
    store: runtime.store, accountId: options.accountId, closing: closing.signal,
    authenticate: (call) => access.authenticate(call),
    authorize: (caller, action, resource, sourceIp) => access.authorize(caller, action, resource, sourceIp),
  });
  const app = makeApp({
    awsJson, iam, metrics: () => metrics.render(runtime.store.stats), ready: () => ready, webhook, s3, buildLog,
    sns: topics.handler({ authenticate: (call) => access.authenticate(call), authorize: (caller, action, resource, sourceIp) => access.authorize(caller, action, resource, sourceIp), onCall, logger }),
    eventDeliveries: events.deliveriesRoute, connectionWebhook: connections.webhook, git, console: consoleServices.route,
    restJson: new Map([[CODESTAR_NOTIFICATIONS, notifications.handler({ authenticate: (call) => access.authenticate(call), authorize: (caller, action, resource, sourceIp) => access.authorize(caller, action, resource, sourceIp), onCall, logger })]]),
  });
  runtime.scheduler.start();
  keySweeper.start();
  buildSweeper.start();
  builds.start();
  events.start();
  sources.start();
  await hosted.reconcile();
  connections.start();
  const http = await startHttpServer({ host: options.host, port: options.port, app,
    streamBody: (url, headers) => isS3Request(url, headers) || isGitRequest(url),
    bodyLimit: (url) => (CONNECTION_WEBHOOK_PATH.test(url.pathname) ? MAX_WEBHOOK_BYTES : undefined) });
  listening.url = http.url;
  ready = true;
  logger.info({ url: http.url, dataDir: options.dataDir }, 'sluice server listening');
  return {
    url: http.url, admin, runtime, access, connections,
    async close() {
      ready = false;
      if (options.drainDelayMs) await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
      closing.abort();
      await http.close();
      await keySweeper.stop();
      await buildSweeper.stop();
      await builds.stop();
      await events.stop();
      await sources.stop();
      await connections.stop();
      await runtime.close();
    },
  };
}
