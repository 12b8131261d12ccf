import type { Kysely } from 'kysely';

/**
 * The processing trail ("vết xử lý"): every change of a document's state is an event kept forever, with who,
 * when and why. Reviewers of an outgoing draft are kept in order, each with their decision.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('document_events')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_events_pk', ['document_id', 'seq'])
    .execute();

  await db.schema.createTable('document_reviewers')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('decision', 'text')
    .addColumn('decided_at', 'text')
    .addPrimaryKeyConstraint('document_reviewers_pk', ['document_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_reviewers').execute();
  await db.schema.dropTable('document_events').execute();
}
