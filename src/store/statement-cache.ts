import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

const MAX_STATEMENTS = 500;

/**
 * Kysely's SQLite driver prepares every query afresh; preparing costs more than running most of ours.
 * This keeps prepared statements by SQL text (bounded, oldest dropped first). No library does this for
 * Kysely, and its SqliteDatabase interface exists for exactly this kind of wrapper.
 */
export function withStatementCache(database: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => { cache.clear(); database.close(); },
    prepare(sql) {
      const cached = cache.get(sql);
      // A statement still iterating (a streamed query) cannot run twice at once: give that caller its own.
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}
