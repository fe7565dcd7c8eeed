/**
 * Object metadata kept beside the artifact store, never inside it: one JSON file per object under
 * `<stateDir>/meta/`, named by a hash of bucket and key (so no key can collide with another's
 * metadata or show up in a listing). A record holds the ETag and what the client sent (content
 * type, user metadata, checksum), and the file's size, mtime and inode when it was written.
 *
 * A record is trusted only while those three still match the file: the built-in actions rewrite
 * artifacts in place without knowing about metadata, and a stale record is then replaced by one
 * computed from the file (its MD5 as the ETag, no client metadata). Records are written to a
 * temporary name and renamed, so a reader never sees half of one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ObjectInfo, ObjectMetadata } from './ports.ts';

interface MetaRecord {
  size: number;
  mtimeMs: number;
  ino: number;
  etag: string;
  partsCount?: number;
  versionId?: string;
  metadata: ObjectMetadata;
}

export interface MetaFiles {
  /** The object's description for a file with these stats, from its record or recomputed. */
  describe(bucket: string, key: string, stats: Stats, source: { path: string } | { fd: number }): Promise<ObjectInfo>;
  write(bucket: string, key: string, stats: Stats, record: Pick<MetaRecord, 'etag' | 'partsCount' | 'versionId' | 'metadata'>): Promise<void>;
  remove(bucket: string, key: string): Promise<void>;
}

/** Hex MD5 of a file, read from its path or an open descriptor (which stays open). */
export async function md5OfFile(source: { path: string } | { fd: number }): Promise<string> {
  const hash = createHash('md5');
  const stream = 'fd' in source ? createReadStream('', { fd: source.fd, start: 0, autoClose: false }) : createReadStream(source.path);
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function makeMetaFiles(stateDir: string): MetaFiles {
  const pathOf = (bucket: string, key: string): string => {
    const id = createHash('sha256').update(`${bucket}\0${key}`, 'utf8').digest('hex');
    return join(stateDir, 'meta', id.slice(0, 2), `${id.slice(2)}.json`);
  };

  async function read(bucket: string, key: string): Promise<MetaRecord | undefined> {
    const text = await readFile(pathOf(bucket, key), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as MetaRecord;
    } catch {
      return undefined; // A torn or foreign file: recompute.
    }
  }

  async function write(bucket: string, key: string, stats: Stats, record: Pick<MetaRecord, 'etag' | 'partsCount' | 'versionId' | 'metadata'>): Promise<void> {
    const path = pathOf(bucket, key);
    const full: MetaRecord = { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, ...record };
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomUUID()}.tmp`;
    await writeFile(temp, JSON.stringify(full));
    await rename(temp, path);
  }

  return {
    write,
    async describe(bucket, key, stats, source) {
      let record = await read(bucket, key);
      if (!record || record.size !== stats.size || record.mtimeMs !== stats.mtimeMs || record.ino !== stats.ino) {
        record = { size: stats.size, mtimeMs: stats.mtimeMs, ino: stats.ino, etag: `"${await md5OfFile(source)}"`, metadata: { userMetadata: {} } };
        await write(bucket, key, stats, record);
      }
      return {
        ...record.metadata, bucket, key, size: stats.size, etag: record.etag, lastModifiedMs: stats.mtimeMs,
        ...(record.partsCount !== undefined && { partsCount: record.partsCount }),
        ...(record.versionId !== undefined && { versionId: record.versionId }),
      };
    },
    async remove(bucket, key) {
      await rm(pathOf(bucket, key), { force: true });
    },
  };
}
