import type { Kysely } from 'kysely';

/**
 * A counter per CA that moves with every change of a certificate's status. OCSP answers kept in memory are
 * served while it stands still, so a responder need not read the register on every request, and a responder
 * in another process sees a revocation as soon as it next reads the counter.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pki_authorities').addColumn('status_revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('pki_authorities').dropColumn('status_revision').execute();
}
