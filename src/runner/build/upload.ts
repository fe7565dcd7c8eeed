/**
 * UPLOAD_ARTIFACTS: for each artifact target of the run, selects the files of the matching
 * buildspec block (`artifacts` for the primary target `''`, `secondary-artifacts.<id>` for the
 * others) and hands them to the target. A target without a block, or a block that matches no
 * file, fails the phase; every target is attempted and every problem reported.
 */
import type { Buildspec, ArtifactSelection } from '../../model/buildspec/types.ts';
import { selectArtifactFiles } from './artifact-files.ts';
import type { BuildArtifactTarget, PhaseContext } from './contract.ts';

export interface UploadResult {
  artifacts: Record<string, { location: string }>;
  problems: PhaseContext[];
}

function blockFor(buildspec: Buildspec, id: string): (ArtifactSelection & { name?: string }) | undefined {
  const artifacts = buildspec.artifacts;
  if (!artifacts) return undefined;
  return id === '' ? artifacts : artifacts.secondaryArtifacts[id];
}

function describe(id: string): string {
  return id === '' ? 'the primary artifact' : `secondary artifact ${id}`;
}

export async function uploadArtifacts(
  buildspec: Buildspec, sourceDir: string, targets: readonly BuildArtifactTarget[],
  evaluateName: (name: string) => Promise<string | undefined>,
): Promise<UploadResult> {
  const result: UploadResult = { artifacts: {}, problems: [] };
  for (const target of targets) {
    const block = blockFor(buildspec, target.id);
    if (!block) {
      const where = target.id === '' ? 'an artifacts section' : `secondary-artifacts.${target.id}`;
      result.problems.push({ statusCode: 'CLIENT_ERROR', message: `The buildspec has no ${where} for ${describe(target.id)}` });
      continue;
    }
    try {
      const files = await selectArtifactFiles(sourceDir, block);
      if (files.length === 0) {
        result.problems.push({ statusCode: 'CLIENT_ERROR', message: `no matching artifact paths found for ${describe(target.id)}` });
        continue;
      }
      const name = block.name === undefined ? undefined : await evaluateName(block.name);
      result.artifacts[target.id] = await target.put(files, name);
    } catch (e) {
      result.problems.push({ statusCode: 'CLIENT_ERROR', message: `Failed to upload ${describe(target.id)}: ${(e as Error).message}` });
    }
  }
  return result;
}
