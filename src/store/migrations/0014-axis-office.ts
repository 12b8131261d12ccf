import { type Kysely } from 'kysely';

/**
 * The office's side of the axis. Deliveries to other agencies carry their transport state (attempts, the next
 * try, the hub's message id and receipt) and the last business status reported; every status received is kept
 * on a timeline. Statuses this office owes to senders are derived from its documents' events and recorded once
 * sent, so a crash between the event and the sending loses nothing. An arrival remembers the hub message it came
 * in, and one message makes one arrival.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of [['attempts', 'integer'], ['next_attempt_at', 'text'], ['last_error', 'text'], ['package_blob', 'text'], ['message_id', 'text'], ['receipt', 'text'], ['business_status', 'text'], ['business_status_at', 'text']] as const) {
    await db.schema.alterTable('document_deliveries').addColumn(name, type).execute();
  }
  await db.schema.alterTable('documents').addColumn('axis_message_id', 'text').execute();
  await db.schema.alterTable('documents').addColumn('axis_document_id', 'text').execute();
  await db.schema.createIndex('documents_axis_message').on('documents').columns(['agency_id', 'axis_message_id']).unique().execute();
  await db.schema.createTable('axis_statuses')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('status_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('reported_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('axis_statuses_pk', ['message_id'])
    .execute();
  await db.schema.createTable('axis_status_outbox')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('event_seq', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addPrimaryKeyConstraint('axis_status_outbox_pk', ['document_id', 'event_seq', 'status_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('axis_status_outbox').execute();
  await db.schema.dropTable('axis_statuses').execute();
  await db.schema.dropIndex('documents_axis_message').execute();
  for (const c of ['axis_document_id', 'axis_message_id']) await db.schema.alterTable('documents').dropColumn(c).execute();
  for (const c of ['business_status_at', 'business_status', 'receipt', 'message_id', 'package_blob', 'last_error', 'next_attempt_at', 'attempts']) await db.schema.alterTable('document_deliveries').dropColumn(c).execute();
}
