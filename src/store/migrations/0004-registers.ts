import type { Kysely } from 'kysely';

/**
 * Registers of outgoing and incoming documents (Decree 30/2020 Art. 15, 20): one per agency, direction, year and
 * series, each with the next number to give. Every number given is a row; a number given and not used is
 * voided with a reason, so a gap in a register is always explained.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('registers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('series', 'text', (c) => c.notNull())
    .addColumn('next_number', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('registers_key', ['agency_id', 'direction', 'year', 'series'])
    .execute();

  await db.schema.createTable('register_numbers')
    .addColumn('register_id', 'text', (c) => c.notNull().references('registers.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('notation', 'text')
    .addColumn('document_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addColumn('taken_by', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('register_numbers_pk', ['register_id', 'number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('register_numbers').execute();
  await db.schema.dropTable('registers').execute();
}
