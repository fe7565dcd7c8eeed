/**
 * The providers of a local run: every Source action reads a local directory, Commands and
 * CodeBuild actions run here with the build runner (a CodeBuild action runs its source's
 * buildspec), and every other built-in type this Sluice cannot carry out yet fails clearly.
 */
import { BUILT_IN_ACTION_TYPES } from '../../model/action-types.ts';
import { commandsProvider } from '../../providers/commands.ts';
import { makeLocalCodeBuildProvider } from '../../providers/local-codebuild.ts';
import { makeLocalSourceProvider } from '../../providers/local-source.ts';
import { ProviderRegistry } from '../../providers/registry.ts';
import { failUnservedBuiltIns } from '../../providers/unavailable.ts';

export function localRunRegistry(sourceDirectories: Record<string, string>): ProviderRegistry {
  const sources = BUILT_IN_ACTION_TYPES.filter((t) => t.id.category === 'Source').map((t) => t.id);
  return failUnservedBuiltIns(new ProviderRegistry()
    .register(makeLocalSourceProvider(sources, sourceDirectories))
    .register(commandsProvider)
    .register(makeLocalCodeBuildProvider()));
}
