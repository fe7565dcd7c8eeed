/**
 * The artifact store: one zip object per output artifact, addressed like S3 (bucket + key), so a
 * job worker written for AWS finds artifacts where it expects them.
 */

export interface ArtifactLocation { bucket: string; key: string }

export interface ArtifactStore {
  /** Zips `dir` (every file under it, or only `files` relative paths) into the object at `location`. */
  putDirectory(location: ArtifactLocation, dir: string, files?: readonly string[]): Promise<{ bytes: number }>;
  /**
   * Stores files under their `path`s: zipped into the object at `location`, or (`'none'`) each as
   * its own object under the `location.key/` prefix.
   */
  putFiles(location: ArtifactLocation, files: readonly { path: string; source: string }[], packaging: 'zip' | 'none'): Promise<{ bytes: number }>;
  /** Unzips the object at `location` into `dir` (created if missing). */
  extractTo(location: ArtifactLocation, dir: string): Promise<void>;
  exists(location: ArtifactLocation): Promise<boolean>;
  /** Creates the bucket if it does not exist (a pipeline's artifact store, so workers can upload into it). */
  ensureBucket(bucket: string): Promise<void>;
}
