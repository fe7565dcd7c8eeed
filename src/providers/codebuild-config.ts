/**
 * The configuration of a `CodeBuild` action as AWS reads it, shared by the server's provider
 * (which starts a build of the project) and the local one of `sluice run` (which runs the source's
 * buildspec): `PrimarySource` and `EnvironmentVariables`.
 */
import type { JobArtifact, JobData } from '../engine/commands.ts';
import { ActionFailure } from './provider.ts';

/** The action's input artifacts, the primary source (the only one, or `PrimarySource`) first. */
export function inputsPrimaryFirst(data: JobData): JobArtifact[] {
  const primaryName = data.actionConfiguration.configuration.PrimarySource;
  if (data.inputArtifacts.length > 1 && primaryName === undefined) {
    throw new ActionFailure('PrimarySource is required when the action has more than one input artifact', 'ConfigurationError');
  }
  const primary = primaryName === undefined ? data.inputArtifacts[0] : data.inputArtifacts.find((a) => a.name === primaryName);
  if (primaryName !== undefined && !primary) throw new ActionFailure(`PrimarySource ${primaryName} is not an input artifact of the action`, 'ConfigurationError');
  return primary ? [primary, ...data.inputArtifacts.filter((a) => a !== primary)] : [];
}

const VARIABLE_TYPES = new Set(['PLAINTEXT', 'PARAMETER_STORE', 'SECRETS_MANAGER']);

/** The action's `EnvironmentVariables` JSON, checked; undefined when it has none. */
export function environmentVariablesOf(text: string | undefined): { name: string; value: string; type: string }[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ActionFailure('EnvironmentVariables is not valid JSON: expected an array of {"name", "value", "type"}', 'ConfigurationError');
  }
  if (!Array.isArray(parsed)) throw new ActionFailure('EnvironmentVariables must be a JSON array of {"name", "value", "type"}', 'ConfigurationError');
  return parsed.map((entry: unknown, index) => {
    const v = (entry ?? {}) as Record<string, unknown>;
    if (typeof v.name !== 'string' || v.name === '' || typeof v.value !== 'string') {
      throw new ActionFailure(`EnvironmentVariables[${index}] needs a string "name" and "value"`, 'ConfigurationError');
    }
    const type = v.type === undefined ? 'PLAINTEXT' : typeof v.type === 'string' ? v.type : JSON.stringify(v.type);
    if (!VARIABLE_TYPES.has(type)) throw new ActionFailure(`EnvironmentVariables[${index}].type must be one of ${[...VARIABLE_TYPES].join(', ')}`, 'ConfigurationError');
    return { name: v.name, value: v.value, type };
  });
}

