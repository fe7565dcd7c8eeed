/**
 * Reads and validates the appspec at a deployment archive's root (`appspec.yml`, or
 * `appspec.yaml` as newer agents accept).
 */
import { join } from 'node:path';
import { parseAppspec } from '../model/appspec/parse.ts';
import type { Appspec } from '../model/appspec/types.ts';
import { readIfExists } from './durable-file.ts';

export class AppspecError extends Error {
  override name = 'AppspecError';
}

export async function readAppspec(archiveDir: string): Promise<Appspec> {
  for (const name of ['appspec.yml', 'appspec.yaml']) {
    const text = await readIfExists(join(archiveDir, name));
    if (text === undefined) continue;
    const { appspec, issues } = parseAppspec(text);
    const errors = issues.filter((i) => i.severity === 'error');
    if (appspec && errors.length === 0) return appspec;
    throw new AppspecError(`The ${name} in the bundle is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${errors.map((i) => i.message).join('; ')}`);
  }
  throw new AppspecError('The bundle has no appspec.yml at its root');
}
