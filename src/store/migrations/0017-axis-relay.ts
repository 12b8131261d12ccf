import type { Kysely } from 'kysely';

/**
 * A hub relays to another hub (a province's platform to the national axis): a directory entry may be a peer hub,
 * and a delivery handed to the next hub keeps the message id that hub gave it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hub_agencies').addColumn('is_hub', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('hub_deliveries').addColumn('relay_message_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('hub_deliveries').dropColumn('relay_message_id').execute();
  await db.schema.alterTable('hub_agencies').dropColumn('is_hub').execute();
}
