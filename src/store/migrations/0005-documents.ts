import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Documents, incoming and outgoing, and their search index. The index holds folded words (src/shared/fold.ts):
 * an FTS5 table on SQLite, a tsvector with a GIN index on PostgreSQL, fed the same tokens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('type_code', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('urgency', 'text', (c) => c.notNull())
    .addColumn('secrecy', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('number', 'integer')
    .addColumn('notation', 'text')
    .addColumn('document_date', 'text')
    .addColumn('sender', 'text')
    .addColumn('signer_name', 'text')
    .addColumn('body_text', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('documents_agency_date').on('documents').columns(['agency_id', 'created_at']).execute();

  // Asked of the adapter: a failed probe statement would abort PostgreSQL's migration transaction
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create virtual table documents_search using fts5(document_id unindexed, words, tokenize = 'unicode61', prefix = '1 2 3')`.execute(db);
  } else {
    await sql`alter table documents add column search_vector tsvector`.execute(db);
    await sql`create index documents_search on documents using gin (search_vector)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists documents_search`.execute(db);
  await db.schema.dropTable('documents').execute();
}
