import type { Kysely } from 'kysely';

/**
 * Whether an issued document also went out on paper (seed 004, annex II §1.10 counts the documents issued
 * electronically "không kèm văn bản giấy"). Null for documents issued before it was asked: unknown, not "no".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('paper_copy', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('paper_copy').execute();
}
