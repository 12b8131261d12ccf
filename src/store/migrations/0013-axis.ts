import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The interconnection axis, the hub's side: its directory of agencies, the message log (every package as
 * received, its digest and RFC 3161 timestamp, kept as evidence), and one row per (message, recipient) with its
 * transport state and the last business status the recipient reported.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const bytes = db.getExecutor().adapter instanceof SqliteAdapter ? 'blob' : 'bytea';
  await db.schema.createTable('hub_agencies')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('push_url', 'text')
    .addColumn('relay_url', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('hub_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sender_code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('package', sql.raw(bytes), (c) => c.notNull())
    .addColumn('timestamp_token', sql.raw(bytes))
    .addColumn('response_for', 'text')
    .addColumn('status_code', 'text')
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .execute();
  // A sender's document id names one package: the same package again is a retry, another one under it a refusal
  await db.schema.createIndex('hub_messages_sender_document').on('hub_messages').columns(['sender_code', 'kind', 'document_id', 'digest']).unique().execute();
  await db.schema.createIndex('hub_messages_response_for').on('hub_messages').columns(['response_for']).execute();
  await db.schema.createTable('hub_deliveries')
    .addColumn('message_id', 'text', (c) => c.notNull().references('hub_messages.id'))
    .addColumn('recipient_code', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('failure', 'text')
    .addColumn('business_status', 'text')
    .addColumn('business_status_at', 'text')
    .addPrimaryKeyConstraint('hub_deliveries_pk', ['message_id', 'recipient_code'])
    .execute();
  await db.schema.createIndex('hub_deliveries_mailbox').on('hub_deliveries').columns(['recipient_code', 'state', 'queued_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['hub_deliveries', 'hub_messages', 'hub_agencies']) await db.schema.dropTable(table).execute();
}
