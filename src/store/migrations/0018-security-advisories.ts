import type { Kysely } from 'kysely';

/**
 * Security advisories (seed 000 §1, the phishing warnings): the DIC publishes one to its province, every user sees it
 * until they acknowledge it, and the DIC sees who has not.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('security_advisories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('root_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema.createIndex('security_advisories_root').on('security_advisories').columns(['root_agency_id', 'withdrawn_at', 'published_at']).execute();
  await db.schema.createTable('security_advisory_acks')
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('security_advisories.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('acknowledged_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('security_advisory_acks_pk', ['advisory_id', 'user_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('security_advisory_acks').execute();
  await db.schema.dropTable('security_advisories').execute();
}
