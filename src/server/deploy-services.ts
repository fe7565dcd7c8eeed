/**
 * Deployments in a server: the CodeDeploy API, the host-command API agents poll, the orchestrator
 * that moves deployments forward, and the CodeDeploy pipeline action. Revisions are read from the
 * server's own S3 endpoint (the artifact store's objects); events go to the bus's outbox.
 */
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { AwsJsonService } from '../api/aws-json/operation.ts';
import { hostCommandService } from '../api/codedeploy-commands/service.ts';
import { codeDeployService } from '../api/codedeploy/service.ts';
import type { ObjectStore } from '../artifacts/objects/ports.ts';
import type { Logger } from '../logging.ts';
import { NO_TRAFFIC_CONTROL, type TrafficControl } from '../model/deploy/traffic.ts';
import { makeCodeDeployProvider } from '../providers/codedeploy.ts';
import type { ProviderRegistry } from '../providers/registry.ts';
import { HostPollers } from '../scheduler/deploy-host-pollers.ts';
import { makeDeployOrchestrator } from '../scheduler/deploy-orchestrator.ts';
import { DeploymentWaiters } from '../scheduler/deploy-waiters.ts';
import type { Loop } from '../scheduler/loop.ts';
import type { BundleReader } from '../services/deploy/bundles.ts';
import type { DeployDeps } from '../services/deploy/context.ts';
import type { HostCommandDeps } from '../services/deploy/host-commands.ts';
import type { DeployStores } from '../store/deploy-ports.ts';

export interface DeployServicesOptions {
  stores: DeployStores;
  objects: ObjectStore;
  registry: ProviderRegistry;
  accountId: string;
  region: string;
  logger: Logger;
  /** Aborts when the server drains: long polls answer at once. */
  closing: AbortSignal;
  /** Events were appended to the outbox: the bus should deliver them. */
  published?(): void;
  /** Moves hosts in and out of their load balancers. @default NO_TRAFFIC_CONTROL */
  traffic?: TrafficControl;
  /** Longest PollHostCommand wait, ms. @default 20000 */
  pollWaitMs?: number;
  /** Lease of an acknowledged host command, ms; each PostHostCommandUpdate renews it. @default 300000 */
  hostCommandLeaseMs?: number;
  /** How long a polled command waits for its acknowledgement, ms. @default 60000 */
  dispatchLeaseMs?: number;
  /** Observes each PollHostCommand that starts waiting (metrics, tests). @default nothing */
  onPollWaiting?(hostIdentifier: string): void;
  /** How long a host command waits for an agent to acknowledge it before its event fails, ms [Sluice: AWS's agent timeout is an hour]. @default 3600000 */
  agentTimeoutMs?: number;
  /** Longest wait between orchestrator passes, ms (also how soon expired leases are seen). @default 1000 */
  orchestratorIntervalMs?: number;
}

export interface DeployServices {
  awsJsonServices: AwsJsonService[];
  orchestrator: Loop;
  start(): void;
  stop(): Promise<void>;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `d-` and nine upper-case letters or digits, as CodeDeploy spells deployment ids. */
export function newDeploymentId(): string {
  return `d-${Array.from({ length: 9 }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('')}`;
}

/** Bundles on the server's S3 endpoint: the object's ETag, version and the SHA-256 of its bytes. */
export function objectBundleReader(objects: ObjectStore): BundleReader {
  return {
    async describe(bucket, key, version) {
      const opened = await objects.open(bucket, key, version);
      if (!opened) return undefined;
      const hash = createHash('sha256');
      for await (const chunk of opened.read()) hash.update(chunk);
      return { eTag: opened.info.etag, sha256: hash.digest('hex'), ...(opened.info.versionId !== undefined && { version: opened.info.versionId }) };
    },
  };
}

export function makeDeployServices(options: DeployServicesOptions): DeployServices {
  const clock = { now: () => Date.now() };
  const pollers = new HostPollers();
  const waiters = new DeploymentWaiters(options.stores.deployments);
  const orchestrator = makeDeployOrchestrator({
    stores: options.stores, clock, logger: options.logger, region: options.region, accountId: options.accountId,
    uuid: randomUUID, newDeploymentId, traffic: options.traffic ?? NO_TRAFFIC_CONTROL, holder: `deploy-${randomUUID()}`,
    commandCreated: (host) => pollers.notify(host), deploymentEnded: (id) => waiters.ended(id), published: () => options.published?.(),
    ...(options.orchestratorIntervalMs !== undefined && { intervalMs: options.orchestratorIntervalMs }),
    ...(options.agentTimeoutMs !== undefined && { agentTimeoutMs: options.agentTimeoutMs }),
  });
  const deps: DeployDeps = {
    stores: options.stores, accountId: options.accountId, now: clock.now, uuid: randomUUID, newDeploymentId,
    bundles: objectBundleReader(options.objects), deploymentsChanged: () => orchestrator.wake(),
  };
  const commands: HostCommandDeps = {
    stores: options.stores, now: clock.now, dispatchLeaseMs: options.dispatchLeaseMs ?? 60_000, leaseMs: options.hostCommandLeaseMs ?? 300_000,
    pollWaitMs: options.pollWaitMs ?? 20_000, pollRecheckMs: 1000, closing: options.closing,
    waitForCommand: (host, ms, signal) => {
      options.onPollWaiting?.(host);
      return pollers.wait(host, ms, signal);
    },
    commandEnded: () => orchestrator.wake(),
  };
  options.registry.register(makeCodeDeployProvider({ deps, waitForDeployment: (id, signal) => waiters.wait(id, signal) }));
  return {
    awsJsonServices: [codeDeployService(deps), hostCommandService(commands)],
    orchestrator,
    start: () => orchestrator.start(),
    stop: () => orchestrator.stop(),
  };
}
