/**
 * The file-system object store under concurrent access to one key: reads running beside writes
 * always see a whole version (its id and metadata), and the last write's record survives them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { makeFsObjectStore } from '../../src/artifacts/objects/fs-objects.ts';
import type { ObjectInfo, ObjectStore } from '../../src/artifacts/objects/ports.ts';

describe('file-system object store, one key read while it is written', () => {
  let root: string;
  let objects: ObjectStore;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'sluice-objects-'));
    objects = makeFsObjectStore({ root: join(root, 'artifacts'), stateDir: join(root, 'objects') });
    await objects.createBucket('b');
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function put(text: string): Promise<ObjectInfo> {
    const staged = await objects.stage(Readable.from([Buffer.from(text)]), 1024);
    return objects.commit(staged, 'b', 'k', { userMetadata: { text } });
  }

  it('never shows a version without its id and metadata, and keeps the last write\'s record', async () => {
    await put('v0');
    const seen: ObjectInfo[] = [];
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const [headed, opened] = await Promise.all([objects.head('b', 'k'), objects.open('b', 'k', undefined)]);
        await opened?.close();
        for (const info of [headed, opened?.info]) if (info) seen.push(info);
      }
    })();
    const written: ObjectInfo[] = [];
    for (let i = 1; i <= 40; i++) written.push(await put(`v${i}`));
    writing = false;
    await reader;

    assert.ok(seen.length > 0);
    for (const info of seen) {
      assert.ok(info.versionId !== undefined, `a read saw ${info.userMetadata.text ?? 'a version'} without its version id`);
      assert.ok(info.userMetadata.text !== undefined, 'a read saw a version without its metadata');
    }
    const last = await objects.head('b', 'k');
    assert.equal(last?.versionId, written.at(-1)?.versionId);
    assert.equal(last?.userMetadata.text, 'v40');
  });
});
