/**
 * When the CA is the Government CA (issue 7, CONGVAN_REQUEST_CA=government): the DIC sends the approved lists on
 * (their XLSX and signed covering letter, batch-documents.ts) and imports what comes back, PEM or a PKCS#7 bundle.
 * Each subscriber certificate must chain to a trusted root (CONGVAN_TRUSTED_ROOTS holds the Government CA's) and
 * answer exactly one approved request; it then enters the registry and its request is done, in one transaction per
 * certificate, so an import cut short keeps what it took and a second import of the same file takes the rest.
 */
import { fingerprintOf, readCertificates, x509 } from '../../pki/index.ts';
import { isCodedError } from '../../shared/coded-error.ts';
import { hasRole, type Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import type { Trust } from '../signing/trust.ts';
import { activeUserIdByEmail } from '../users/index.ts';
import { CA_FORM_ACTIONS } from './ca-actions.ts';
import { answers, profileOfSubject, RETURNS_CERTIFICATE, type WaitingRequest } from './ca-government-match.ts';
import { readSubject, textOf } from './ca-subject.ts';
import type { RequestService } from './index.ts';
import type { RequestEntry } from './requests.types.ts';

export interface ImportedCertificate {
  readonly fingerprint: string;
  readonly serial: string;
  readonly holderName: string;
  readonly notAfter: string;
  readonly entryId: string;
  readonly formId: string;
}

export interface RefusedCertificate {
  readonly serial: string;
  readonly subject: string;
  readonly code: string;
  readonly reason: string;
}

export interface ImportReport {
  readonly imported: readonly ImportedCertificate[];
  readonly refused: readonly RefusedCertificate[];
  /** The CA certificates the file carried, used to build the paths only */
  readonly caCertificates: number;
}

export interface GovernmentCertificate {
  readonly fingerprint: string;
  readonly serial: string;
  readonly issuer: string;
  readonly subject: string;
  readonly holderName: string;
  readonly profile: string;
  readonly agencyId: string | null;
  readonly entryId: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly importedAt: string;
  /** replaced: a renewal or change brought another in its place */
  readonly status: 'valid' | 'expired' | 'replaced';
}

const isCa = (c: x509.X509Certificate) => c.getExtension(x509.BasicConstraintsExtension)?.ca === true;
const serialOf = (c: x509.X509Certificate) => c.serialNumber.toUpperCase();
/** A certificate refused for what it is (a coded error); anything else (the database gone) stops the import */
function refusal(c: x509.X509Certificate, err: unknown): RefusedCertificate {
  if (!isCodedError(err)) throw err;
  return { serial: serialOf(c), subject: c.subject, code: err.code, reason: err.localise('vi') };
}

export function createGovernmentCaDesk(ctx: OfficeContext, scope: AgencyScope, trust: Trust, requests: () => RequestService, kind: 'own' | 'government') {
  const db = () => ctx.db.kysely;

  function requireImporter(actor: Actor): void {
    if (kind !== 'government') throw new OfficeError('OFFICE_GOVERNMENT_CA_ONLY');
    if (!hasRole(actor, 'dic_operator')) throw new OfficeError('OFFICE_FORBIDDEN');
  }

  /** The approved requests of the DIC's province for which the Government CA returns a certificate */
  async function waiting(actor: Actor): Promise<Array<WaitingRequest & { entry: RequestEntry }>> {
    const approved = await requests().queries.pendingApproved(actor);
    return approved.flatMap((entry) => {
      const action = CA_FORM_ACTIONS[entry.formId];
      return action && RETURNS_CERTIFICATE.has(action) ? [{ id: entry.id, action, values: entry.values, entry }] : [];
    });
  }

  return {
    /**
     * The certificates in the file taken in: each subscriber certificate checked against the trusted roots, matched
     * to one waiting request, recorded and its request marked done; the others refused with the reason.
     */
    async importCertificates(actor: Actor, bytes: Uint8Array): Promise<ImportReport> {
      requireImporter(actor);
      if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new OfficeError('OFFICE_GOVERNMENT_BUNDLE_EMPTY');
      const all = readCertificates(bytes); // PEM, DER or PKCS#7, its size bounded there
      const cas = all.filter(isCa);
      const seen = new Set<string>();
      const leaves = all.filter((c) => !isCa(c) && !seen.has(fingerprintOf(c)) && seen.add(fingerprintOf(c)));
      if (leaves.length === 0) throw new OfficeError('OFFICE_GOVERNMENT_BUNDLE_EMPTY');

      const store = await trust.store();
      const candidates = await waiting(actor);
      const taken = new Set<string>();
      const imported: ImportedCertificate[] = [];
      const refused: RefusedCertificate[] = [];
      for (const certificate of leaves) {
        try {
          imported.push(await importOne(actor, certificate, cas, store, candidates.filter((c) => !taken.has(c.id))));
          taken.add(imported.at(-1)!.entryId);
        } catch (err) {
          refused.push(refusal(certificate, err));
        }
      }
      return { imported, refused, caCertificates: cas.length };
    },

    /** The registry's Government CA part: certificates of the actor's province, latest first; `kind` says who carries the requests */
    async registry(actor: Actor): Promise<{ kind: 'own' | 'government'; certificates: GovernmentCertificate[] }> {
      if (!hasRole(actor, 'dic_operator') && !hasRole(actor, 'admin')) throw new OfficeError('OFFICE_FORBIDDEN');
      const now = ctx.now().toISOString();
      const rows = await db().selectFrom('government_certificates').innerJoin('request_entries', 'request_entries.id', 'government_certificates.entry_id')
        .select(['fingerprint', 'serial', 'issuer', 'subject', 'holder_name', 'profile', 'agency_id', 'entry_id', 'not_before', 'not_after', 'imported_at', 'replaced_by'])
        .where('request_entries.origin_agency_id', 'in', await visibleAgencies(actor))
        .orderBy('imported_at', 'desc').orderBy('fingerprint').limit(1000).execute();
      const certificates = rows.map((r): GovernmentCertificate => ({
        fingerprint: r.fingerprint, serial: r.serial, issuer: r.issuer, subject: r.subject, holderName: r.holder_name, profile: r.profile, agencyId: r.agency_id,
        entryId: r.entry_id, notBefore: r.not_before, notAfter: r.not_after, importedAt: r.imported_at, status: r.replaced_by ? 'replaced' : r.not_after > now ? 'valid' : 'expired',
      }));
      return { kind, certificates };
    },
  };

  async function visibleAgencies(actor: Actor): Promise<string[]> {
    const ids = await scope.visibleIds(db(), actor);
    return ids.length > 0 ? ids : ['-'];
  }

  async function importOne(actor: Actor, certificate: x509.X509Certificate, cas: readonly x509.X509Certificate[], store: Awaited<ReturnType<Trust['store']>>, candidates: ReadonlyArray<WaitingRequest & { entry: RequestEntry }>): Promise<ImportedCertificate> {
    const fingerprint = fingerprintOf(certificate);
    const serial = serialOf(certificate);
    const pem = certificate.toString('pem');
    const named = { subject: certificate.subject, serial };
    const known = await db().selectFrom('government_certificates').select('entry_id').where('fingerprint', '=', fingerprint).executeTakeFirst();
    if (known) throw new OfficeError('OFFICE_GOVERNMENT_CERTIFICATE_KNOWN', named);
    const chain = await store.buildChain(certificate, { at: ctx.now(), extraCertificates: cas });
    if (!chain.ok) throw new OfficeError('OFFICE_GOVERNMENT_CERTIFICATE_UNTRUSTED', { ...named, reason: chain.problem.reason });
    const base = readSubject(pem, 'individual');
    const subject = { ...base, profile: profileOfSubject(base.identifiers) };
    const matches = candidates.filter((c) => answers(subject, c));
    if (matches.length === 0) throw new OfficeError('OFFICE_GOVERNMENT_CERTIFICATE_UNMATCHED', named);
    if (matches.length > 1) throw new OfficeError('OFFICE_GOVERNMENT_CERTIFICATE_AMBIGUOUS', { ...named, count: matches.length });
    const { entry, action } = matches[0]!;
    const holder = (await activeUserIdByEmail(db(), subject.email)) ?? null;
    const at = ctx.now().toISOString();
    const outcome = `Đã nhận chứng thư số do CA Chính phủ cấp, số hiệu ${serial}, hiệu lực đến ${certificate.notAfter.toISOString().slice(0, 10)}`;
    await requests().decisions.markDone(actor, { id: entry.id, version: entry.version }, outcome, async (w) => {
      await w.trx.insertInto('government_certificates').values({
        fingerprint, serial, issuer: certificate.issuer, subject: certificate.subject, holder_name: subject.commonName || certificate.subject, profile: subject.profile,
        agency_id: entry.originAgencyId, holder_user_id: holder, entry_id: entry.id, not_before: certificate.notBefore.toISOString(),
        not_after: certificate.notAfter.toISOString(), certificate_pem: pem, replaced_by: null, imported_by: actor.userId, imported_at: at,
      }).execute();
      // A renewal or change: the certificate it names, when the registry has it, is replaced (and no longer reminded of)
      const named = action === 'renew' ? textOf(entry.values, 'certificateSerial').toUpperCase() : '';
      if (named) await w.trx.updateTable('government_certificates').set({ replaced_by: fingerprint }).where('serial', '=', named).where('replaced_by', 'is', null).where('fingerprint', '!=', fingerprint).execute();
      await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.government_certificate', targetType: 'request_entry', targetId: entry.id, details: { fingerprint, serial } });
    });
    return { fingerprint, serial, holderName: subject.commonName, notAfter: certificate.notAfter.toISOString(), entryId: entry.id, formId: entry.formId };
  }
}

export type GovernmentCaDesk = ReturnType<typeof createGovernmentCaDesk>;
