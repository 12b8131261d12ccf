import type { Kysely } from 'kysely';

/**
 * Case files (hồ sơ, Circular 05/2025/TT-BNV): their metadata, the documents they hold in order (a document
 * sits in one case file at most) with their pages, and the searches users keep by name.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('case_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('retention', 'text', (c) => c.notNull())
    .addColumn('access_level', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('information_sign', 'text')
    .addColumn('reliability', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addUniqueConstraint('case_files_agency_year_seq', ['agency_id', 'year', 'seq'])
    .addUniqueConstraint('case_files_agency_code', ['agency_id', 'code'])
    .execute();

  await db.schema.createTable('case_file_documents')
    .addColumn('case_file_id', 'text', (c) => c.notNull().references('case_files.id'))
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id').unique())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('pages', 'integer')
    .addColumn('added_by', 'text', (c) => c.references('users.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_file_documents_pk', ['case_file_id', 'document_id'])
    .execute();

  await db.schema.createTable('saved_searches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('saved_searches_user_name', ['user_id', 'name'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('saved_searches').execute();
  await db.schema.dropTable('case_file_documents').execute();
  await db.schema.dropTable('case_files').execute();
}
