/** The certificate register: what was issued to whom, and its status. Issue, revoke, hold and release. */
import type { Kysely } from 'kysely';
import { issueCertificate, PkiError, profileNamed, revocationReason, type IssueKind, type RevocationReason, type SubjectRequest } from '../../pki/index.ts';
import type { Database, PkiCertificateTable } from '../../store/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import type { Keyring } from './authorities.ts';
import { auditIdentity, requireCaOperator, type Operator } from './operator.ts';

export type CertificateStatusName = 'valid' | 'on_hold' | 'revoked';

export interface CertificateRecord {
  readonly serial: string;
  readonly caId: string;
  readonly profile: string;
  readonly subject: string;
  readonly holderName: string;
  readonly agencyId: string | null;
  readonly tokenSerial: string | null;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly status: CertificateStatusName;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  readonly replacesSerial: string | null;
  readonly pem: string;
}

export interface IssueInput {
  readonly caId?: string;
  readonly csr: string | Uint8Array;
  readonly profile: string;
  readonly subject: SubjectRequest;
  readonly kind?: IssueKind;
  /** Whole years from now; the profile caps it (5 new, 3 renewal). */
  readonly years: number;
  readonly holderUserId?: string | null;
  readonly agencyId?: string | null;
  readonly tokenSerial?: string | null;
  /** The certificate this one renews or replaces (changed information): that one is revoked as superseded. */
  readonly replacesSerial?: string | null;
}

const SERIAL = /^[0-9a-f]{1,40}$/;

export function checkSerial(serial: string): string {
  const s = serial.toLowerCase().replace(/^0x/, '').replace(/^(00)+(?=.)/, '');
  if (!SERIAL.test(s)) throw new OfficeError('OFFICE_SERIAL_INVALID', { serial: serial.slice(0, 60) });
  return s;
}

const holderNameOf = (subject: SubjectRequest): string =>
  subject.profile === 'individual' ? subject.fullName : subject.profile === 'organisation' ? subject.agencyName : subject.deviceName;

export const toRecord = (row: PkiCertificateTable): CertificateRecord => ({
  serial: row.serial, caId: row.ca_id, profile: row.profile, subject: row.subject, holderName: row.holder_name, agencyId: row.agency_id,
  tokenSerial: row.token_serial, notBefore: row.not_before, notAfter: row.not_after, status: row.status as CertificateStatusName,
  revokedAt: row.revoked_at, revocationReason: row.revocation_reason, replacesSerial: row.replaces_serial, pem: row.certificate_pem,
});

async function findRow(db: Kysely<Database>, serial: string): Promise<PkiCertificateTable> {
  const row = await db.selectFrom('pki_certificates').selectAll().where('serial', '=', checkSerial(serial)).executeTakeFirst();
  if (!row) throw new OfficeError('OFFICE_CERTIFICATE_NOT_FOUND', { serial: serial.slice(0, 60) });
  return row;
}

export async function findCertificate(db: Kysely<Database>, serial: string): Promise<CertificateRecord> {
  return toRecord(await findRow(db, serial));
}

export async function issue(ctx: OfficeContext, keyring: Keyring, operator: Operator, input: IssueInput): Promise<CertificateRecord> {
  requireCaOperator(operator);
  const caId = input.caId ?? 'issuing';
  const ca = keyring.get(caId);
  const profile = profileNamed(input.profile);
  if (input.subject.profile !== profile.name) throw new PkiError('PKI_SUBJECT_FIELD_INVALID', { field: 'profile', reason: `thông tin chủ thể theo mẫu "${input.subject.profile}" nhưng mẫu chứng thư là "${profile.name}"` });
  const replaced = input.replacesSerial ? await findRow(ctx.db.kysely, input.replacesSerial) : undefined;
  if (replaced?.status === 'revoked') throw new OfficeError('OFFICE_CERTIFICATE_REVOKED', { serial: replaced.serial });
  const now = ctx.now();
  const notAfter = new Date(now);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + input.years);
  // Signing happens before the transaction; if the write then fails, the certificate was never handed out.
  const certificate = await issueCertificate(ca, { csr: input.csr, profile, subject: input.subject, kind: input.kind ?? (replaced ? 'renewal' : 'new'), notBefore: now, notAfter });
  const row: PkiCertificateTable = {
    serial: checkSerial(certificate.serialNumber), ca_id: caId, profile: profile.name, subject: certificate.subject, holder_name: holderNameOf(input.subject),
    holder_user_id: input.holderUserId ?? null, agency_id: input.agencyId ?? null, token_serial: input.tokenSerial ?? null,
    not_before: certificate.notBefore.toISOString(), not_after: certificate.notAfter.toISOString(), status: 'valid', revoked_at: null,
    revocation_reason: null, replaces_serial: replaced?.serial ?? null, certificate_pem: certificate.toString('pem'), issued_at: now.toISOString(),
  };
  const who = auditIdentity(operator);
  await writeWithAudit(ctx, async (trx, audit) => {
    await trx.insertInto('pki_certificates').values(row).execute();
    // A serial answered "unknown" until now is good from here on.
    await statusChanged(trx, caId);
    await audit({ actorId: who.actorId, agencyId: who.agencyId, action: 'pki.certificate.issue', targetType: 'pki_certificate', targetId: row.serial, details: { via: who.via, ca: caId, profile: row.profile, subject: row.subject, notAfter: row.not_after, replaces: row.replaces_serial } });
    if (replaced && replaced.status !== 'revoked') {
      await markRevoked(trx, replaced, 'superseded', now);
      await audit({ actorId: who.actorId, agencyId: who.agencyId, action: 'pki.certificate.revoke', targetType: 'pki_certificate', targetId: replaced.serial, details: { via: who.via, reason: 'superseded', by: row.serial } });
    }
  });
  return toRecord(row);
}

