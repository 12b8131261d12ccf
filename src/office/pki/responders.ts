/**
 * What relying parties ask the CA without signing in: the CRL, OCSP and the CA certificates. Statuses are
 * read from the register on every request, so a revocation counts at once even across server processes;
 * only the signing is saved, by keeping signed answers for requests without a nonce.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  buildCrl, buildOcspResponse, DEFAULT_TSA_POLICY, newSerial, ocspErrorResponse, parseOcspRequest, parseTimestampResponse, PkiError,
  respondToTimestampQuery, revocationReason, stampImprint, serialOf, timestampFailureResponse, toDer, toPem, x509,
  type CertificateStatus, type OcspQuery, type TimestampAuthority,
} from '../../pki/index.ts';
import type { Database } from '../../store/index.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { notFound, TSA_ID, type Keyring } from './authorities.ts';
import { checkSerial } from './certificates.ts';

export interface ResponderPolicy {
  /** How long a CRL is valid; a new one is made once half of it has passed, or at once after a change. */
  readonly crlHours: number;
  /** How long relying parties may keep an OCSP answer. */
  readonly ocspValidityMinutes: number;
  /** Kept answers are signed again when older than this. */
  readonly ocspRefreshSeconds: number;
  readonly ocspCacheSize: number;
  /** How often the register's status counter is read; a revocation made by another process shows within this. */
  readonly revisionPollMs: number;
}

export const DEFAULT_RESPONDER_POLICY: ResponderPolicy = { crlHours: 24, ocspValidityMinutes: 60, ocspRefreshSeconds: 300, ocspCacheSize: 100_000, revisionPollMs: 1000 };

interface KeptAnswer { readonly der: Uint8Array; readonly statuses: string; readonly revision: number; readonly signedAt: number; readonly query: OcspQuery; readonly caId: string }

export class Responders {
  readonly #kept = new Map<string, KeptAnswer>();
  readonly #revisions = new Map<string, { value: number; readAt: number }>();

  constructor(private readonly ctx: OfficeContext, private readonly keyring: Keyring, private readonly policy: ResponderPolicy = DEFAULT_RESPONDER_POLICY) {}

  async certificate(caId: string): Promise<Uint8Array> {
    const row = await this.ctx.db.kysely.selectFrom('pki_authorities').select('certificate_pem').where('id', '=', caId).executeTakeFirst();
    if (!row) throw await notFound(this.ctx.db.kysely, caId);
    return toDer(row.certificate_pem, 'CA certificate');
  }

  /** The current CRL, made anew when a revocation changed it or half its life has passed. */
  async crl(caId: string): Promise<Uint8Array> {
    const db = this.ctx.db.kysely;
    const row = await db.selectFrom('pki_authorities').select(['crl_pem', 'crl_next_update', 'crl_stale']).where('id', '=', caId).executeTakeFirst();
    if (!row) throw await notFound(db, caId);
    const now = this.ctx.now().getTime();
    const halfLife = (this.policy.crlHours * 3_600_000) / 2;
    const fresh = row.crl_pem && row.crl_stale === 0 && row.crl_next_update && Date.parse(row.crl_next_update) - now > halfLife;
    if (fresh) return toDer(row.crl_pem!, 'CRL');
    return this.#issueCrl(caId);
  }

  /** A new CRL now, whatever the state of the last one (the operator's `congvan ca crl`). */
  async issueCrl(caId: string): Promise<Uint8Array> {
    await this.certificate(caId);
    return this.#issueCrl(caId);
  }

