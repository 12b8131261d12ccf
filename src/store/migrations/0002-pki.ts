import type { Kysely } from 'kysely';

/**
 * The CA's own records: authorities (root, issuing CAs, the TSA) with their keys encrypted, every certificate
 * issued, the tokens and each change of a token's custody. DER is kept as PEM text so both engines store it alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('pki_authorities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text', (c) => c.references('pki_authorities.id'))
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    // Encrypted PKCS#8 (never plain), or a PKCS#11 reference when the key lives on a token.
    .addColumn('key_pem', 'text')
    .addColumn('key_uri', 'text')
    .addColumn('crl_number', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('crl_pem', 'text')
    .addColumn('crl_next_update', 'text')
    .addColumn('crl_stale', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('pki_certificates')
    .addColumn('serial', 'text', (c) => c.primaryKey())
    .addColumn('ca_id', 'text', (c) => c.notNull().references('pki_authorities.id'))
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('holder_name', 'text', (c) => c.notNull())
    .addColumn('holder_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('token_serial', 'text')
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revocation_reason', 'text')
    .addColumn('replaces_serial', 'text')
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pki_certificates_ca_status').on('pki_certificates').columns(['ca_id', 'status']).execute();
  await db.schema.createIndex('pki_certificates_agency').on('pki_certificates').columns(['agency_id', 'not_after']).execute();

  await db.schema.createTable('pki_tokens')
    .addColumn('serial', 'text', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('holder_name', 'text')
    .addColumn('holder_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pki_tokens_agency').on('pki_tokens').columns(['agency_id', 'state']).execute();

  await db.schema.createTable('pki_token_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_serial', 'text', (c) => c.notNull().references('pki_tokens.serial'))
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('handed_by', 'text')
    .addColumn('received_by', 'text')
    .addColumn('witnessed_by', 'text')
    // The written permission an agency's token needs before it changes hands (seed 003 §6).
    .addColumn('authorisation', 'text')
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .execute();
  await db.schema.createIndex('pki_token_events_token').on('pki_token_events').columns(['token_serial', 'at']).execute();
}
