import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Search at a million documents (bench:search). The words indexed and the matches found are unchanged.
 *
 * SQLite: the FTS5 index keeps no word positions (`detail=none`: every query term is a single word or a prefix,
 * never a phrase), no column sizes (no ranking is asked of it), and prefix indexes up to six letters, so that a
 * last word such as `thong` or `ubnd` is read from its own list instead of every matching word's list being
 * merged in memory first. Rows keep their rowid (= the document's sequence).
 *
 * PostgreSQL: the GIN index is written directly instead of through its pending list, which every search would
 * otherwise scan row by row until the next clean-up (up to 4 MB of it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create virtual table documents_search_lean using fts5(document_id unindexed, words, tokenize = 'unicode61', prefix = '1 2 3 4 5 6', detail = none, columnsize = 0)`.execute(db);
    await sql`insert into documents_search_lean (rowid, document_id, words) select rowid, document_id, words from documents_search`.execute(db);
    await sql`drop table documents_search`.execute(db);
    await sql`alter table documents_search_lean rename to documents_search`.execute(db);
  } else {
    await sql`alter index documents_search set (fastupdate = off)`.execute(db);
    await sql`select gin_clean_pending_list('documents_search'::regclass)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create virtual table documents_search_full using fts5(document_id unindexed, words, tokenize = 'unicode61', prefix = '1 2 3')`.execute(db);
    await sql`insert into documents_search_full (rowid, document_id, words) select rowid, document_id, words from documents_search`.execute(db);
    await sql`drop table documents_search`.execute(db);
    await sql`alter table documents_search_full rename to documents_search`.execute(db);
  } else {
    await sql`alter index documents_search reset (fastupdate)`.execute(db);
  }
}
