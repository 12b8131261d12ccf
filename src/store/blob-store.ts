import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from './store.errors.ts';

/** Content-addressed files on disk. The id is the SHA-256 of the bytes, so a blob is written once and never changes. */
export interface BlobStore {
  put(bytes: Uint8Array): Promise<string>;
  get(id: string): Promise<Uint8Array>;
  /** Gone for good (a key once installed on its token); removing a blob that is not there is no error */
  remove(id: string): Promise<void>;
}

const BLOB_ID = /^[0-9a-f]{64}$/;

export function openDiskBlobStore(root: string): BlobStore {
  const pathOf = (id: string) => {
    if (!BLOB_ID.test(id)) throw new StoreError('STORE_BLOB_ID_INVALID', { id: id.slice(0, 80) });
    return join(root, id.slice(0, 2), id);
  };
  return {
    async put(bytes) {
      const id = createHash('sha256').update(bytes).digest('hex');
      const target = pathOf(id);
      await mkdir(join(root, id.slice(0, 2)), { recursive: true });
      // Write beside, flush, then rename: a crash leaves either no blob or the whole blob.
      const temp = `${target}.${randomUUID()}.tmp`;
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target).catch(async (err: unknown) => {
        await rm(temp, { force: true });
        throw err;
      });
      return id;
    },
    async get(id) {
      try {
        return new Uint8Array(await readFile(pathOf(id)));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StoreError('STORE_BLOB_NOT_FOUND', { id });
        throw err;
      }
    },
    async remove(id) {
      await rm(pathOf(id), { force: true });
    },
  };
}
