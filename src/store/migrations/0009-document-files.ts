import type { Kysely } from 'kysely';

/**
 * A document's files and where it went: every version of its PDF (uploaded, converted, signed, numbered, sealed,
 * received), its recipients, each delivery made on issue, the keys the server signs with, and the signatures
 * prepared for a token on a PC that are waiting for its value.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('file_blob', 'text').execute();
  await db.schema.alterTable('documents').addColumn('file_name', 'text').execute();
  /** An arrival: the issued document it is a copy of, the validation summary shown to the clerk, and a note */
  await db.schema.alterTable('documents').addColumn('source_document_id', 'text').execute();
  await db.schema.alterTable('documents').addColumn('arrival_report', 'text').execute();
  await db.schema.alterTable('documents').addColumn('arrival_note', 'text').execute();
  await db.schema.createTable('document_files')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('blob_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_files_pk', ['document_id', 'version'])
    .execute();
  await db.schema.createTable('document_recipients')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_recipients_pk', ['document_id', 'position'])
    .execute();
  await db.schema.createTable('document_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('arrival_id', 'text')
    .addColumn('mail_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_deliveries_pending').on('document_deliveries').columns(['kind', 'status']).execute();
  await db.schema.createTable('signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('certificate_serial', 'text', (c) => c.notNull())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('chain_pem', 'text', (c) => c.notNull())
    .addColumn('key_pem', 'text', (c) => c.notNull())
    .addColumn('image_blob', 'text', (c) => c.notNull())
    .addColumn('seal_diameter_mm', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('signing_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('base_version', 'integer', (c) => c.notNull())
    .addColumn('prepared_blob', 'text', (c) => c.notNull())
    .addColumn('prepared', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['signing_sessions', 'signing_keys', 'document_deliveries', 'document_recipients', 'document_files']) await db.schema.dropTable(table).execute();
  for (const column of ['arrival_note', 'arrival_report', 'source_document_id', 'file_name', 'file_blob']) await db.schema.alterTable('documents').dropColumn(column).execute();
}
