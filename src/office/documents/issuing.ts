/**
 * The issuing half of an outgoing document's life, with its file: the authorised person's PAdES signature
 * (a key held by the server, or a USB token on the signer's PC through `congvan agent`: prepared here, the
 * value signed there, checked and embedded here), the number written into the document's number field, the
 * organisation's seal signature, and issue: an arrival at once for units of this installation, an e-mail with
 * the PDF through the mail outbox, an outbox row for agencies reached over the interconnection axis.
 * PDF work happens before the step's transaction; the step then checks the file did not change meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { fillNumberField, resolvePlace, respondingTimestampSource, sealDocument, signAsPerson, validate, PadesError, type Place, type ValidationReport } from '../../pades/index.ts';
import type { Database } from '../../store/index.ts';
import { isAgencyCode } from '../agencies/index.ts';
import type { Actor } from '../actor.ts';
import { requireRole } from '../actor.ts';
import type { OfficeContext, Audit } from '../context.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { OfficeError } from '../office.errors.ts';
import type { PkiService } from '../pki/index.ts';
import type { SigningKeys } from '../signing/signing-keys.ts';
import { completeTokenSignature, padesWork, prepareTokenSignature, TOKEN_SESSION_MINUTES, type PreparedHalf } from '../signing/token-signature.ts';
import type { Trust } from '../signing/trust.ts';
import { agencyDocument } from './access.ts';
import type { Secrecy, Urgency } from './documents.ts';
import { insertArrival } from './arrivals.ts';
import { axisTracking, type AxisTracking } from '../axis/tracking.ts';
import { currentVersion } from './files.ts';
import type { Doc } from './state-machine.ts';
import type { createWorkflowService } from './workflow.ts';

export type RecipientKind = 'unit' | 'agency' | 'email';
export interface Recipient { readonly kind: RecipientKind; readonly target: string }
export interface RecipientRecord extends Recipient { readonly name: string }

/** What a clerk is shown of an arrival's signatures, kept with it */
export interface ArrivalReport {
  readonly passed: boolean;
  readonly checkedAt: string;
  readonly signatures: readonly { signer: string; indication: string; subIndication?: string; reason: string; time?: string; level: string }[];
  readonly problems: readonly string[];
}

