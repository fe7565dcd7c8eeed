/**
 * A job's input and output artifacts as the build runner's sources and artifact targets: each
 * input zip is unpacked into its source directory (the first is the primary source), and each
 * output artifact receives the files its buildspec block selects, zipped at the job's location.
 */
import type { ArtifactLocation, ArtifactStore } from '../artifacts/ports.ts';
import type { JobArtifact } from '../engine/commands.ts';
import type { BuildArtifactTarget, BuildSource } from '../runner/build/contract.ts';

export function locationOf(artifact: JobArtifact): { bucket: string; key: string } {
  return { bucket: artifact.location.s3Location.bucketName, key: artifact.location.s3Location.objectKey };
}

/** The inputs as sources: the first is the primary source, the others `CODEBUILD_SRC_DIR_<name>`. */
export function sourcesOf(inputs: readonly JobArtifact[], artifacts: ArtifactStore): BuildSource[] {
  return inputs.map((input, index) => ({
    id: index === 0 ? '' : input.name,
    async fetch(dir: string) {
      await artifacts.extractTo(locationOf(input), dir);
      return input.revision === undefined ? {} : { version: input.revision, ...(index === 0 && { resolvedVersion: input.revision }) };
    },
  }));
}

/** An artifact target that zips its files into the object at `location`. */
export function zipTarget(id: string, location: ArtifactLocation, artifacts: ArtifactStore): BuildArtifactTarget {
  return {
    id,
    async put(files) {
      await artifacts.putFiles(location, files, 'zip');
      return { location: `arn:aws:s3:::${location.bucket}/${location.key}` };
    },
  };
}

/** The outputs as artifact targets; `idOf` names the buildspec block each one takes its files from (`''`: `artifacts`). */
export function targetsOf(outputs: readonly JobArtifact[], artifacts: ArtifactStore, idOf: (output: JobArtifact, index: number) => string): BuildArtifactTarget[] {
  return outputs.map((output, index) => zipTarget(idOf(output, index), locationOf(output), artifacts));
}
