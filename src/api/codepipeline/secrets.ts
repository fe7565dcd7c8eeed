/**
 * Secret action configuration values (e.g. a GitHub OAuthToken): GetPipeline and the other
 * read operations return them as `****`; an update that sends `****` back keeps the stored value.
 */
import type { ActionTypeCatalog } from '../../model/action-types.ts';
import type { ActionDeclaration, PipelineDeclaration } from '../../model/pipeline.ts';

export const MASK = '****';

function secretKeys(catalog: ActionTypeCatalog, action: ActionDeclaration): string[] {
  return catalog.get(action.actionTypeId)?.configuration.filter((p) => p.secret).map((p) => p.name) ?? [];
}

function mapConfigurations(
  declaration: PipelineDeclaration, change: (action: ActionDeclaration, stageName: string) => Record<string, string> | undefined,
): PipelineDeclaration {
  return {
    ...declaration,
    stages: declaration.stages.map((stage) => ({
      ...stage,
      actions: stage.actions.map((action) => {
        const configuration = change(action, stage.name);
        return configuration ? { ...action, configuration } : action;
      }),
    })),
  };
}

export function maskSecrets(catalog: ActionTypeCatalog, declaration: PipelineDeclaration): PipelineDeclaration {
  return mapConfigurations(declaration, (action) => {
    const keys = secretKeys(catalog, action).filter((k) => action.configuration?.[k] !== undefined);
    if (keys.length === 0) return undefined;
    return { ...action.configuration, ...Object.fromEntries(keys.map((k) => [k, MASK])) };
  });
}

/** Puts the stored secret back wherever the update sends `****` for the same stage, action and key. */
export function restoreSecrets(catalog: ActionTypeCatalog, update: PipelineDeclaration, stored: PipelineDeclaration): PipelineDeclaration {
  return mapConfigurations(update, (action, stageName) => {
    const previous = stored.stages.find((s) => s.name === stageName)?.actions.find((a) => a.name === action.name);
    const keys = secretKeys(catalog, action).filter((k) => action.configuration?.[k] === MASK && previous?.configuration?.[k] !== undefined);
    if (keys.length === 0) return undefined;
    return { ...action.configuration, ...Object.fromEntries(keys.map((k) => [k, previous?.configuration?.[k] ?? MASK])) };
  });
}
