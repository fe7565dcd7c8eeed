/**
 * The pipeline target kind: `arn:aws:codepipeline:<region>:<account>:<pipeline>` starts the
 * pipeline, as StartPipelineExecution with trigger type `CloudWatchEvent` and the rule's ARN as
 * `triggerDetail`. When the target's input is a JSON object, its `variables` and
 * `sourceRevisions` (StartPipelineExecution's shapes; AWS accepts them for V2 pipelines) are
 * passed on; its other members are ignored.
 */
import { isSluiceError } from '../model/errors.ts';
import type { SourceRevisionOverride } from '../engine/state.ts';
import { SourceRevisionType } from '../model/vocabulary.ts';
import type { EventTarget } from '../store/event-ports.ts';
import { DeliveryFailure, type TargetKind } from './event-targets.ts';
import type { EventScope } from './event-names.ts';

/** StartPipelineExecution's limits: variable names `[A-Za-z0-9@\-_]+` up to 128, values up to 1000; 50 variables. */
const VARIABLE_NAME = /^[A-Za-z0-9@\-_]{1,128}$/;
const MAX_VARIABLES = 50;

export interface StartPipeline {
  startExecution(name: string, options: {
    trigger: { triggerType: 'CloudWatchEvent'; triggerDetail: string };
    variables?: { name: string; value: string }[]; sourceRevisions?: SourceRevisionOverride[];
  }): Promise<string>;
}

interface StartOverrides { variables?: { name: string; value: string }[]; sourceRevisions?: SourceRevisionOverride[] }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkVariables(value: unknown): { name: string; value: string }[] {
  if (!Array.isArray(value)) throw new Error('variables must be a list of {"name", "value"}');
  if (value.length > MAX_VARIABLES) throw new Error(`variables has ${value.length} entries; the limit is ${MAX_VARIABLES}`);
  return value.map((v, i) => {
    if (!isRecord(v) || typeof v.name !== 'string' || typeof v.value !== 'string') throw new Error(`variables[${i}] must be {"name": string, "value": string}`);
    if (!VARIABLE_NAME.test(v.name)) throw new Error(`variables[${i}].name must be 1 to 128 letters, digits, @, - or _`);
    if (v.value.length < 1 || v.value.length > 1000) throw new Error(`variables[${i}].value must be 1 to 1000 characters`);
    return { name: v.name, value: v.value };
  });
}

function checkSourceRevisions(value: unknown): SourceRevisionOverride[] {
  if (!Array.isArray(value)) throw new Error('sourceRevisions must be a list of {"actionName", "revisionType", "revisionValue"}');
  return value.map((v, i) => {
    if (!isRecord(v) || typeof v.actionName !== 'string' || typeof v.revisionValue !== 'string' || typeof v.revisionType !== 'string') {
      throw new Error(`sourceRevisions[${i}] must be {"actionName", "revisionType", "revisionValue"} strings`);
    }
    if (!Object.hasOwn(SourceRevisionType, v.revisionType)) {
      throw new Error(`sourceRevisions[${i}].revisionType must be one of ${Object.keys(SourceRevisionType).join(', ')}`);
    }
    return { actionName: v.actionName, revisionType: v.revisionType as SourceRevisionOverride['revisionType'], revisionValue: v.revisionValue };
  });
}

/** The start overrides an input carries; throws naming the problem. */
export function startOverridesOf(input: string): StartOverrides {
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    return {};
  }
  if (!isRecord(parsed)) return {};
  return {
    ...(parsed.variables !== undefined && { variables: checkVariables(parsed.variables) }),
    ...(parsed.sourceRevisions !== undefined && { sourceRevisions: checkSourceRevisions(parsed.sourceRevisions) }),
  };
}

export function pipelineNameOf(scope: EventScope, arn: string): string | undefined {
  const prefix = `arn:aws:codepipeline:${scope.region}:${scope.accountId}:`;
  const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : '';
  return /^[A-Za-z0-9.@\-_]{1,100}$/.test(name) ? name : undefined;
}

export function makePipelineTargetKind(scope: EventScope, pipelines: StartPipeline): TargetKind {
  return {
    async check(target: EventTarget) {
      if (pipelineNameOf(scope, target.Arn) === undefined) {
        return `${target.Arn} is not a pipeline ARN of this account and region (arn:aws:codepipeline:${scope.region}:${scope.accountId}:<name>).`;
      }
      if (target.Input === undefined) return undefined;
      try {
        startOverridesOf(target.Input);
        return undefined;
      } catch (e) {
        return `Input: ${(e as Error).message}.`;
      }
    },
    async deliver({ target, input, ruleArn }) {
      let overrides: StartOverrides;
      try {
        overrides = startOverridesOf(input);
      } catch (e) {
        throw new DeliveryFailure(`The input cannot start a pipeline: ${(e as Error).message}`, false);
      }
      const name = pipelineNameOf(scope, target.Arn) ?? '';
      try {
        await pipelines.startExecution(name, { trigger: { triggerType: 'CloudWatchEvent', triggerDetail: ruleArn }, ...overrides });
      } catch (e) {
        // Bad variables never get better; a missing or busy pipeline may.
        if (isSluiceError(e)) throw new DeliveryFailure(`${e.code}: ${e.message}`, e.code !== 'ValidationException');
        throw e;
      }
    },
  };
}
