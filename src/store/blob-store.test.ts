import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDiskBlobStore } from './blob-store.ts';

test('ok: blobs are stored by content, read back whole, written once, with no temp files left', async () => {
  const root = mkdtempSync(join(tmpdir(), 'congvan-blobs-'));
  try {
    const blobs = openDiskBlobStore(root);
    const bytes = new TextEncoder().encode('Công văn số 296/UBND-VHTT');
    const id = await blobs.put(bytes);
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.equal(await blobs.put(bytes), id);
    assert.deepEqual(await blobs.get(id), bytes);
    assert.deepEqual(readdirSync(join(root, id.slice(0, 2))), [id]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('error/unknown or malformed blob ids', async () => {
  const blobs = openDiskBlobStore(mkdtempSync(join(tmpdir(), 'congvan-blobs-')));
  await assert.rejects(blobs.get('0'.repeat(64)), { code: 'STORE_BLOB_NOT_FOUND' });
  await assert.rejects(blobs.get('../../etc/passwd'), { code: 'STORE_BLOB_ID_INVALID' });
});

test('ok: a removed blob is gone from the disk and reads as not found; removing it again is no error', async () => {
  const root = mkdtempSync(join(tmpdir(), 'congvan-blobs-'));
  try {
    const blobs = openDiskBlobStore(root);
    const id = await blobs.put(new TextEncoder().encode('PKCS#12 của Lò Văn Minh'));
    await blobs.remove(id);
    assert.deepEqual(readdirSync(join(root, id.slice(0, 2))), []);
    await assert.rejects(blobs.get(id), { code: 'STORE_BLOB_NOT_FOUND' });
    await blobs.remove(id);
    await assert.rejects(blobs.remove('../../etc/passwd'), { code: 'STORE_BLOB_ID_INVALID' });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
