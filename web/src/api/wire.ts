/**
 * The AWS API's shapes as they travel in JSON. Types come from the official SDK clients (type-only
 * imports: nothing of the SDK is bundled), with one change: the SDK turns timestamps into `Date`,
 * while the JSON protocol carries epoch seconds, so `Wire<T>` maps every `Date` to a number.
 */
import type * as CP from '@aws-sdk/client-codepipeline';
import type * as CB from '@aws-sdk/client-codebuild';

export type Wire<T> =
  T extends Date ? number
  : T extends readonly (infer U)[] ? Wire<U>[]
  : T extends object ? { [K in keyof T]: Wire<T[K]> }
  : T;

type Out<T> = Wire<Omit<T, '$metadata'>>;

export type PipelineSummary = Wire<CP.PipelineSummary>;
export type PipelineDeclaration = Wire<CP.PipelineDeclaration>;
export type StageDeclaration = Wire<CP.StageDeclaration>;
export type ActionDeclaration = Wire<CP.ActionDeclaration>;
export type PipelineExecutionSummary = Wire<CP.PipelineExecutionSummary>;
export type PipelineExecution = Wire<CP.PipelineExecution>;
export type StageState = Wire<CP.StageState>;
export type ActionState = Wire<CP.ActionState>;
export type ActionExecutionDetail = Wire<CP.ActionExecutionDetail>;
export type SourceRevision = Wire<CP.SourceRevision>;
export type Build = Wire<CB.Build>;
export type BuildPhase = Wire<CB.BuildPhase>;
export type Report = Wire<CB.Report>;
export type TestCase = Wire<CB.TestCase>;

export type ListPipelinesOutput = Out<CP.ListPipelinesOutput>;
export type GetPipelineOutput = Out<CP.GetPipelineOutput>;
export type GetPipelineStateOutput = Out<CP.GetPipelineStateOutput>;
export type ListPipelineExecutionsOutput = Out<CP.ListPipelineExecutionsOutput>;
export type GetPipelineExecutionOutput = Out<CP.GetPipelineExecutionOutput>;
export type ListActionExecutionsOutput = Out<CP.ListActionExecutionsOutput>;
export type StartPipelineExecutionOutput = Out<CP.StartPipelineExecutionOutput>;
export type RetryStageExecutionOutput = Out<CP.RetryStageExecutionOutput>;
export type BatchGetBuildsOutput = Out<CB.BatchGetBuildsOutput>;
export type BatchGetReportsOutput = Out<CB.BatchGetReportsOutput>;
export type DescribeTestCasesOutput = Out<CB.DescribeTestCasesOutput>;

export type PipelineExecutionStatus = CP.PipelineExecutionStatus;
export type StageExecutionStatus = CP.StageExecutionStatus;
export type ActionExecutionStatus = CP.ActionExecutionStatus;
