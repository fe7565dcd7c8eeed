/**
 * Runs one host command: the lifecycle event it names, for the deployment its specification
 * describes, on this host. Returns the status and diagnostics to report; it throws only when the
 * agent itself cannot go on (the disk is gone), never for a failed event.
 *
 * - DownloadBundle: fetch, verify, unpack into the deployment archive, check the appspec, prune
 *   the group's old revisions.
 * - Install: copy files and apply permissions (install/), then remember this revision as the
 *   group's last successful install.
 * - BeforeBlockTraffic, AfterBlockTraffic, ApplicationStop: scripts of the group's last
 *   successfully installed revision (the new one is not on the host yet); on the group's first
 *   deployment there is none and the event succeeds doing nothing.
 * - other scriptable events: scripts of this deployment's appspec; an event without scripts succeeds.
 * - BlockTraffic, AllowTraffic: the server moves traffic; handed to the agent they succeed as no-ops.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SCRIPTABLE_EVENTS, type ScriptableEvent } from '../model/appspec/types.ts';
import { LifecycleErrorCode, type DeploymentSpecification } from '../model/deploy/host-commands.ts';
import { coerceError } from '../model/errors.ts';
import { AgentCallError, type SignedHttp } from './aws/signed-http.ts';
import { BundleMismatchError, downloadBundle } from './bundle/download.ts';
import { UnsafeEntryError } from './bundle/entries.ts';
import { BundleFormatError, unpackBundle } from './bundle/unpack.ts';
import { failed, succeeded, type CommandResult } from './command-result.ts';
import { runEvent } from './hooks/run-event.ts';
import { install } from './install/install.ts';
import { InstallError } from './install/plan.ts';
import type { AgentLayout } from './layout.ts';
import { AppspecError, readAppspec } from './read-appspec.ts';
import { pruneRevisions, readLastInstall, recordLastInstall } from './revisions.ts';

export interface LifecycleContext {
  layout: AgentLayout;
  http: SignedHttp;
  /** The environment scripts inherit (the agent's own). */
  baseEnv: Record<string, string | undefined>;
  /** Deployment directories kept per group. */
  maxRevisions: number;
  /** Aborted when the agent is forced to stop: scripts are killed, downloads dropped. */
  signal: AbortSignal;
  /** Retries a call that failed for a reason a retry may fix (the server restarting). @default no retry */
  retry?: <T>(call: () => Promise<T>) => Promise<T>;
}

/** Events whose scripts come from the last successfully installed revision. */
const PREVIOUS_REVISION_EVENTS: readonly string[] = ['BeforeBlockTraffic', 'AfterBlockTraffic', 'ApplicationStop'];
const SERVER_EVENTS: readonly string[] = ['BlockTraffic', 'AllowTraffic'];

export async function runLifecycleCommand(commandName: string, spec: DeploymentSpecification, context: LifecycleContext): Promise<CommandResult> {
  try {
    if (commandName === 'DownloadBundle') return await runDownload(spec, context);
    if (commandName === 'Install') return await runInstall(spec, context);
    if (SERVER_EVENTS.includes(commandName)) return succeeded(`${commandName} is carried out by the server; nothing to do on the host`);
    const event = SCRIPTABLE_EVENTS.find((e) => e === commandName);
    if (!event) return failed(LifecycleErrorCode.UnknownError, `Unknown lifecycle event ${JSON.stringify(commandName)}`);
    return await runScripts(event, spec, context);
  } catch (e) {
    const err = coerceError(e);
    if (isExpected(err)) return failed(LifecycleErrorCode.UnknownError, err.message);
    throw err;
  }
}

function isExpected(err: Error): boolean {
  return err instanceof AppspecError || err instanceof InstallError || err instanceof UnsafeEntryError
    || err instanceof BundleMismatchError || err instanceof BundleFormatError || err instanceof AgentCallError;
}

async function runDownload(spec: DeploymentSpecification, context: LifecycleContext): Promise<CommandResult> {
  const { layout } = context;
  const revision = spec.Revision.S3Revision;
  const bundle = layout.bundleFile(spec.DeploymentGroupId, spec.DeploymentId);
  const retry = context.retry ?? (<T>(call: () => Promise<T>): Promise<T> => call());
  const bytes = await retry(() => downloadBundle(context.http, revision, bundle, context.signal));
  const archive = layout.archiveDir(spec.DeploymentGroupId, spec.DeploymentId);
  const entries = await unpackBundle(bundle, revision.BundleType, archive);
  await readAppspec(archive);
  const removed = await pruneRevisions(layout, spec.DeploymentGroupId, context.maxRevisions, [spec.DeploymentId]);
  const pruned = removed.length > 0 ? `; removed old revisions ${removed.join(', ')}` : '';
  return succeeded(`Downloaded s3://${revision.Bucket}/${revision.Key} (${bytes} bytes, ${entries} entries)${pruned}`);
}

async function runInstall(spec: DeploymentSpecification, context: LifecycleContext): Promise<CommandResult> {
  const { layout } = context;
  const archiveDir = layout.archiveDir(spec.DeploymentGroupId, spec.DeploymentId);
  const appspec = await readAppspec(archiveDir);
  const { copied, retained } = await install({
    appspec, archiveDir, defaultBehavior: spec.FileExistsBehavior, cleanupFile: layout.cleanupFile(spec.DeploymentGroupId),
  });
  await recordLastInstall(layout, spec.DeploymentGroupId, spec.DeploymentId);
  return succeeded(`Installed ${copied} file${copied === 1 ? '' : 's'}${retained > 0 ? `, kept ${retained} existing (RETAIN)` : ''}`);
}

async function runScripts(event: ScriptableEvent, spec: DeploymentSpecification, context: LifecycleContext): Promise<CommandResult> {
  const { layout } = context;
  let archiveDir = layout.archiveDir(spec.DeploymentGroupId, spec.DeploymentId);
  if (PREVIOUS_REVISION_EVENTS.includes(event)) {
    const last = await readLastInstall(layout, spec.DeploymentGroupId);
    if (!last) return succeeded(`${event} skipped: no revision of this deployment group was installed on this host before`);
    archiveDir = last.archiveDir;
  }
  const appspec = await readAppspec(archiveDir);
  const logFile = layout.scriptsLog(spec.DeploymentGroupId, spec.DeploymentId);
  await mkdir(dirname(logFile), { recursive: true });
  return runEvent({ appspec, event, archiveDir, spec, logFile, baseEnv: context.baseEnv, signal: context.signal });
}
