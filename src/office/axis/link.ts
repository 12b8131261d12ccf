/**
 * An office on the axis. Documents issued to other agencies leave as signed edXML packages from the delivery
 * rows issue wrote (a transactional outbox): built and signed once with the agency's seal key, kept, sent until
 * the hub's signed receipt comes back, with exponential back-off and jitter. The agency's mailbox is pulled:
 * documents become arrivals with their signature report (one hub message, one arrival, however often it comes),
 * statuses go onto the sender's timeline. The statuses this office owes (01 and 03 on registering, 04, 05, 06,
 * 02 with the reason) are made from its arrivals' events, so none is lost between the event and the sending.
 */
import { createHash } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import {
  buildDocumentPackage, buildStatusPackage, dateOfTimestamp, edxmlDate, edxmlTimestamp, keySigner, parseDocumentId, signPackage, verifyPackage,
  type Business, type BusinessDocType, type DocumentPackage, type Priority, type StatusCode,
} from '../../edxml/index.ts';
import type { Database } from '../../store/index.ts';
import { writeWithAudit, type Audit, type OfficeContext } from '../context.ts';
import { documentType, DOCUMENT_TYPES } from '../documents/catalogue.ts';
import { insertArrival } from '../documents/arrivals.ts';
import type { ArrivalReport } from '../documents/issuing.ts';
import { pdfText } from '../../pades/index.ts';
import type { SigningKeys } from '../signing/signing-keys.ts';
import type { Trust } from '../signing/trust.ts';
import { receiptIsSigned, type MailboxEntry, type Receipt } from './hub.ts';
import { axisTracking } from './tracking.ts';
import { raiseAxisAlerts } from './alerts.ts';

/** How an office reaches the hub: in process (tests, one machine) or over HTTP with signed requests */
export interface AxisTransport {
  send(agency: string, bytes: Uint8Array): Promise<Receipt>;
  mailbox(agency: string): Promise<MailboxEntry[]>;
  fetch(agency: string, messageId: string): Promise<Uint8Array>;
  acknowledge(agency: string, messageId: string, outcome: 'done' | 'fail', reason?: string): Promise<void>;
}

const URGENCY_PRIORITY: Record<string, Priority> = { thuong: 0, khan: 1, 'thuong-khan': 2, 'hoa-toc': 3 };
const PRIORITY_URGENCY = ['thuong', 'khan', 'thuong-khan', 'hoa-toc'] as const;
/** Which statuses an arrival's step owes its sender */
const STATUS_OF_ACTION: Readonly<Record<string, readonly StatusCode[]>> = {
  register: ['01', '03'], assign: ['04'], progress: ['05'], complete: ['06'], return: ['02'], recall_accept: ['15'], recall_refuse: ['16'],
  // The sender's own request, to every agency it went to
  recall: ['13'],
};
/** A lease on a row being sent: another process leaves it alone meanwhile */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/** 1 s, 2 s, 4 s … up to an hour, with ±50 % jitter so that offices that failed together do not retry together */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.5 + random()));
}

const PASSING = new Set(['EDXML_REVOCATION_UNAVAILABLE', 'OFFICE_AXIS_UNAUTHENTICATED']);
/** Hub refusals are final (the package itself is wrong), except what passes: a CRL or OCSP out of reach, the agency not yet in the directory */
const isPermanent = (err: unknown) => {
  const code = String((err as { code?: string }).code ?? '');
  return /^(EDXML|OFFICE_AXIS)_/.test(code) && !PASSING.has(code);
};

