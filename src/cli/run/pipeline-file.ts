/**
 * Reads a pipeline file as `sluice run` accepts it: JSON or YAML, either the declaration itself or
 * wrapped as AWS prints and takes it (`{"pipeline": {...}}` from get-pipeline / create-pipeline).
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { SluiceError } from '../../model/errors.ts';

export async function readPipelineFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new SluiceError('ValidationException', `Cannot read pipeline file ${path}: ${(e as Error).message}`);
  }
  let document: unknown;
  try {
    document = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new SluiceError('ValidationException', `Pipeline file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(e as Error).message}`);
  }
  if (typeof document === 'object' && document !== null && 'pipeline' in document) {
    return document.pipeline;
  }
  return document;
}
