/**
 * Variable references `#{namespace.key}`, resolved just before an action starts.
 * Reserved namespaces: `codepipeline` (PipelineExecutionId) and `variables` (pipeline-level
 * variables, V2). Every other namespace is an action's `namespace` with its output variables.
 */
import { splitReference, VARIABLE_REFERENCE } from '../model/variable-references.ts';
import type { ExecutionState } from './state.ts';
import { own } from '../model/records.ts';

export interface VariableScope {
  executionId: string;
  pipelineVariables: Record<string, string>;
  namespaces: Record<string, Record<string, string>>;
}

export function variableScopeOf(execution: ExecutionState): VariableScope {
  return {
    executionId: execution.pipelineExecutionId,
    pipelineVariables: Object.fromEntries(execution.variables.map((v) => [v.name, v.resolvedValue])),
    namespaces: execution.namespaces,
  };
}

function lookup(scope: VariableScope, namespace: string, key: string): string | undefined {
  if (namespace === 'codepipeline') return key === 'PipelineExecutionId' ? scope.executionId : undefined;
  if (namespace === 'variables') return own(scope.pipelineVariables, key);
  const variables = own(scope.namespaces, namespace);
  return variables && own(variables, key);
}

/** Replaces every reference in `text`; collects the ones that name nothing. */
export function resolveText(text: string, scope: VariableScope, unresolved: Set<string>): string {
  return text.replace(VARIABLE_REFERENCE, (whole, inner: string) => {
    const parts = splitReference(inner);
    const value = parts && lookup(scope, parts.namespace, parts.key);
    if (value === undefined) {
      unresolved.add(whole);
      return whole;
    }
    return value;
  });
}

export function resolveRecord(record: Record<string, string>, scope: VariableScope, unresolved: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, resolveText(v, scope, unresolved)]));
}
