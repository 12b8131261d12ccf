import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * A registration sequence for documents: searches list newest first by it, so both engines can walk an index
 * in that order and stop at the page instead of sorting every match (SQLite: the full-text rows carry it as
 * their rowid; PostgreSQL: an index on agency and sequence).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('seq', 'integer').execute();
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`update documents set seq = rowid`.execute(db);
    // The index rows take the document's sequence as rowid; the folded words already indexed are carried over
    await sql`create virtual table documents_search_ordered using fts5(document_id unindexed, words, tokenize = 'unicode61', prefix = '1 2 3')`.execute(db);
    await sql`insert into documents_search_ordered (rowid, document_id, words) select d.seq, s.document_id, s.words from documents_search s join documents d on d.id = s.document_id`.execute(db);
    await sql`drop table documents_search`.execute(db);
    await sql`alter table documents_search_ordered rename to documents_search`.execute(db);
  } else {
    await sql`update documents d set seq = n.rn from (select id, row_number() over (order by created_at, id) as rn from documents) n where d.id = n.id`.execute(db);
  }
  await db.schema.createIndex('documents_seq').on('documents').column('seq').unique().execute();
  await db.schema.createIndex('documents_agency_seq').on('documents').columns(['agency_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('documents_agency_seq').execute();
  await db.schema.dropIndex('documents_seq').execute();
  await db.schema.alterTable('documents').dropColumn('seq').execute();
}
