export { openDatabase, migrateToLatest, type Db, type DatabaseConfig, type Dialect } from './database.ts';
export { openDiskBlobStore, type BlobStore } from './blob-store.ts';
export { StoreError, STORE_MESSAGES, type StoreErrorCode } from './store.errors.ts';
export type * from './schema.ts';
