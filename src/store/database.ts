import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrationProvider } from './migrations/index.ts';
import { withStatementCache } from './statement-cache.ts';
import { StoreError } from './store.errors.ts';

export type Dialect = 'sqlite' | 'postgres';

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly schema?: string; readonly poolSize?: number };

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The PostgreSQL schema the tables live in, when not the default */
  readonly schema?: string;
  close(): Promise<void>;
}

function openSqlite(file: string): Kysely<Database> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SqliteDatabase(file);
  // WAL keeps readers off the writer's back; FULL sync so a committed row survives a power cut.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

function openPostgres(url: string, schema: string | undefined, poolSize: number): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export function openDatabase(config: DatabaseConfig): Db {
  const kysely = config.dialect === 'sqlite'
    ? openSqlite(config.file)
    : openPostgres(config.url, config.schema, config.poolSize ?? 10);
  return { kysely, dialect: config.dialect, ...(config.dialect === 'postgres' && config.schema ? { schema: config.schema } : {}), close: () => kysely.destroy() };
}

/** Applies every pending migration; Kysely's migrator takes a lock, so several processes may start at once. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Kysely looks for its own tables in every schema unless told which: a migration table of another schema
  // (a second office, a benchmark) in the same database would otherwise be taken for ours
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, ...(db.schema ? { migrationTableSchema: db.schema } : {}) });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown');
    if (isConnectionError(error)) throw new StoreError('STORE_DATABASE_UNREACHABLE', { reason }, { cause: error });
    throw new StoreError('STORE_MIGRATION_FAILED', { migration: failed?.migrationName ?? '?', reason }, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '3D000', '28P01', '28000'].includes(code);
}
