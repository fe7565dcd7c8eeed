/**
 * What CodePipeline operations share: the running Sluice (store, pipeline service, scheduler),
 * the action type catalog and the account, plus small helpers every operation family needs.
 */
import type { LocalRuntime } from '../../cli/local-runtime.ts';
import type { ActionTypeCatalog } from '../../model/action-types.ts';
import { SluiceError } from '../../model/errors.ts';
import type { PipelineDeclaration } from '../../model/pipeline.ts';

export interface CodePipelineApi {
  runtime: LocalRuntime;
  catalog: ActionTypeCatalog;
  accountId: string;
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

