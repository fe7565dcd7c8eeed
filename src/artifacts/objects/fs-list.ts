/**
 * Listing a bucket folder the way S3 lists keys: in UTF-8 byte order, filtered by prefix, keys
 * that contain the delimiter after the prefix rolled up into common prefixes, paged after a key.
 *
 * The walk starts at the folder the prefix names (`builds/abc/x` starts at `builds/abc/`) and does
 * not descend into a folder that would roll up whole into one common prefix: it only checks that
 * the folder holds at least one file (S3 has no empty folders). Every page walks again; a bucket
 * of tens of thousands of artifacts lists in milliseconds, which is the scale Sluice serves.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { keyProblem } from './fs-paths.ts';
import type { ListPage, ListQuery, ObjectInfo } from './ports.ts';

interface Entry { name: string; prefix: boolean }

/** Compares two keys in UTF-8 byte order, as S3 sorts them (JavaScript compares UTF-16 units). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}

async function hasAnyFile(dir: string): Promise<boolean> {
  for (const entry of await entriesOf(dir)) {
    if (entry.isFile()) return true;
    if (entry.isDirectory() && await hasAnyFile(join(dir, entry.name))) return true;
  }
  return false;
}

/** Every key (or common prefix) of the bucket folder `bucketDir` that matches `query`, unsorted. */
async function collect(bucketDir: string, query: ListQuery): Promise<Entry[]> {
  const { prefix, delimiter } = query;
  const start = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  if (start !== '' && keyProblem(start.slice(0, -1)) !== undefined) return [];
  const found = new Map<string, Entry>();
  const rollUp = (key: string): string | undefined => {
    if (!delimiter) return undefined;
    const at = key.indexOf(delimiter, prefix.length);
    return at < 0 ? undefined : key.slice(0, at + delimiter.length);
  };
  const walk = async (dir: string, keyPrefix: string): Promise<void> => {
    for (const entry of await entriesOf(dir)) {
      if (entry.isFile()) {
        const key = keyPrefix + entry.name;
        if (!key.startsWith(prefix)) continue;
        const common = rollUp(key);
        found.set(common ?? key, { name: common ?? key, prefix: common !== undefined });
      } else if (entry.isDirectory()) {
        const folder = `${keyPrefix}${entry.name}/`;
        if (!folder.startsWith(prefix) && !prefix.startsWith(folder)) continue;
        const common = folder.startsWith(prefix) ? rollUp(folder) : undefined;
        if (common === undefined) await walk(join(dir, entry.name), folder);
        else if (!found.has(common) && await hasAnyFile(join(dir, entry.name))) found.set(common, { name: common, prefix: true });
      }
    }
  };
  await walk(start === '' ? bucketDir : join(bucketDir, start), start);
  return [...found.values()];
}

/** One page of the listing; `describe` turns a key into its object description (undefined if it vanished). */
export async function listFolder(
  bucketDir: string,
  query: ListQuery,
  describe: (key: string) => Promise<ObjectInfo | undefined>,
): Promise<ListPage> {
  const { after } = query;
  const entries = (await collect(bucketDir, query))
    .map((entry) => ({ entry, bytes: Buffer.from(entry.name, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes));
  const afterBytes = after === undefined ? undefined : Buffer.from(after, 'utf8');
  const remaining = afterBytes === undefined ? entries : entries.filter((e) => Buffer.compare(e.bytes, afterBytes) > 0);
  const page = remaining.slice(0, query.maxKeys);
  const objects: ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  for (const { entry } of page) {
    if (entry.prefix) {
      commonPrefixes.push(entry.name);
    } else {
      const info = await describe(entry.name);
      if (info) objects.push(info);
    }
  }
  const last = page.at(-1)?.entry.name;
  return { objects, commonPrefixes, isTruncated: remaining.length > page.length, ...(last !== undefined && { last }) };
}
