/**
 * What CodePipeline operations share: the running Sluice (store, pipeline service, scheduler),
 * the action type catalog and the account, plus small helpers every operation family needs.
 */
import type { LocalRuntime } from '../../runtime.ts';
import type { ActionTypeCatalog } from '../../model/action-types.ts';
import { SluiceError } from '../../model/errors.ts';
import type { PipelineDeclaration } from '../../model/pipeline.ts';

export interface CodePipelineApi {
  runtime: LocalRuntime;
  catalog: ActionTypeCatalog;
  accountId: string;
  /** How the job-worker operations treat external workers; see jobs.ts. @default {} */
  jobWorkers?: JobWorkerSettings;
}

/** Temporary credentials a job worker reads and writes its artifacts with (AWSSessionCredentials). */
export interface ArtifactCredentials { accessKeyId: string; secretAccessKey: string; sessionToken: string }

export interface JobWorkerSettings {
  /** A polled job that is not acknowledged within this long is queued again. @default 600000 (10 minutes) */
  dispatchLeaseMs?: number;
  /** Credentials for the given artifact buckets. @default none: jobs carry no `artifactCredentials` */
  artifactCredentials?(buckets: readonly string[]): Promise<ArtifactCredentials>;
  /** @default Date.now */
  now?(): number;
}

export function pipelineArn(api: CodePipelineApi, region: string, name: string): string {
  return `arn:aws:codepipeline:${region}:${api.accountId}:${name}`;
}

export async function requirePipeline(api: CodePipelineApi, name: string, version?: number): Promise<{ declaration: PipelineDeclaration; created: number; updated: number }> {
  const stored = await api.runtime.store.pipelines.get(name, version);
  if (stored) return stored;
  if (version !== undefined && await api.runtime.store.pipelines.get(name)) {
    throw new SluiceError('PipelineVersionNotFoundException', `Pipeline ${name} has no version ${version}`);
  }
  throw new SluiceError('PipelineNotFoundException', `Pipeline ${name} not found`);
}

