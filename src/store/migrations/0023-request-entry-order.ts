import type { Kysely } from 'kysely';

/**
 * The rows of a request list in the order they were given: rows added in one go share their time, and their ids are
 * random, so the list, its XLSX and its covering letter showed them in any order. Earlier rows keep 0.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('request_entries').addColumn('row_order', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('request_entries').dropColumn('row_order').execute();
}
