/**
 * Artifact store on the local file system: `<root>/<bucket>/<key>` holds the zip.
 */
import { access, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ArtifactLocation, ArtifactStore } from './ports.ts';
import { unzipTo, zipDirectory, zipFiles } from './zip.ts';

export function makeFsArtifactStore(root: string): ArtifactStore {
  const absoluteRoot = resolve(root);
  const pathOf = (location: ArtifactLocation): string => {
    const path = resolve(join(absoluteRoot, location.bucket, location.key));
    if (!path.startsWith(absoluteRoot + sep)) throw new Error(`Invalid artifact location ${location.bucket}/${location.key}`);
    return path;
  };
  return {
    async putDirectory(location, dir, files) {
      const zip = await zipDirectory(dir, files);
      const path = pathOf(location);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, zip);
      return { bytes: zip.byteLength };
    },
    async putFiles(location, files, packaging) {
      if (packaging === 'zip') {
        const zip = await zipFiles(files);
        const path = pathOf(location);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, zip);
        return { bytes: zip.byteLength };
      }
      let bytes = 0;
      for (const file of files) {
        const path = pathOf({ bucket: location.bucket, key: `${location.key}/${file.path}` });
        await mkdir(dirname(path), { recursive: true });
        await copyFile(file.source, path);
        bytes += (await stat(path)).size;
      }
      return { bytes };
    },
    async extractTo(location, dir) {
      await unzipTo(await readFile(pathOf(location)), dir);
    },
    async ensureBucket(bucket) {
      const path = resolve(join(absoluteRoot, bucket));
      if (!path.startsWith(absoluteRoot + sep) || path.slice(absoluteRoot.length + 1).includes(sep)) throw new Error(`Invalid bucket ${bucket}`);
      await mkdir(path, { recursive: true });
    },
    async exists(location) {
      return access(pathOf(location)).then(() => true, () => false);
    },
  };
}
