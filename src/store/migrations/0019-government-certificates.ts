import type { Kysely } from 'kysely';

/**
 * Certificates the Government CA issued for requests the DIC sent it (issue 7, CONGVAN_REQUEST_CA=government): the
 * DIC imports what came back (PEM or a PKCS#7 bundle), each certificate matched to the request it answers. They are
 * kept apart from pki_certificates, which holds what congvan's own CA issued and answers for in its CRL and OCSP.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('government_certificates')
    .addColumn('fingerprint', 'text', (c) => c.primaryKey())
    .addColumn('serial', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('holder_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('entry_id', 'text', (c) => c.notNull().references('request_entries.id'))
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('replaced_by', 'text')
    .addColumn('imported_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('government_certificates_agency').on('government_certificates').columns(['agency_id', 'not_after']).execute();
  await db.schema.createIndex('government_certificates_entry').on('government_certificates').column('entry_id').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('government_certificates').execute();
}