/** `agencies`: the codes this office speaks for on the axis (by default every agency with a seal key) */
export function createAxisLink(ctx: OfficeContext, deps: { keys: SigningKeys; trust: Trust; transport: AxisTransport; report: (pdf: Uint8Array) => Promise<ArrivalReport>; agencies?: readonly string[] }) {
  const db = () => ctx.db.kysely;
  const nowIso = () => ctx.now().toISOString();

  /** Agencies of this installation on the axis: those with a seal key, whose certificate is their axis identity */
  async function linkedAgencies() {
    let query = db().selectFrom('signing_keys').innerJoin('agencies', 'agencies.id', 'signing_keys.agency_id')
      .select(['agencies.id', 'agencies.code', 'agencies.name', 'agencies.email']).where('signing_keys.purpose', '=', 'seal').where('signing_keys.active', '=', 1);
    if (deps.agencies) query = query.where('agencies.code', 'in', deps.agencies.length ? [...deps.agencies] : ['']);
    return query.execute();
  }

  async function signerOf(agencyId: string) {
    const key = await deps.keys.signerFor(agencyId, null, 'seal');
    return keySigner(key.signer.privateKey!, key.signer.certificate, key.signer.chain);
  }

  async function documentPackage(doc: Database['documents'], recipients: { target: string; name: string }[]): Promise<DocumentPackage> {
    const agency = await db().selectFrom('agencies').select(['code', 'name', 'email']).where('id', '=', doc.agency_id).executeTakeFirstOrThrow();
    const issued = new Date(doc.updated_at);
    const date = doc.document_date ? doc.document_date.replace(/-/g, '/') : edxmlDate(issued);
    const [number, ...rest] = (doc.notation ?? `${doc.number ?? 0}/`).split('/');
    const codeNotation = rest.join('/') || 'VB';
    const type = documentType(doc.type_code);
    return {
      kind: 'document',
      header: {
        from: { organId: agency.code, organName: agency.name, ...(agency.email ? { email: agency.email } : {}) },
        to: recipients.map((r) => ({ organId: r.target, organName: r.name })),
        code: { codeNumber: number ?? String(doc.number ?? 0), codeNotation },
        promulgationInfo: { place: agency.name, promulgationDate: date },
        documentType: { type: String(Math.max(1, DOCUMENT_TYPES.findIndex((t) => t.code === doc.type_code) + 1)), typeName: type?.name ?? doc.type_code },
        subject: doc.subject,
        signerInfo: { fullName: doc.signer_name ?? agency.name },
        toPlaces: recipients.map((r) => r.name),
        otherInfo: { priority: URGENCY_PRIORITY[doc.urgency] ?? 0, promulgationAmount: 1 },
        responseFor: [],
        documentId: `${agency.code},${date},${doc.notation ?? `${doc.number}/${codeNotation}`}`,
      },
      trace: { traceHeaders: [{ organId: agency.code, timestamp: edxmlTimestamp(issued) }], business: await businessOf(doc, recipients.map((r) => r.target)) },
      attachments: [{ contentId: doc.id, name: doc.file_name ?? 'van-ban.pdf', contentType: 'application/pdf', content: await ctx.blobs.get(doc.file_blob!) }],
    };
  }

  /** New, or revoking / updating / replacing an earlier document sent over the axis, which the package names */
  async function businessOf(doc: Database['documents'], recipients: readonly string[]): Promise<Business> {
    const docType = (doc.business_type ?? 0) as BusinessDocType;
    if (docType === 0 || !doc.replaces_document_id) return { docType: 0 };
    const earlier = await db().selectFrom('documents').select(['axis_document_id', 'notation']).where('id', '=', doc.replaces_document_id).executeTakeFirstOrThrow();
    return { docType, docReason: `${['', 'Thu hồi', 'Cập nhật', 'Thay thế'][docType]} văn bản ${earlier.notation ?? ''}`.trim(), replacementInfoList: [{ documentId: earlier.axis_document_id!, organIds: [...recipients] }] };
  }

  /** Takes the rows of one document due for sending, unless another process holds them */
  async function claim(documentId: string, now: string): Promise<boolean> {
    const lease = new Date(ctx.now().getTime() + LEASE_MS).toISOString();
    const result = await db().updateTable('document_deliveries').set({ next_attempt_at: lease })
      .where('document_id', '=', documentId).where('kind', '=', 'agency').where('status', '=', 'queued')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async function sendDocument(documentId: string): Promise<void> {
    const doc = await db().selectFrom('documents').selectAll().where('id', '=', documentId).executeTakeFirstOrThrow();
    const rows = await db().selectFrom('document_deliveries').selectAll().where('document_id', '=', documentId).where('kind', '=', 'agency').where('status', '=', 'queued').execute();
    const agency = await db().selectFrom('agencies').select('code').where('id', '=', doc.agency_id).executeTakeFirstOrThrow();
    try {
      let blobId = rows.find((r) => r.package_blob)?.package_blob ?? null;
      if (!blobId) {
        const names = await db().selectFrom('document_recipients').select(['target', 'name']).where('document_id', '=', documentId).where('kind', '=', 'agency').execute();
        const pkg = await documentPackage(doc, rows.map((r) => ({ target: r.target, name: names.find((n) => n.target === r.target)?.name ?? r.target })));
        const made = await ctx.blobs.put(await signPackage(buildDocumentPackage(pkg), await signerOf(doc.agency_id)));
        blobId = made;
        // Both at once: a package kept without its document id would have every status about it thrown away
        await db().transaction().execute(async (trx) => {
          await trx.updateTable('document_deliveries').set({ package_blob: made }).where('document_id', '=', documentId).where('kind', '=', 'agency').where('status', '=', 'queued').execute();
          await trx.updateTable('documents').set({ axis_document_id: pkg.header.documentId }).where('id', '=', documentId).execute();
        });
      }
      const bytes = await ctx.blobs.get(blobId);
      const receipt = await deps.transport.send(agency.code, bytes);
      if (!receiptIsSigned(receipt) || receipt.digest !== createHash('sha256').update(bytes).digest('hex')) throw new Error('biên nhận của trục không đúng chữ ký hoặc không đúng gói đã gửi');
      await writeWithAudit(ctx, async (trx, audit) => {
        await trx.updateTable('document_deliveries').set((eb) => ({ status: 'sent', message_id: receipt.messageId, receipt: JSON.stringify(receipt), attempts: eb(eb.fn.coalesce('attempts', sql<number>`0`), '+', 1), last_error: null, next_attempt_at: null, updated_at: nowIso() }))
          .where('document_id', '=', documentId).where('kind', '=', 'agency').where('status', '=', 'queued').execute();
        await audit({ actorId: null, agencyId: doc.agency_id, action: 'axis.document.sent', targetType: 'document', targetId: documentId, details: { messageId: receipt.messageId, recipients: receipt.recipients, digest: receipt.digest } });
      });
    } catch (err) {
      const attempts = Math.max(...rows.map((r) => r.attempts ?? 0)) + 1;
      const permanent = isPermanent(err);
      await db().updateTable('document_deliveries').set({
        attempts, last_error: (err as Error).message.slice(0, 1000), updated_at: nowIso(),
        ...(permanent ? { status: 'failed', next_attempt_at: null } : { next_attempt_at: new Date(ctx.now().getTime() + backoffMs(attempts)).toISOString() }),
      }).where('document_id', '=', documentId).where('kind', '=', 'agency').where('status', '=', 'queued').execute();
    }
  }

  /** Statuses owed for arrivals' steps since they were last looked at; idempotent (one row per event and code) */
  async function collectStatuses(): Promise<void> {
    const events = await db().selectFrom('document_events').innerJoin('documents', 'documents.id', 'document_events.document_id')
      .leftJoin('axis_status_outbox', (join) => join.onRef('axis_status_outbox.document_id', '=', 'document_events.document_id').onRef('axis_status_outbox.event_seq', '=', 'document_events.seq'))
      .select(['document_events.document_id', 'document_events.seq', 'document_events.action', 'document_events.comment', 'document_events.at'])
      .where((eb) => eb.or([eb('documents.axis_message_id', 'is not', null), eb.and([eb('documents.direction', '=', 'out'), eb('documents.axis_document_id', 'is not', null)])]))
      .where('axis_status_outbox.document_id', 'is', null)
      .where('document_events.action', 'in', Object.keys(STATUS_OF_ACTION)).orderBy('document_events.at').limit(500).execute();
    for (const e of events) {
      const rows = STATUS_OF_ACTION[e.action]!.map((code) => ({ document_id: e.document_id, event_seq: e.seq, status_code: code, description: ['02', '13', '16'].includes(code) ? e.comment : null, at: e.at, attempts: 0, next_attempt_at: e.at, last_error: null, sent_at: null }));
      await db().insertInto('axis_status_outbox').values(rows).onConflict((oc) => oc.doNothing()).execute();
    }
  }

  async function sendStatus(row: Database['axis_status_outbox']): Promise<void> {
    const doc = await db().selectFrom('documents').innerJoin('agencies', 'agencies.id', 'documents.agency_id')
      .select(['documents.agency_id', 'documents.axis_document_id', 'documents.notation', 'agencies.code', 'agencies.name']).where('documents.id', '=', row.document_id).executeTakeFirstOrThrow();
    const original = parseDocumentId(doc.axis_document_id ?? '');
    try {
      if (!original) throw Object.assign(new Error(`mã văn bản gốc "${doc.axis_document_id}" không đọc được`), { code: 'OFFICE_AXIS_STATUS_ORPHAN' });
      const status = buildStatusPackage({
        responseFor: { organId: original.organId, code: `${original.number}/${original.notation}`, promulgationDate: original.date, documentId: doc.axis_document_id! },
        from: { organId: doc.code, organName: doc.name }, statusCode: row.status_code as StatusCode,
        ...(row.description ? { description: row.description } : ['02', '16'].includes(row.status_code) ? { description: 'Không nêu lý do' } : {}),
        timestamp: edxmlTimestamp(new Date(row.at)), staffInfo: {},
      });
      await deps.transport.send(doc.code, await signPackage(status, await signerOf(doc.agency_id)));
      await db().updateTable('axis_status_outbox').set({ sent_at: nowIso(), attempts: row.attempts + 1, last_error: null })
        .where('document_id', '=', row.document_id).where('event_seq', '=', row.event_seq).where('status_code', '=', row.status_code).execute();
    } catch (err) {
      const attempts = row.attempts + 1;
      await db().updateTable('axis_status_outbox').set({
        attempts, last_error: (err as Error).message.slice(0, 1000),
        next_attempt_at: isPermanent(err) ? '9999-12-31T00:00:00.000Z' : new Date(ctx.now().getTime() + backoffMs(attempts)).toISOString(),
      }).where('document_id', '=', row.document_id).where('event_seq', '=', row.event_seq).where('status_code', '=', row.status_code).execute();
    }
  }

  /** A revoking, updating or replacing document applies to the arrival it names: that one is revoked or replaced */
  async function applyBusiness(trx: Transaction<Database>, agencyId: string, arrivalId: string, pkg: DocumentPackage, audit: Audit): Promise<void> {
    const { docType, replacementInfoList } = pkg.trace.business;
    if (docType === 0 || !replacementInfoList?.length) return;
    const named = await trx.selectFrom('documents').select(['id', 'status']).where('agency_id', '=', agencyId).where('direction', '=', 'in')
      .where('axis_document_id', 'in', replacementInfoList.map((r) => r.documentId)).execute();
    const to = docType === 1 ? 'revoked' : 'replaced';
    for (const earlier of named) {
      await trx.updateTable('documents').set({ status: to, updated_at: nowIso() }).where('id', '=', earlier.id).execute();
      const last = await trx.selectFrom('document_events').select((eb) => eb.fn.max('seq').as('seq')).where('document_id', '=', earlier.id).executeTakeFirst();
      await trx.insertInto('document_events').values({
        document_id: earlier.id, seq: Number(last?.seq ?? 0) + 1, action: docType === 1 ? 'revoked' : docType === 2 ? 'updated' : 'replaced', from_status: earlier.status, to_status: to,
        actor_id: null, at: nowIso(), comment: pkg.trace.business.docReason ?? null, details: JSON.stringify({ by: arrivalId, documentId: pkg.header.documentId }),
      }).execute();
      await audit({ actorId: null, agencyId, action: `document.axis.${to}`, targetType: 'document', targetId: earlier.id, details: { by: arrivalId } });
    }
    await trx.updateTable('documents').set({ business_type: docType, replaces_document_id: named[0]?.id ?? null }).where('id', '=', arrivalId).execute();
  }

  /** One message from the mailbox: a document becomes an arrival, a status goes on the timeline; then acknowledged */
  async function receive(agency: { id: string; code: string }, entry: MailboxEntry): Promise<void> {
    const bytes = await deps.transport.fetch(agency.code, entry.messageId);
    let verified;
    try {
      verified = await verifyPackage(bytes, { trustStore: await deps.trust.store(), at: ctx.now(), senderCheck: (_certificate, organId) => organId === entry.sender });
    } catch (err) {
      await writeWithAudit(ctx, (_trx, audit) => audit({ actorId: null, agencyId: agency.id, action: 'axis.package.refused', targetType: 'hub_message', targetId: entry.messageId, details: { sender: entry.sender, reason: (err as Error).message.slice(0, 300) } }));
      return deps.transport.acknowledge(agency.code, entry.messageId, 'fail', (err as Error).message.slice(0, 500));
    }
    const pkg = verified.package;
    if (pkg.kind === 'document') {
      const known = await db().selectFrom('documents').select('id').where('agency_id', '=', agency.id).where('axis_message_id', '=', entry.messageId).executeTakeFirst();
      if (!known) {
        const pdf = pkg.attachments.find((a) => a.contentType === 'application/pdf' || /\.pdf$/i.test(a.name));
        const report = pdf ? await deps.report(pdf.content) : { passed: false, checkedAt: nowIso(), signatures: [], problems: ['gói tin không có tệp PDF'] };
        const blobId = pdf ? await ctx.blobs.put(pdf.content) : await ctx.blobs.put(bytes);
        const text = pdf ? await pdfText(pdf.content).catch(() => '') : '';
        const typeCode = DOCUMENT_TYPES.find((t) => t.name.toLowerCase() === pkg.header.documentType.typeName.toLowerCase())?.code ?? 'cong-van';
        await writeWithAudit(ctx, async (trx, audit) => {
          const id = await insertArrival(trx, ctx, {
            agencyId: agency.id, typeCode, subject: pkg.header.subject, sender: pkg.header.from.organName, notation: `${pkg.header.code.codeNumber}/${pkg.header.code.codeNotation}`,
            documentDate: pkg.header.promulgationInfo.promulgationDate.replace(/\//g, '-'), urgency: PRIORITY_URGENCY[pkg.header.otherInfo.priority] ?? 'thuong',
            blobId, fileName: pdf?.name ?? 'goi-tin.xml', kind: 'arrived', text, report,
          });
          await trx.updateTable('documents').set({ axis_message_id: entry.messageId, axis_document_id: pkg.header.documentId }).where('id', '=', id).execute();
          await applyBusiness(trx, agency.id, id, pkg, audit);
          await audit({ actorId: null, agencyId: agency.id, action: 'document.arrival.axis', targetType: 'document', targetId: id, details: { messageId: entry.messageId, from: entry.sender, documentId: pkg.header.documentId } });
        }).catch(async (err: unknown) => {
          // Two pullers took the same message: the unique (agency, message) index keeps one arrival
          if (!(await db().selectFrom('documents').select('id').where('agency_id', '=', agency.id).where('axis_message_id', '=', entry.messageId).executeTakeFirst())) throw err;
        });
      }
    } else {
      const s = pkg.status;
      // 13 comes from the sender about a document this agency received; the others from a recipient about one it sent
      const doc = await db().selectFrom('documents').select('id').where('agency_id', '=', agency.id).where('direction', '=', s.statusCode === '13' ? 'in' : 'out').where('axis_document_id', '=', s.responseFor.documentId).executeTakeFirst();
      if (doc) {
        await db().transaction().execute(async (trx) => {
          const inserted = await trx.insertInto('axis_statuses').values({
            document_id: doc.id, agency_code: s.from.organId, status_code: s.statusCode, description: s.description ?? null,
            reported_at: dateOfTimestamp(s.timestamp).toISOString(), received_at: nowIso(), message_id: entry.messageId,
          }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
            // Statuses may come in any order: the delivery shows the latest reported, not the latest received
            const latest = await trx.selectFrom('axis_statuses').select(['status_code', 'reported_at']).where('document_id', '=', doc.id).where('agency_code', '=', s.from.organId)
              .orderBy('reported_at', 'desc').orderBy('status_code', 'desc').executeTakeFirstOrThrow();
            await trx.updateTable('document_deliveries').set({ business_status: latest.status_code, business_status_at: latest.reported_at, updated_at: nowIso() })
              .where('document_id', '=', doc.id).where('kind', '=', 'agency').where('target', '=', s.from.organId).execute();
          }
        });
      }
    }
    await deps.transport.acknowledge(agency.code, entry.messageId, 'done');
  }

  return {
    /** Sends what is due: documents to other agencies, then statuses owed; returns how many were tried */
    async send(): Promise<number> {
      const now = nowIso();
      const due = await db().selectFrom('document_deliveries').select('document_id').distinct().where('kind', '=', 'agency').where('status', '=', 'queued')
        .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])).limit(100).execute();
      let tried = 0;
      for (const { document_id } of due) {
        if (!(await claim(document_id, now))) continue;
        await sendDocument(document_id);
        tried++;
      }
      await collectStatuses();
      const statuses = await db().selectFrom('axis_status_outbox').selectAll().where('sent_at', 'is', null).where('next_attempt_at', '<=', now).orderBy('at').orderBy('event_seq').orderBy('status_code').limit(500).execute();
      for (const row of statuses) {
        await sendStatus(row);
        tried++;
      }
      return tried;
    },

    /** Pulls every linked agency's mailbox once; returns how many messages were taken in */
    async pull(): Promise<number> {
      let taken = 0;
      const failures: unknown[] = [];
      for (const agency of await linkedAgencies()) {
        // One agency's trouble (its mailbox refused, a message that will not process) does not hold up the others
        try {
          for (const entry of await deps.transport.mailbox(agency.code)) {
            await receive(agency, entry);
            taken++;
          }
        } catch (err) {
          failures.push(err);
        }
      }
      if (failures.length && taken === 0) throw failures[0];
      return taken;
    },

    /** Warns clerks of documents nobody reported received, and of arrivals nobody registered, by the deadline */
    alerts: () => raiseAxisAlerts(ctx),

    /** For the sender: per recipient agency, the transport state and the business status timeline */
    tracking: (documentId: string) => axisTracking(db(), documentId),
  };
}

export type AxisLink = ReturnType<typeof createAxisLink>;
