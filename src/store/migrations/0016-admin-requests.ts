import type { Kysely } from 'kysely';

/**
 * Administration requests (issue 7): the seeds' request forms filed as lists (batches) by a unit, merged by the
 * district's culture and information office, consolidated by the province's DIC. An entry is one row of a form;
 * it keeps its origin (agency, person, first list) while it travels from batch to batch. Batches and entries
 * carry a version: every change bumps it and is refused when made on an older one (optimistic concurrency).
 * The events are the tracking history: one row per (batch or entry, version), so the version orders them.
 * The agencies' parent relation already says commune → district → province; request_desks names the agency
 * that receives an area's lists (the district's culture and information office, the province's DIC).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('request_desks')
    .addColumn('area_agency_id', 'text', (c) => c.primaryKey().references('agencies.id'))
    .addColumn('desk_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('set_by', 'text', (c) => c.references('users.id'))
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('request_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull())
    .addColumn('target_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('target_level', 'text')
    .addColumn('merged_into', 'text', (c) => c.references('request_batches.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .execute();
  await db.schema.createIndex('request_batches_inbox').on('request_batches').columns(['target_agency_id', 'state', 'form_id']).execute();
  await db.schema.createIndex('request_batches_agency').on('request_batches').columns(['agency_id', 'form_id', 'level', 'state']).execute();
  await db.schema.createTable('request_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('request_batches.id'))
    .addColumn('origin_batch_id', 'text', (c) => c.notNull().references('request_batches.id'))
    .addColumn('origin_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('returned_by_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('returned_by_level', 'text')
    .addColumn('outcome', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('request_entries_batch').on('request_entries').columns(['batch_id', 'state']).execute();
  await db.schema.createIndex('request_entries_origin').on('request_entries').columns(['origin_agency_id', 'state']).execute();
  await db.schema.createTable('request_events')
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('batch_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_events_pk', ['target_kind', 'target_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['request_events', 'request_entries', 'request_batches', 'request_desks']) await db.schema.dropTable(table).execute();
}
