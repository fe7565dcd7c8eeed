/**
 * Earlier versions of objects, kept so an execution pinned to an object version (an S3 source
 * started by that upload) still reads those bytes after a newer upload replaced them, and so
 * `GetObject?versionId=` serves them. Every object written through the S3 endpoint gets a version
 * id; when an upload replaces an object that has one, the old file is hard-linked (no copy) to
 * `<stateDir>/versions/<hash of bucket and key>/<versionId>` with its description beside it as
 * `<versionId>.json`.
 *
 * As on a versioned S3 bucket, replaced versions stay until removed by hand; objects the built-in
 * actions write in place (artifacts) have no version id and are never kept.
 */
import { createHash } from 'node:crypto';
import { link, mkdir, open, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ObjectInfo } from './ports.ts';

/** S3 version ids are opaque URL-safe strings; this bounds what is ever joined into a path. */
const VERSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface VersionFiles {
  /** Keeps the file at `path`, described by `info`, as version `info.versionId`. */
  retain(path: string, info: ObjectInfo): Promise<void>;
  /** A kept version, opened for reading, or undefined. */
  open(bucket: string, key: string, versionId: string): Promise<{ info: ObjectInfo; handle: FileHandle } | undefined>;
}

export function makeVersionFiles(stateDir: string): VersionFiles {
  const dirOf = (bucket: string, key: string): string => join(stateDir, 'versions', createHash('sha256').update(`${bucket}\0${key}`, 'utf8').digest('hex'));
  return {
    async retain(path, info) {
      if (info.versionId === undefined || !VERSION_ID.test(info.versionId)) return;
      const dir = dirOf(info.bucket, info.key);
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `${info.versionId}.json.tmp`);
      await writeFile(temp, JSON.stringify(info));
      await rename(temp, join(dir, `${info.versionId}.json`));
      await link(path, join(dir, info.versionId)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
    },
    async open(bucket, key, versionId) {
      if (!VERSION_ID.test(versionId)) return undefined;
      const dir = dirOf(bucket, key);
      const text = await readFile(join(dir, `${versionId}.json`), 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      const handle = await open(join(dir, versionId), 'r').catch(() => undefined);
      return handle && { info: JSON.parse(text) as ObjectInfo, handle };
    },
  };
}