  async #issueCrl(caId: string): Promise<Uint8Array> {
    if (caId === TSA_ID) throw await notFound(this.ctx.db.kysely, caId);
    const ca = this.keyring.get(caId);
    return writeWithAudit(this.ctx, async (trx, audit) => {
      const head = trx.selectFrom('pki_authorities').select(['crl_number']).where('id', '=', caId);
      // The row lock makes CRL numbers strictly increase when several processes renew at once.
      const { crl_number: last } = await (this.ctx.db.dialect === 'postgres' ? head.forUpdate() : head).executeTakeFirstOrThrow();
      const thisUpdate = this.ctx.now();
      const nextUpdate = new Date(thisUpdate.getTime() + this.policy.crlHours * 3_600_000);
      const revoked = await trx.selectFrom('pki_certificates').select(['serial', 'revoked_at', 'revocation_reason'])
        .where('ca_id', '=', caId).where('status', 'in', ['revoked', 'on_hold']).where('not_after', '>', thisUpdate.toISOString()).execute();
      const der = await buildCrl(ca, {
        number: last + 1, thisUpdate, nextUpdate,
        revoked: revoked.map((r) => ({ serial: r.serial, revokedAt: new Date(r.revoked_at!), reason: revocationReason(r.revocation_reason!) })),
      });
      await trx.updateTable('pki_authorities').set({ crl_number: last + 1, crl_pem: toPem(der, 'X509 CRL'), crl_next_update: nextUpdate.toISOString(), crl_stale: 0 }).where('id', '=', caId).execute();
      await audit({ actorId: null, agencyId: null, action: 'pki.crl.issue', targetType: 'pki_authority', targetId: caId, details: { number: last + 1, entries: revoked.length, nextUpdate: nextUpdate.toISOString() } });
      return der;
    });
  }

  /**
   * Always an OCSP response, never a thrown error: OCSP clients understand only its status codes. A request
   * without a nonce that was answered before gets the kept answer, with no parsing, no register read and no
   * signature, as long as the CA's status counter has not moved.
   */
  async ocsp(caId: string, request: Uint8Array): Promise<Uint8Array> {
    if (caId === TSA_ID) return ocspErrorResponse('unauthorized');
    const key = `${caId}:${createHash('sha256').update(request).digest('base64')}`;
    const now = this.ctx.now().getTime();
    const kept = this.#kept.get(key);
    const fresh = kept !== undefined && now - kept.signedAt < this.policy.ocspRefreshSeconds * 1000 && this.keyring.isUnlocked;
    if (fresh && kept.revision === await this.#revision(caId)) return kept.der;

    let query: OcspQuery;
    try {
      query = parseOcspRequest(request);
    } catch (err) {
      if (err instanceof PkiError) return ocspErrorResponse('malformedRequest');
      throw err;
    }
    let statuses: Map<string, CertificateStatus>;
    let revision: number;
    try {
      this.keyring.get(caId);
      // The counter is read before the statuses: a change in between leaves the answer kept under the older count.
      revision = await this.#revision(caId, true);
      statuses = await this.#statuses(caId, query.certIds.map(serialOf));
    } catch (err) {
      if (err instanceof OfficeError) return ocspErrorResponse(err.code === 'OFFICE_CA_LOCKED' ? 'tryLater' : 'unauthorized');
      throw err;
    }
    const fingerprint = [...statuses.values()].map(statusKey).join('|');
    if (fresh && kept.statuses === fingerprint) {
      // Other certificates changed, not these: the answer still holds.
      this.#kept.set(key, { ...kept, revision });
      return kept.der;
    }
    const der = await this.#sign(caId, query, statuses);
    if (!query.nonce) this.#keep(key, { der, statuses: fingerprint, revision, signedAt: now, query, caId });
    return der;
  }

  /** A status changed in this process: kept answers are checked against the register at the next request. */
  invalidate(): void {
    this.#revisions.clear();
  }

  async #revision(caId: string, force = false): Promise<number> {
    const now = Date.now();
    const known = this.#revisions.get(caId);
    if (known && !force && now - known.readAt < this.policy.revisionPollMs) return known.value;
    const row = await this.ctx.db.kysely.selectFrom('pki_authorities').select('status_revision').where('id', '=', caId).executeTakeFirst();
    const value = row?.status_revision ?? -1;
    this.#revisions.set(caId, { value, readAt: now });
    return value;
  }

  /**
   * An RFC 3161 answer, never a thrown error. Every token granted is in the audit log (serial, imprint, time)
   * before it is returned, so a token the TSA cannot account for never exists.
   */
  async timestamp(request: Uint8Array): Promise<Uint8Array> {
    let tsa: TimestampAuthority;
    try {
      tsa = this.#timestampAuthority();
    } catch {
      return timestampFailureResponse('timeNotAvailable', 'The time-stamp authority is locked or not set up.');
    }
    const serial = newSerial();
    const der = await respondToTimestampQuery(tsa, request, { now: this.ctx.now(), serial });
    const reply = parseTimestampResponse(der);
    if (!reply.granted) return der;
    try {
      await writeWithAudit(this.ctx, (_trx, audit) => audit({
        actorId: null, agencyId: null, action: 'pki.tsa.timestamp', targetType: 'pki_authority', targetId: TSA_ID,
        details: { serial, genTime: reply.genTime?.toISOString(), imprint: Buffer.from(reply.hashedMessage!).toString('hex'), policy: reply.policy },
      }));
    } catch {
      return timestampFailureResponse('systemFailure', 'The time-stamp authority could not log the token.');
    }
    return der;
  }

  /**
   * A token over a SHA-256 imprint for a caller in this process that keeps it in its own audited write (the
   * hub logs each token with the package it stamps, in one transaction): no audit entry of its own.
   */
  stampFor(imprint: Uint8Array): Promise<Uint8Array> {
    return stampImprint(this.#timestampAuthority(), imprint, { now: this.ctx.now(), serial: newSerial() });
  }

  #timestampAuthority(): TimestampAuthority {
    const tsa = this.keyring.get(TSA_ID);
    return { certificate: tsa.certificate, privateKey: tsa.privateKey, chain: [this.keyring.get('issuing').certificate], policy: DEFAULT_TSA_POLICY, accuracySeconds: 1 };
  }

  #sign(caId: string, query: OcspQuery, statuses: Map<string, CertificateStatus>): Promise<Uint8Array> {
    const producedAt = this.ctx.now();
    return buildOcspResponse(this.keyring.get(caId), query, {
      producedAt, nextUpdate: new Date(producedAt.getTime() + this.policy.ocspValidityMinutes * 60_000),
      statusOf: (serial) => statuses.get(serial) ?? { status: 'unknown' },
    });
  }

  #keep(key: string, answer: KeptAnswer): void {
    if (this.#kept.size >= this.policy.ocspCacheSize) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(key, answer);
  }

  /** Signs again the kept answers that are getting old, so that requests keep finding a fresh one. Run on a timer. */
  async refreshKeptAnswers(): Promise<number> {
    const now = this.ctx.now().getTime();
    let refreshed = 0;
    for (const [key, kept] of this.#kept) {
      if (now - kept.signedAt < (this.policy.ocspRefreshSeconds * 1000) / 2) continue;
      const revision = await this.#revision(kept.caId, true);
      const statuses = await this.#statuses(kept.caId, kept.query.certIds.map(serialOf));
      const der = await this.#sign(kept.caId, kept.query, statuses);
      this.#kept.set(key, { ...kept, der, statuses: [...statuses.values()].map(statusKey).join('|'), revision, signedAt: now });
      refreshed += 1;
    }
    return refreshed;
  }

  async #subordinateSerials(caId: string): Promise<Set<string>> {
    const rows = await this.ctx.db.kysely.selectFrom('pki_authorities').select('certificate_pem').where('parent_id', '=', caId).execute();
    return new Set(rows.map((r) => checkSerial(new x509.X509Certificate(r.certificate_pem).serialNumber)));
  }

  async #statuses(caId: string, serials: readonly string[]): Promise<Map<string, CertificateStatus>> {
    const rows = await selectStatuses(this.ctx.db.kysely, caId, serials);
    const statuses = new Map<string, CertificateStatus>();
    // The CAs this one certified (the issuing CA and the TSA under the root) are in the authorities' table
    const subordinates = rows.length < serials.length ? await this.#subordinateSerials(caId) : new Set<string>();
    for (const serial of serials) {
      const row = rows.find((r) => r.serial === serial);
      if (!row) statuses.set(serial, { status: subordinates.has(serial) ? 'good' : 'unknown' });
      else if (row.status === 'valid') statuses.set(serial, { status: 'good' });
      else statuses.set(serial, { status: 'revoked', revokedAt: new Date(row.revoked_at!), reason: revocationReason(row.revocation_reason!) });
    }
    return statuses;
  }
}

const statusKey = (s: CertificateStatus): string => s.status === 'revoked' ? `r:${s.revokedAt.getTime()}:${s.reason}` : s.status;

function selectStatuses(db: Kysely<Database>, caId: string, serials: readonly string[]) {
  return db.selectFrom('pki_certificates').select(['serial', 'status', 'revoked_at', 'revocation_reason'])
    .where('ca_id', '=', caId).where('serial', 'in', [...serials]).execute();
}

