import type { Kysely } from 'kysely';

/**
 * A document may revoke, update or replace an earlier one (QCVN 102 BussinessDocType 1, 2, 3): the draft names
 * it, the package carries it, and the receiving office applies it to the arrival it names.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('business_type', 'integer').execute();
  await db.schema.alterTable('documents').addColumn('replaces_document_id', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('replaces_document_id').execute();
  await db.schema.alterTable('documents').dropColumn('business_type').execute();
}
