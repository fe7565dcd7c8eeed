/**
 * CodePipeline state-change events in EventBridge's envelope (spec: events.md §1, codepipeline.md
 * §5). API statuses are PascalCase; event states are UPPER_CASE and say CANCELED with one L.
 */
import type { ActionTypeId } from '../model/pipeline.ts';

export const PipelineEventDetailType = {
  Pipeline: 'CodePipeline Pipeline Execution State Change',
  Stage: 'CodePipeline Stage Execution State Change',
  Action: 'CodePipeline Action Execution State Change',
} as const;
export type PipelineEventDetailType = (typeof PipelineEventDetailType)[keyof typeof PipelineEventDetailType];

export type PipelineEventState =
  | 'STARTED' | 'SUCCEEDED' | 'RESUMED' | 'FAILED' | 'CANCELED' | 'SUPERSEDED' | 'STOPPING' | 'STOPPED' | 'ABANDONED';

export interface PipelineEvent {
  version: '0';
  id: string;
  'detail-type': PipelineEventDetailType;
  source: 'aws.codepipeline';
  account: string;
  /** ISO-8601, seconds precision, UTC. */
  time: string;
  region: string;
  resources: string[];
  detail: PipelineEventDetail;
}

export interface PipelineEventDetail {
  pipeline: string;
  'execution-id': string;
  state: PipelineEventState;
  version: number;
  stage?: string;
  action?: string;
  region?: string;
  type?: ActionTypeId;
  'execution-trigger'?: { 'trigger-type': string; 'trigger-detail'?: string };
  'stop-execution-comments'?: string;
  'input-artifacts'?: EventArtifact[];
  'output-artifacts'?: EventArtifact[];
  'execution-result'?: {
    'external-execution-url'?: string;
    'external-execution-summary'?: string;
    'external-execution-id'?: string;
    'error-code'?: string;
  };
}

export interface EventArtifact { name: string; s3location: { bucket: string; key: string } }
