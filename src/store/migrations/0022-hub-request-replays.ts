import type { Kysely } from 'kysely';

/**
 * The hub refuses a signed request it has already taken (src/hub/replays.ts): each one's identity is kept while its
 * signing time is inside the ±5-minute window, in the database so that a restart or another hub process sharing it
 * knows it too; rows past their time are deleted (by `expires_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('hub_request_replays')
    .addColumn('identity', 'text', (c) => c.primaryKey())
    .addColumn('agency_code', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hub_request_replays_expires').on('hub_request_replays').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('hub_request_replays').execute();
}
