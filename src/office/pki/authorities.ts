/**
 * The office's own CA: a root, an issuing CA and a timestamp authority, created once. Their keys are stored
 * only as encrypted PKCS#8 and opened in memory with the passphrase the operator gives at start.
 */
import type { Kysely } from 'kysely';
import { createIssuingCa, createRootCa, createTimestampAuthority, exportEncryptedKey, generateKeyPair, importEncryptedKey, PkiError, x509, type CaUrls, type CertificateAuthority, type KeyAlgorithm } from '../../pki/index.ts';
import type { Database } from '../../store/index.ts';
import { newTokenKey, openTokenKey, type TokenKeyStore } from './token-keys.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { auditIdentity, requireCaOperator, type Operator } from './operator.ts';

export const MIN_CA_PASSPHRASE = 12;
/** Where relying parties reach this CA: written into every certificate it issues. */
export const BASE_URL_SETTING = 'pki.base_url';
export type AuthorityKind = 'root' | 'issuing' | 'tsa';
/** The timestamp authority's id: it signs tokens only, never certificates, CRLs or OCSP answers. */
export const TSA_ID = 'tsa';

export interface CaInit {
  readonly passphrase: string;
  /** Public base URL relying parties reach, e.g. https://vanban.laichau.gov.vn */
  readonly baseUrl: string;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly organization?: string;
  /** Keys made on this PKCS#11 token instead of encrypted files; `passphrase` is then the token's PIN. */
  readonly token?: TokenKeyStore;
}

export interface AuthorityInfo {
  readonly id: string;
  readonly kind: string;
  readonly subject: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly crlNumber: number;
}

export const urlsFor = (baseUrl: string, id: string): CaUrls => {
  const base = baseUrl.replace(/\/+$/, '');
  return { crl: `${base}/pki/${id}/crl`, ocsp: `${base}/pki/${id}/ocsp`, caIssuers: `${base}/pki/${id}/cert` };
};

