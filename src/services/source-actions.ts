/**
 * The source actions of a pipeline that Sluice itself watches for changes: S3 sources (started by
 * writes to their object) and, when they ask to be polled, CodeCommit and S3 sources.
 */
import type { ActionDeclaration, PipelineDeclaration } from '../model/pipeline.ts';

/** True when the action's configuration says `PollForSourceChanges: "true"` (any case). */
export function pollsForChanges(action: ActionDeclaration): boolean {
  return action.configuration?.PollForSourceChanges?.toLowerCase() === 'true';
}

/** The source actions of `pipeline` (they all live in its first stage). */
export function sourceActionsOf(pipeline: PipelineDeclaration): ActionDeclaration[] {
  return (pipeline.stages[0]?.actions ?? []).filter((a) => a.actionTypeId.category === 'Source' && a.actionTypeId.owner === 'AWS');
}

/** S3 source actions reading `bucket`/`key` that are started by writes (not polled). */
export function s3SourcesWatching(pipeline: PipelineDeclaration, bucket: string, key: string): ActionDeclaration[] {
  return sourceActionsOf(pipeline).filter((a) => a.actionTypeId.provider === 'S3' && !pollsForChanges(a)
    && a.configuration?.S3Bucket === bucket && a.configuration.S3ObjectKey === key);
}
