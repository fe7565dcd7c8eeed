/**
 * Validation of a pipeline declaration as CreatePipeline / UpdatePipeline receive it (spec §1).
 *
 * The input is untyped JSON. Validation runs in two passes and collects every issue:
 * 1. shape: each member's type, presence, length, pattern, enum and range (ValidationException),
 *    building a normalized copy;
 * 2. cross-references on that copy: structure, artifacts, namespaces, action types, V2-only
 *    features and `#{…}` references, each with the exception type of spec §1.2.
 * Pass 2 is skipped when `stages` is not a list, since every rule there walks the stages.
 *
 * Unknown members are ignored, as AWS's JSON deserializer ignores them, and are not copied into
 * the normalized declaration.
 */
import type { ActionTypeCatalog } from './action-types.ts';
import { ErrorCode, SluiceError } from './errors.ts';
import type { PipelineDeclaration } from './pipeline.ts';
import { throwIfErrors, type ValidationIssue } from './validation-issue.ts';
import { checkActionTypes } from './validation/action-rules.ts';
import { checkArtifacts, checkNamespaces } from './validation/artifacts.ts';
import { makeIssues } from './validation/fields.ts';
import { parsePipeline } from './validation/parse-pipeline.ts';
import { checkStructure } from './validation/structure.ts';
import { checkV2Features } from './validation/v2-features.ts';
import { checkVariableReferences } from './validation/variable-refs.ts';

export interface ValidatePipelineOptions {
  /**
   * The region the pipeline lives in. When set, artifactStores must cover it and a single
   * artifactStore forbids actions in other regions.
   * @default undefined (region coverage is checked only for explicit action regions)
   */
  homeRegion?: string;
}

export interface PipelineValidation {
  /**
   * The normalized declaration when there is no error: known members only, `runOrder` 1,
   * `executionMode` SUPERSEDED and `pipelineType` V1 filled in, `version` removed.
   */
  pipeline: PipelineDeclaration | undefined;
  /** Every error and warning found, in check order. */
  issues: ValidationIssue[];
}

/** Checks a declaration (the `pipeline` member of a CreatePipeline request) without throwing. */
export function validatePipeline(input: unknown, catalog: ActionTypeCatalog,
  options: ValidatePipelineOptions = {}): PipelineValidation {
  const issues = makeIssues();
  const checked = parsePipeline(issues, input);
  if (checked?.stagesValid) {
    checkStructure(issues, checked, options);
    checkArtifacts(issues, checked);
    checkNamespaces(issues, checked);
    checkActionTypes(issues, checked, catalog);
    checkV2Features(issues, checked);
    checkVariableReferences(issues, checked);
  }
  const failed = issues.list.some((i) => i.severity === 'error');
  return { pipeline: failed ? undefined : checked?.decl, issues: issues.list };
}

/**
 * Returns the normalized declaration, or throws one SluiceError carrying the first error's code
 * and every error message (`N validation errors detected: …`).
 */
export function assertValidPipeline(input: unknown, catalog: ActionTypeCatalog,
  options: ValidatePipelineOptions = {}): PipelineDeclaration {
  const { pipeline, issues } = validatePipeline(input, catalog, options);
  throwIfErrors(issues);
  // Unreachable: without errors the parse always yields a declaration.
  if (!pipeline) throw new SluiceError(ErrorCode.InternalFailure, 'Pipeline validation produced no declaration');
  return pipeline;
}
