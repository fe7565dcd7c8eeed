/**
 * Runs the scripts of one lifecycle event from an appspec, in listed order, stopping at the first
 * that fails. Each script gets the deployment's environment (LIFECYCLE_EVENT, DEPLOYMENT_ID,
 * APPLICATION_NAME, DEPLOYMENT_GROUP_NAME, DEPLOYMENT_GROUP_ID, and BUNDLE_* for the revision)
 * on top of the agent's own, and its output lands in the deployment's scripts.log.
 *
 * The event as a whole has 3600 seconds (CodeDeploy's cap): each script's timeout is its own or
 * what is left of that budget, whichever is shorter.
 */
import { MAX_EVENT_TIMEOUT_SECONDS, type Appspec, type ScriptableEvent } from '../../model/appspec/types.ts';
import { LifecycleErrorCode, type DeploymentSpecification } from '../../model/deploy/host-commands.ts';
import { failed, succeeded, type CommandResult } from '../command-result.ts';
import { ScriptOutputLog } from './output-log.ts';
import { runScript, type ScriptOutcome } from './run-script.ts';

export interface EventRun {
  appspec: Appspec;
  event: ScriptableEvent;
  /** The bundle root the scripts come from (for ApplicationStop: the last successful revision's). */
  archiveDir: string;
  /** The deployment whose command this is. */
  spec: DeploymentSpecification;
  logFile: string;
  /** The agent's environment, under the deployment's variables. */
  baseEnv: Record<string, string | undefined>;
  signal: AbortSignal;
  /** @default Date.now */
  nowMs?: () => number;
}

const ERROR_CODE: Record<Exclude<ScriptOutcome['kind'], 'succeeded'>, LifecycleErrorCode> = {
  missing: LifecycleErrorCode.ScriptMissing,
  'not-runnable': LifecycleErrorCode.ScriptNotExecutable,
  failed: LifecycleErrorCode.ScriptFailed,
  'timed-out': LifecycleErrorCode.ScriptTimedOut,
  killed: LifecycleErrorCode.ScriptFailed,
};

export async function runEvent(run: EventRun): Promise<CommandResult> {
  const scripts = run.appspec.hooks[run.event] ?? [];
  if (scripts.length === 0) return succeeded(`No scripts for ${run.event}`);
  const log = new ScriptOutputLog(run.logFile);
  log.note(`LifecycleEvent - ${run.event}`);
  const env = scriptEnvironment(run);
  const nowMs = run.nowMs ?? Date.now;
  const deadline = nowMs() + MAX_EVENT_TIMEOUT_SECONDS * 1000;
  for (const script of scripts) {
    log.note(`Script - ${script.location}`);
    const outcome = await runScript({
      archiveDir: run.archiveDir, location: script.location, timeoutMs: Math.max(0, Math.min(script.timeoutSeconds * 1000, deadline - nowMs())),
      env, log, signal: run.signal, ...(script.runas !== undefined && { runas: script.runas }),
    });
    if (outcome.kind !== 'succeeded') {
      log.note(outcome.message);
      return failed(ERROR_CODE[outcome.kind], outcome.message, script.location, log.diagnosticTail());
    }
  }
  return succeeded(`Ran ${scripts.length} script${scripts.length === 1 ? '' : 's'} of ${run.event}`, log.diagnosticTail());
}

function scriptEnvironment(run: EventRun): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(run.baseEnv)) if (value !== undefined) env[name] = value;
  const { spec } = run;
  const s3 = spec.Revision.S3Revision;
  Object.assign(env, {
    LIFECYCLE_EVENT: run.event,
    DEPLOYMENT_ID: spec.DeploymentId,
    APPLICATION_NAME: spec.ApplicationName,
    DEPLOYMENT_GROUP_NAME: spec.DeploymentGroupName,
    DEPLOYMENT_GROUP_ID: spec.DeploymentGroupId,
    BUNDLE_BUCKET: s3.Bucket,
    BUNDLE_KEY: s3.Key,
    BUNDLE_VERSION: s3.Version ?? '',
    BUNDLE_ETAG: s3.ETag ?? '',
  });
  return env;
}
