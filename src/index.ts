/**
 * Sluice as a library: validate pipeline declarations, run the engine on a store, and drive it
 * through the pipeline service. Everything else is internal.
 */
export { openLocalRuntime, type LocalRuntime, type LocalRuntimeOptions } from './runtime.ts';
export { decide, type Decision, type EngineReply } from './engine/decide.ts';
export type { DecideContext, IdGen } from './engine/context.ts';
export type { EngineEvent } from './engine/events.ts';
export type { EngineCommand } from './engine/commands.ts';
export type { PipelineEvent } from './engine/pipeline-events.ts';
export type { ActionExecutionState, EngineState, ExecutionState } from './engine/state.ts';
export { makeActionTypeCatalog, type ActionTypeCatalog, type ActionTypeSpec } from './model/action-types.ts';
export { isSluiceError, SluiceError, type ErrorCode } from './model/errors.ts';
export type { PipelineDeclaration } from './model/pipeline.ts';
export { assertValidPipeline, validatePipeline } from './model/validate-pipeline.ts';
export type { ValidationIssue } from './model/validation-issue.ts';
export { ActionFailure, type ActionContext, type ActionProvider, type ActionResult } from './providers/provider.ts';
export { ProviderRegistry } from './providers/registry.ts';
export { Scheduler, type SchedulerOptions } from './scheduler/scheduler.ts';
export { PipelineService } from './services/pipelines.ts';
export type { Store } from './store/ports.ts';
export { openSqliteStore } from './store/sqlite/open.ts';
