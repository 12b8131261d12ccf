import type { Kysely } from 'kysely';

/** Who handles an incoming document (one lead, any co-handlers) and by when (Decree 30 Art. 21). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('due_date', 'text').execute();
  await db.schema.alterTable('documents').addColumn('lead_handler_id', 'text').execute();
  await db.schema.createIndex('documents_due').on('documents').columns(['agency_id', 'due_date']).execute();
  await db.schema.createTable('document_handlers')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_handlers_pk', ['document_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_handlers').execute();
  await db.schema.dropIndex('documents_due').execute();
  await db.schema.alterTable('documents').dropColumn('lead_handler_id').execute();
  await db.schema.alterTable('documents').dropColumn('due_date').execute();
}
