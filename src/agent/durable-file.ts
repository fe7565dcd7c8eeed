/**
 * Small files that must survive `kill -9`: written to a temporary name, flushed, then renamed
 * over the old one, so a reader sees the old content or the new one, never half of either.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function writeDurably(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.tmp-${process.pid}`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/** The file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((e: unknown) => {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw e;
  });
}

export async function removeIfExists(path: string): Promise<void> {
  await rm(path, { force: true });
}