/** Authorities opened with their keys; empty until unlocked. */
export class Keyring {
  readonly #authorities = new Map<string, CertificateAuthority>();
  get isUnlocked(): boolean { return this.#authorities.size > 0; }
  set(id: string, ca: CertificateAuthority): void { this.#authorities.set(id, ca); }
  get(id: string): CertificateAuthority {
    const ca = this.#authorities.get(id);
    if (!ca) throw new OfficeError('OFFICE_CA_LOCKED');
    return ca;
  }
}

export async function initAuthorities(ctx: OfficeContext, operator: Operator, spec: CaInit, keyring: Keyring): Promise<AuthorityInfo[]> {
  requireCaOperator(operator);
  // A token's PIN follows the token's own policy; a passphrase that encrypts files follows ours.
  if (!spec.token && spec.passphrase.length < MIN_CA_PASSPHRASE) throw new OfficeError('OFFICE_CA_PASSPHRASE_WEAK', { min: MIN_CA_PASSPHRASE });
  if (await ctx.db.kysely.selectFrom('pki_authorities').select('id').executeTakeFirst()) throw new OfficeError('OFFICE_CA_EXISTS');
  const now = ctx.now();
  const organization = spec.organization ?? 'congvan';
  const uris = new Map<string, string>();
  const keysFor = async (id: string, algorithm: KeyAlgorithm): Promise<CryptoKeyPair> => {
    if (!spec.token) return generateKeyPair(algorithm);
    if (algorithm === 'RSA-3072') throw new PkiError('PKI_KEY_ALGORITHM_UNSUPPORTED', { algorithm: `${algorithm} (trên token: RSA-2048, ECDSA-P256)` });
    const made = await newTokenKey(spec.token, spec.passphrase, id, algorithm);
    uris.set(id, made.uri);
    return made.keys;
  };
  // Keys are made before the transaction: generation is slow and must not hold the write lock.
  const root = await createRootCa({
    commonName: `${organization} Root CA`, organization, keys: await keysFor('root', spec.keyAlgorithm ?? (spec.token ? 'RSA-2048' : 'RSA-3072')),
    notBefore: now, urls: urlsFor(spec.baseUrl, 'root'),
  });
  const issuing = await createIssuingCa(root, {
    commonName: `${organization} Issuing CA`, organization, keys: await keysFor('issuing', spec.keyAlgorithm ?? 'RSA-2048'),
    notBefore: now, years: 10, urls: urlsFor(spec.baseUrl, 'issuing'),
  });
  const tsa = await createTimestampAuthority(issuing, {
    commonName: `${organization} Time-Stamp Authority`, organization, keys: await keysFor(TSA_ID, spec.keyAlgorithm ?? 'RSA-2048'), notBefore: now,
  });
  const rows = [
    { id: 'root', kind: 'root', parent: null, ca: root },
    { id: 'issuing', kind: 'issuing', parent: 'root', ca: issuing },
    { id: TSA_ID, kind: 'tsa', parent: 'issuing', ca: { certificate: tsa.certificate, privateKey: tsa.privateKey, urls: issuing.urls } },
  ];
  await writeWithAudit(ctx, async (trx, audit) => {
    for (const r of rows) {
      await trx.insertInto('pki_authorities').values({
        id: r.id, kind: r.kind, parent_id: r.parent, certificate_pem: r.ca.certificate.toString('pem'),
        key_pem: spec.token ? null : exportEncryptedKey(r.ca.privateKey, spec.passphrase), key_uri: uris.get(r.id) ?? null, crl_number: 0, crl_pem: null,
        crl_next_update: null, crl_stale: 1, status_revision: 0, created_at: now.toISOString(),
      }).execute();
    }
    await trx.insertInto('settings').values({ key: BASE_URL_SETTING, value: spec.baseUrl }).execute();
    await audit({ ...auditIdentity(operator), action: 'pki.ca.init', targetType: 'pki_authority', targetId: 'root', details: { via: auditIdentity(operator).via, authorities: rows.map((r) => ({ id: r.id, serial: r.ca.certificate.serialNumber })) } });
  });
  for (const r of rows) keyring.set(r.id, r.ca);
  return listAuthorities(ctx.db.kysely);
}

export async function unlockAuthorities(db: Kysely<Database>, passphrase: string, keyring: Keyring): Promise<number> {
  const rows = await db.selectFrom('pki_authorities').selectAll().execute();
  if (rows.length === 0) throw new OfficeError('OFFICE_CA_NOT_INITIALISED');
  const base = await db.selectFrom('settings').select('value').where('key', '=', BASE_URL_SETTING).executeTakeFirstOrThrow();
  for (const row of rows) {
    const certificate = new x509.X509Certificate(row.certificate_pem);
    const privateKey = row.key_uri ? (await openTokenKey(row.key_uri, passphrase)).privateKey : row.key_pem ? await importEncryptedKey(row.key_pem, passphrase) : undefined;
    if (privateKey) keyring.set(row.id, { certificate, privateKey, urls: urlsFor(base.value, row.id) });
  }
  return rows.length;
}

export async function listAuthorities(db: Kysely<Database>): Promise<AuthorityInfo[]> {
  const rows = await db.selectFrom('pki_authorities').select(['id', 'kind', 'certificate_pem', 'crl_number']).orderBy('created_at').orderBy('id').execute();
  return rows.map((row) => {
    const cert = new x509.X509Certificate(row.certificate_pem);
    return { id: row.id, kind: row.kind, subject: cert.subject, serial: cert.serialNumber, notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString(), crlNumber: row.crl_number };
  });
}

export async function authorityCertificate(db: Kysely<Database>, id: string): Promise<x509.X509Certificate> {
  const row = await db.selectFrom('pki_authorities').select('certificate_pem').where('id', '=', id).executeTakeFirst();
  if (!row) throw await notFound(db, id);
  return new x509.X509Certificate(row.certificate_pem);
}

export async function notFound(db: Kysely<Database>, id: string): Promise<OfficeError> {
  const known = (await db.selectFrom('pki_authorities').select('id').execute()).map((r) => r.id);
  if (known.length === 0) return new OfficeError('OFFICE_CA_NOT_INITIALISED');
  return new OfficeError('OFFICE_CA_NOT_FOUND', { ca: id.slice(0, 40), known: known.join(', ') });
}
