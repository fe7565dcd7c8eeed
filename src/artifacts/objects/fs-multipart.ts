/**
 * Multipart uploads on the file system, under `<stateDir>/uploads/<uploadId>/`:
 * `upload.json` (bucket, key, metadata), and per part a data file `<n>-<random>.part` with its
 * record `<n>.json` (ETag, size, checksum, data file name). A part uploaded again gets a new data
 * file and its record is replaced by rename, so concurrent uploads of one part number leave one
 * consistent part. Completing concatenates the named parts into a temporary file, renames it into
 * place like any upload, and removes the upload folder.
 *
 * Limits are S3's: parts 1–10,000; every part but the last at least 5 MiB.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChecksumAlgorithm } from './checksums.ts';
import { ObjectStoreError, type ObjectInfo, type ObjectMetadata, type ObjectStore, type PartInfo, type StagedBody, type UploadInfo } from './ports.ts';

/** Smallest part S3 accepts, except for the last one. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const UPLOAD_ID = /^[A-Za-z0-9_-]{16,128}$/;

interface PartRecord extends PartInfo { file: string }

export interface MultipartDeps {
  dir: string;
  tmpDir: string;
  /** The temporary file of a staged body. */
  takeStaged(body: StagedBody): string;
  commitFile(from: string, bucket: string, key: string, record: { etag: string; partsCount: number; metadata: ObjectMetadata }): Promise<ObjectInfo>;
}

type MultipartPart = Pick<ObjectStore, 'createUpload' | 'getUpload' | 'putPart' | 'listParts' | 'completeUpload' | 'abortUpload'>;

const noSuchUpload = (): ObjectStoreError => new ObjectStoreError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
const unquote = (etag: string): string => etag.replace(/^"|"$/g, '');

async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : JSON.parse(text) as T;
}

async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  await writeFile(temp, JSON.stringify(value));
  await rename(temp, path);
}

export function makeMultipartUploads(deps: MultipartDeps): MultipartPart {
  const uploadDir = (uploadId: string): string => join(deps.dir, uploadId);

  async function readParts(upload: UploadInfo): Promise<PartRecord[]> {
    const names = await readdir(uploadDir(upload.uploadId)).catch(() => undefined);
    if (names === undefined) throw noSuchUpload();
    const records = await Promise.all(names.filter((n) => /^\d+\.json$/.test(n))
      .map((n) => readJson<PartRecord>(join(uploadDir(upload.uploadId), n))));
    return records.filter((r) => r !== undefined).sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Checks the client's part list against the stored parts; returns the stored ones in order. */
  function choose(stored: readonly PartRecord[], wanted: readonly { partNumber: number; etag: string }[]): PartRecord[] {
    const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
    const chosen: PartRecord[] = [];
    for (const [i, want] of wanted.entries()) {
      if (i > 0 && want.partNumber <= (wanted[i - 1]?.partNumber ?? 0)) {
        throw new ObjectStoreError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.');
      }
      const part = byNumber.get(want.partNumber);
      if (!part || unquote(part.etag) !== unquote(want.etag)) {
        throw new ObjectStoreError('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.');
      }
      chosen.push(part);
    }
    if (chosen.slice(0, -1).some((p) => p.size < MIN_PART_BYTES)) {
      throw new ObjectStoreError('EntityTooSmall', `Your proposed upload is smaller than the minimum allowed size: every part but the last must be at least ${MIN_PART_BYTES} bytes.`);
    }
    return chosen;
  }

  async function concatenate(upload: UploadInfo, parts: readonly PartRecord[]): Promise<string> {
    await mkdir(deps.tmpDir, { recursive: true });
    const path = join(deps.tmpDir, randomUUID());
    const out = await open(path, 'w');
    try {
      for (const part of parts) {
        for await (const chunk of createReadStream(join(uploadDir(upload.uploadId), part.file))) await out.write(chunk as Buffer);
      }
    } catch (e) {
      await out.close();
      await rm(path, { force: true });
      throw e;
    }
    await out.close();
    return path;
  }

  return {
    async createUpload(bucket, key, metadata, checksumAlgorithm?: ChecksumAlgorithm) {
      const upload: UploadInfo = {
        uploadId: randomBytes(32).toString('base64url'), bucket, key, initiatedMs: Date.now(), metadata,
        ...(checksumAlgorithm !== undefined && { checksumAlgorithm }),
      };
      await mkdir(uploadDir(upload.uploadId), { recursive: true });
      await writeFile(join(uploadDir(upload.uploadId), 'upload.json'), JSON.stringify(upload));
      return upload;
    },

    async getUpload(uploadId) {
      if (!UPLOAD_ID.test(uploadId)) return undefined;
      return readJson<UploadInfo>(join(uploadDir(uploadId), 'upload.json')).catch(() => undefined);
    },

    async putPart(upload, partNumber, staged, checksum) {
      const dir = uploadDir(upload.uploadId);
      const file = `${partNumber}-${randomUUID()}.part`;
      try {
        await rename(deps.takeStaged(staged), join(dir, file));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw noSuchUpload();
        throw e;
      }
      const previous = await readJson<PartRecord>(join(dir, `${partNumber}.json`)).catch(() => undefined);
      const part: PartRecord = {
        partNumber, etag: `"${staged.md5.toString('hex')}"`, size: staged.size, lastModifiedMs: Date.now(), file,
        ...(checksum !== undefined && { checksum }),
      };
      await writeJsonAtomically(join(dir, `${partNumber}.json`), part);
      if (previous) await rm(join(dir, previous.file), { force: true });
      const { file: _, ...info } = part;
      return info;
    },

    async listParts(upload) {
      return (await readParts(upload)).map(({ file: _, ...info }) => info);
    },

    async completeUpload(upload, wanted) {
      const parts = choose(await readParts(upload), wanted);
      const md5s = Buffer.concat(parts.map((p) => Buffer.from(unquote(p.etag), 'hex')));
      const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
      const path = await concatenate(upload, parts);
      try {
        const info = await deps.commitFile(path, upload.bucket, upload.key, { etag, partsCount: parts.length, metadata: upload.metadata });
        await rm(uploadDir(upload.uploadId), { recursive: true, force: true });
        return info;
      } catch (e) {
        await rm(path, { force: true });
        throw e;
      }
    },

    async abortUpload(uploadId) {
      if (!UPLOAD_ID.test(uploadId)) return false;
      const existed = await readdir(uploadDir(uploadId)).then(() => true, () => false);
      await rm(uploadDir(uploadId), { recursive: true, force: true });
      return existed;
    },
  };
}