const EMAIL = /^[^\s@<>(),;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const MAX_RECIPIENTS = 200;

export function summarise(report: ValidationReport, at: Date): ArrivalReport {
  return {
    passed: report.valid, checkedAt: at.toISOString(), problems: report.problems,
    signatures: report.signatures.map((s) => ({
      signer: s.signer?.commonName ?? '?', indication: s.indication, subIndication: s.subIndication, reason: s.reason.vi,
      time: (s.timestampTime ?? s.claimedTime)?.toISOString(), level: s.level,
    })),
  };
}

export function createIssuingService(ctx: OfficeContext, deps: { keys: SigningKeys; trust: Trust; pki: PkiService; outgoing: ReturnType<typeof createWorkflowService> }) {
  const db = () => ctx.db.kysely;

  const outgoingDoc = (actor: Actor, id: string): Promise<Doc> => agencyDocument(db(), actor, id, { direction: 'out' });

  async function currentFile(doc: Doc): Promise<{ bytes: Uint8Array; version: number; name: string }> {
    if (!doc.file_blob) throw new OfficeError('OFFICE_FILE_MISSING');
    return { bytes: await ctx.blobs.get(doc.file_blob), version: await currentVersion(db(), doc.id), name: doc.file_name ?? `${doc.id}.pdf` };
  }

  const requireStatus = (doc: Doc, action: string, status: string) => {
    if (doc.status !== status) throw new OfficeError('OFFICE_TRANSITION_NOT_ALLOWED', { action, status: doc.status });
  };

  /** A timestamp from our own TSA when the CA is open: the signature then proves its time (B-T) */
  const timestampOptions = () => deps.pki.isUnlocked
    ? { level: 'B-T' as const, timestamp: respondingTimestampSource((query) => deps.pki.responders.timestamp(query), 'TSA nội bộ') }
    : { level: 'B-B' as const };

  const pades = padesWork;

  async function putSigned(bytes: Uint8Array) {
    return ctx.blobs.put(bytes);
  }

  async function validationReport(pdf: Uint8Array): Promise<ArrivalReport> {
    const report = await validate(pdf, await deps.trust.store(), { revocation: deps.trust.revocation(), now: ctx.now() });
    return summarise(report, ctx.now());
  }

  async function deliver(trx: Transaction<Database>, doc: Doc, audit: Audit, report: ArrivalReport): Promise<Record<string, unknown>> {
    const recipients = await trx.selectFrom('document_recipients').selectAll().where('document_id', '=', doc.id).orderBy('position').execute();
    if (recipients.length === 0) throw new OfficeError('OFFICE_RECIPIENTS_INVALID', { reason: 'văn bản chưa có nơi nhận' });
    const now = ctx.now().toISOString();
    const sender = await trx.selectFrom('agencies').select(['name', 'code']).where('id', '=', doc.agency_id).executeTakeFirstOrThrow();
    const counts = { unit: 0, email: 0, agency: 0 };
    for (const r of recipients) {
      const delivery = { id: randomUUID(), document_id: doc.id, kind: r.kind, target: r.target, arrival_id: null as string | null, mail_id: null as string | null, created_at: now, updated_at: now };
      if (r.kind === 'unit') {
        const arrivalId = await insertArrival(trx, ctx, {
          agencyId: r.target, typeCode: doc.type_code, subject: doc.subject, urgency: doc.urgency as Urgency, secrecy: doc.secrecy as Secrecy, notation: doc.notation,
          documentDate: doc.document_date, sender: sender.name, blobId: doc.file_blob!, fileName: doc.file_name ?? 'van-ban.pdf', kind: 'arrived', text: doc.body_text, report, sourceDocumentId: doc.id,
        });
        await trx.insertInto('document_deliveries').values({ ...delivery, status: 'delivered', arrival_id: arrivalId }).execute();
        await audit({ actorId: null, agencyId: r.target, action: 'document.arrival', targetType: 'document', targetId: arrivalId, details: { from: doc.id, notation: doc.notation, sender: sender.code } });
      } else if (r.kind === 'email') {
        const mailId = await enqueueMail(trx, ctx, {
          to: [r.target], documentId: doc.id,
          subject: `${doc.notation ?? ''} ${doc.subject}`.trim().slice(0, 250),
          text: `${sender.name} gửi văn bản số ${doc.notation ?? '(chưa số)'} ngày ${doc.document_date ?? ''}:\n${doc.subject}\n\nTệp PDF đính kèm có chữ ký số; kiểm tra chữ ký bằng phần mềm đọc PDF hoặc lệnh congvan verify.`,
          attachments: [{ filename: doc.file_name ?? 'van-ban.pdf', blobId: doc.file_blob!, contentType: 'application/pdf' }],
        });
        await trx.insertInto('document_deliveries').values({ ...delivery, status: 'queued', mail_id: mailId }).execute();
      } else {
        // Sent by the interconnection service (edXML over the axis); queued with the issue, so none is lost
        await trx.insertInto('document_deliveries').values({ ...delivery, status: 'queued' }).execute();
      }
      counts[r.kind as RecipientKind]++;
    }
    return { delivered: counts };
  }

  return {
    /** The author names where it goes: units of this installation (by id), other agencies (by code), e-mail addresses */
    async setRecipients(actor: Actor, id: string, recipients: readonly Recipient[]): Promise<RecipientRecord[]> {
      const doc = await outgoingDoc(actor, id);
      if (doc.created_by !== actor.userId) throw new OfficeError('OFFICE_FORBIDDEN');
      if (!['draft', 'returned'].includes(doc.status)) throw new OfficeError('OFFICE_TRANSITION_NOT_ALLOWED', { action: 'recipients', status: doc.status });
      if (!Array.isArray(recipients) || recipients.length === 0 || recipients.length > MAX_RECIPIENTS) throw new OfficeError('OFFICE_RECIPIENTS_INVALID', { reason: `cần từ 1 đến ${MAX_RECIPIENTS} nơi nhận` });
      const seen = new Set<string>();
      const rows: RecipientRecord[] = [];
      for (const r of recipients) {
        const target = String(r.target ?? '').trim();
        const key = `${r.kind}:${target.toLowerCase()}`;
        if (seen.has(key)) throw new OfficeError('OFFICE_RECIPIENTS_INVALID', { reason: `"${target}" có hai lần` });
        seen.add(key);
        if (r.kind === 'unit') {
          const unit = await db().selectFrom('agencies').select(['id', 'name']).where('id', '=', target).executeTakeFirst();
          if (!unit || unit.id === doc.agency_id) throw new OfficeError('OFFICE_RECIPIENTS_INVALID', { reason: `không có đơn vị "${target.slice(0, 60)}" trong hệ thống (hoặc là chính cơ quan gửi)` });
          rows.push({ kind: 'unit', target, name: unit.name });
        } else if (r.kind === 'agency') {
          if (!isAgencyCode(target)) throw new OfficeError('OFFICE_RECIPIENTS_INVALID', { reason: `mã định danh "${target.slice(0, 60)}" không đúng dạng 000.00.00.H33` });
          const known = await db().selectFrom('agencies').select('name').where('code', '=', target).executeTakeFirst();
          rows.push({ kind: 'agency', target, name: known?.name ?? target });
        } else if (r.kind === 'email') {
          if (!EMAIL.test(target) || target.length > 254) throw new OfficeError('OFFICE_RECIPIENTS_INVALID', { reason: `địa chỉ thư "${target.slice(0, 60)}" không hợp lệ` });
          rows.push({ kind: 'email', target, name: target });
        } else {
          throw new OfficeError('OFFICE_RECIPIENTS_INVALID', { reason: `loại nơi nhận "${String(r.kind).slice(0, 20)}" (đơn vị, cơ quan, thư điện tử)` });
        }
      }
      await ctx.db.kysely.transaction().execute(async (trx) => {
        await trx.deleteFrom('document_recipients').where('document_id', '=', id).execute();
        await trx.insertInto('document_recipients').values(rows.map((r, position) => ({ document_id: id, position, kind: r.kind, target: r.target, name: r.name }))).execute();
      });
      return rows;
    },

    async recipients(actor: Actor, id: string): Promise<RecipientRecord[]> {
      await outgoingDoc(actor, id);
      const rows = await db().selectFrom('document_recipients').selectAll().where('document_id', '=', id).orderBy('position').execute();
      return rows.map((r) => ({ kind: r.kind as RecipientKind, target: r.target, name: r.name }));
    },

    /** Where the leader's signature would go: above their name printed in the document; null when it is not printed */
    async proposePlace(actor: Actor, id: string): Promise<{ page: number; rect: readonly number[]; serverKey: boolean } | { page: null; serverKey: boolean }> {
      const doc = await outgoingDoc(actor, id);
      const file = await currentFile(doc);
      const me = await db().selectFrom('users').select('full_name').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const serverKey = await deps.keys.hasKey(doc.agency_id, actor.userId, 'personal');
      try {
        return { ...(await resolvePlace(file.bytes, { anchor: me.full_name })), serverKey };
      } catch {
        return { page: null, serverKey };
      }
    },

    /** The agencies of this installation a document can go to at once */
    async directory(actor: Actor): Promise<{ id: string; code: string; name: string }[]> {
      return db().selectFrom('agencies').select(['id', 'code', 'name']).where('id', '!=', actor.agencyId).orderBy('code').execute();
    },

    /** The leader signs with the key the server holds for them, at `place` (or above their printed name) */
    async signOnServer(actor: Actor, id: string, place?: Place): Promise<Doc> {
      requireRole(actor, 'leader');
      const doc = await outgoingDoc(actor, id);
      requireStatus(doc, 'sign', 'approved');
      const file = await currentFile(doc);
      const key = await deps.keys.signerFor(doc.agency_id, actor.userId, 'personal');
      const signed = await pades(() => signAsPerson(file.bytes, { signer: key.signer, image: key.image, signingTime: ctx.now(), place: place ?? { anchor: key.holder }, reason: 'Ký ban hành', ...timestampOptions() }));
      const blobId = await putSigned(signed);
      return deps.outgoing.sign(actor, id, key.holder, async () => ({ blobId, name: file.name, kind: 'signed', baseVersion: file.version }));
    },

    /** The token path, first half: the signature prepared with the token's certificate; its digest goes to the agent */
    async prepareForToken(actor: Actor, id: string, certificatePem: string, place?: Place): Promise<{ sessionId: string; digest: string; expiresAt: string }> {
      requireRole(actor, 'leader');
      const doc = await outgoingDoc(actor, id);
      requireStatus(doc, 'sign', 'approved');
      const file = await currentFile(doc);
      const signingTime = ctx.now();
      const prepared = await prepareTokenSignature(file.bytes, { certificatePem, ...(place ? { place } : {}), signingTime, reason: 'Ký ban hành', trustStore: await deps.trust.store() });
      const session = {
        id: randomUUID(), document_id: id, user_id: actor.userId, base_version: file.version, prepared_blob: await ctx.blobs.put(prepared.bytes),
        prepared: JSON.stringify(prepared.half), expires_at: new Date(signingTime.getTime() + TOKEN_SESSION_MINUTES * 60_000).toISOString(),
      };
      await db().insertInto('signing_sessions').values(session).execute();
      return { sessionId: session.id, digest: prepared.digest, expiresAt: session.expires_at };
    },

    /** The token path, second half: the value from the agent is checked against the certificate and embedded */
    async completeFromToken(actor: Actor, sessionId: string, signatureValue: Uint8Array): Promise<Doc> {
      const session = await db().selectFrom('signing_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
      if (!session || session.user_id !== actor.userId) throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: 'không có phiên ký này' });
      if (session.expires_at < ctx.now().toISOString()) throw new OfficeError('OFFICE_SIGNING_SESSION_INVALID', { reason: `hết hạn ${TOKEN_SESSION_MINUTES} phút` });
      const { signed, holder } = await completeTokenSignature(await ctx.blobs.get(session.prepared_blob), JSON.parse(session.prepared) as PreparedHalf, signatureValue, { trustStore: await deps.trust.store(), now: ctx.now() });
      const blobId = await putSigned(signed);
      const doc = await db().selectFrom('documents').selectAll().where('id', '=', session.document_id).executeTakeFirstOrThrow();
      const result = await deps.outgoing.sign(actor, doc.id, holder, async () => ({ blobId, name: doc.file_name ?? 'van-ban.pdf', kind: 'signed', baseVersion: session.base_version }));
      await db().deleteFrom('signing_sessions').where('id', '=', sessionId).execute();
      return result;
    },

    /** The clerk numbers it; the notation is written into the number field when the draft has one. The issuer is the agency's abbreviation unless given */
    async number(actor: Actor, id: string, issuer?: string, unit?: string): Promise<Doc> {
      const doc = await outgoingDoc(actor, id);
      issuer ??= (await db().selectFrom('agencies').select('short_name').where('id', '=', doc.agency_id).executeTakeFirstOrThrow()).short_name;
      const file = doc.file_blob ? await currentFile(doc) : undefined;
      return deps.outgoing.number(actor, id, issuer, unit, async (_trx, _doc, notation) => {
        if (!file || !notation) return undefined;
        let filled: Uint8Array;
        try {
          filled = await fillNumberField(file.bytes, notation);
        } catch (err) {
          if (err instanceof PadesError && err.code === 'PADES_NUMBER_FIELD_MISSING') return undefined;
          throw err;
        }
        return { blobId: await ctx.blobs.put(filled), name: file.name, kind: 'numbered', baseVersion: file.version };
      });
    },

    /** The clerk applies the organisation's seal: only over a valid personal signature (seed 003 §6) */
    async sealOnServer(actor: Actor, id: string): Promise<Doc> {
      requireRole(actor, 'clerk');
      const doc = await outgoingDoc(actor, id);
      requireStatus(doc, 'seal', 'numbered');
      const file = await currentFile(doc);
      const key = await deps.keys.signerFor(doc.agency_id, null, 'seal');
      const agency = await db().selectFrom('agencies').select('name').where('id', '=', doc.agency_id).executeTakeFirstOrThrow();
      const sealed = await pades(async () => sealDocument(file.bytes, {
        kind: 'document', signer: key.signer, seal: key.image, diameterMm: key.diameterMm, organisation: agency.name, signingTime: ctx.now(),
        trustStore: await deps.trust.store(), fetch: await deps.trust.fetcher(), reason: 'Đóng dấu', ...timestampOptions(),
      }));
      const blobId = await ctx.blobs.put(sealed);
      return deps.outgoing.seal(actor, id, async () => ({ blobId, name: file.name, kind: 'sealed', baseVersion: file.version }));
    },

    /** Issue: the signed file is checked once, then delivered to every recipient in the issue's transaction */
    async issue(actor: Actor, id: string, how: { paperCopy?: unknown } = {}): Promise<Doc> {
      const doc = await outgoingDoc(actor, id);
      const report = doc.file_blob && doc.secrecy === 'thuong' && doc.status === 'sealed' ? await validationReport(await ctx.blobs.get(doc.file_blob)) : undefined;
      return deps.outgoing.issue(actor, id, async (trx, fresh, audit) => {
        if (!report || fresh.file_blob !== doc.file_blob) throw new OfficeError('OFFICE_FILE_MISSING');
        return deliver(trx, fresh, audit, report);
      }, how);
    },

    /** Where an issued document went and what became of it there (status feedback) */
    async deliveries(actor: Actor, id: string) {
      await outgoingDoc(actor, id);
      return db().selectFrom('document_deliveries').selectAll().where('document_id', '=', id).orderBy('created_at').execute();
    },

    /** For the sender: each other agency's transport state and business statuses over the axis */
    async axisTracking(actor: Actor, id: string): Promise<AxisTracking[]> {
      await outgoingDoc(actor, id);
      return axisTracking(db(), id);
    },

    /** For an arrival over the axis: what its sender asked (13, a request to give it back) */
    async senderRequests(actor: Actor, id: string): Promise<{ code: string; description: string | null; at: string }[]> {
      await agencyDocument(db(), actor, id, { direction: 'in' });
      return (await db().selectFrom('axis_statuses').select(['status_code', 'description', 'reported_at']).where('document_id', '=', id).orderBy('reported_at').execute())
        .map((r) => ({ code: r.status_code, description: r.description, at: r.reported_at }));
    },

    /** What the clerk sees before registering an arrival */
    async arrivalReport(actor: Actor, id: string): Promise<ArrivalReport | null> {
      const doc = await agencyDocument(db(), actor, id);
      return doc.arrival_report ? JSON.parse(doc.arrival_report) as ArrivalReport : null;
    },

    validationReport,
  };
}