async function markRevoked(trx: Kysely<Database>, row: PkiCertificateTable, reason: RevocationReason, at: Date): Promise<void> {
  await trx.updateTable('pki_certificates')
    .set({ status: reason === 'certificateHold' ? 'on_hold' : 'revoked', revoked_at: at.toISOString(), revocation_reason: reason })
    .where('serial', '=', row.serial).execute();
  await statusChanged(trx, row.ca_id);
}

/** The CRL must be made anew and kept OCSP answers no longer hold. */
async function statusChanged(trx: Kysely<Database>, caId: string): Promise<void> {
  await trx.updateTable('pki_authorities').set((eb) => ({ crl_stale: 1, status_revision: eb('status_revision', '+', 1) })).where('id', '=', caId).execute();
}

/** Revokes at once (a lost token is keyCompromise): OCSP answers from the register, and the next CRL lists it. */
export async function revoke(ctx: OfficeContext, operator: Operator, serial: string, reasonName: string): Promise<CertificateRecord> {
  requireCaOperator(operator);
  const reason = revocationReason(reasonName);
  const row = await findRow(ctx.db.kysely, serial);
  if (row.status === 'revoked') throw new OfficeError('OFFICE_CERTIFICATE_REVOKED', { serial: row.serial });
  const now = ctx.now();
  const who = auditIdentity(operator);
  await writeWithAudit(ctx, async (trx, audit) => {
    await markRevoked(trx, row, reason, now);
    await audit({ actorId: who.actorId, agencyId: who.agencyId, action: reason === 'certificateHold' ? 'pki.certificate.hold' : 'pki.certificate.revoke', targetType: 'pki_certificate', targetId: row.serial, details: { via: who.via, reason } });
  });
  return findCertificate(ctx.db.kysely, row.serial);
}

/** Only a hold can be lifted (RFC 5280 removeFromCRL); every other reason is final. */
export async function release(ctx: OfficeContext, operator: Operator, serial: string): Promise<CertificateRecord> {
  requireCaOperator(operator);
  const row = await findRow(ctx.db.kysely, serial);
  if (row.status !== 'on_hold') throw new OfficeError('OFFICE_CERTIFICATE_NOT_ON_HOLD', { serial: row.serial });
  const who = auditIdentity(operator);
  await writeWithAudit(ctx, async (trx, audit) => {
    await trx.updateTable('pki_certificates').set({ status: 'valid', revoked_at: null, revocation_reason: null }).where('serial', '=', row.serial).execute();
    await statusChanged(trx, row.ca_id);
    await audit({ actorId: who.actorId, agencyId: who.agencyId, action: 'pki.certificate.release', targetType: 'pki_certificate', targetId: row.serial, details: { via: who.via } });
  });
  return findCertificate(ctx.db.kysely, row.serial);
}

export interface CertificateFilter {
  readonly caId?: string;
  readonly status?: CertificateStatusName;
  readonly agencyIds?: readonly string[];
  readonly limit?: number;
}

export async function listCertificates(db: Kysely<Database>, filter: CertificateFilter = {}): Promise<CertificateRecord[]> {
  let query = db.selectFrom('pki_certificates').selectAll().orderBy('issued_at', 'desc').orderBy('serial').limit(filter.limit ?? 500);
  if (filter.caId) query = query.where('ca_id', '=', filter.caId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.agencyIds) {
    if (filter.agencyIds.length === 0) return [];
    query = query.where('agency_id', 'in', [...filter.agencyIds]);
  }
  return (await query.execute()).map(toRecord);
}
