import type { Kysely } from 'kysely';

/**
 * The registry of official mailboxes (thư điện tử công vụ, seed 000 §4 and its mailbox lists): one row per address,
 * held by a person or a unit of an agency, active, suspended or revoked. Seed 000's note makes it the gate of the
 * personal-certificate request: only the holder of an active mailbox may ask. Each change bumps the mailbox's version
 * and leaves one event (who, when, from → to, why, and the request entry that caused it), ordered by that version.
 * `root_agency_id` is the province: whether a province has started using the registry is one indexed look.
 * The audit log gets an index by target, for an account's history (users' changes are audited with target 'user').
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('official_mailboxes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('address', 'text', (c) => c.notNull().unique())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('root_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('holder_kind', 'text', (c) => c.notNull())
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('holder_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('official_mailboxes_agency').on('official_mailboxes').columns(['agency_id', 'address']).execute();
  await db.schema.createIndex('official_mailboxes_root').on('official_mailboxes').columns(['root_agency_id', 'state']).execute();
  await db.schema.createIndex('official_mailboxes_holder').on('official_mailboxes').column('holder_user_id').execute();
  await db.schema.createTable('official_mailbox_events')
    .addColumn('mailbox_id', 'text', (c) => c.notNull().references('official_mailboxes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('entry_id', 'text', (c) => c.references('request_entries.id'))
    .addPrimaryKeyConstraint('official_mailbox_events_pk', ['mailbox_id', 'version'])
    .execute();
  await db.schema.createIndex('official_mailbox_events_entry').on('official_mailbox_events').column('entry_id').execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_log_target').execute();
  await db.schema.dropTable('official_mailbox_events').execute();
  await db.schema.dropTable('official_mailboxes').execute();
}
