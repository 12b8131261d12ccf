/**
 * How documents arrive besides a unit of this installation issuing them: a paper document scanned by the clerk
 * (OCRmyPDF makes it searchable PDF/A, then the agency signs it as a digitised document with its seal, Decree 30
 * Annex I), or an e-mail whose PDF attachments each become an arrival. Every arrival waits for the clerk with the
 * validation report of its signatures; registering gives it the incoming number.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { simpleParser } from 'mailparser';
import { sealDocument } from '../../pades/index.ts';
import type { Database } from '../../store/index.ts';
import { requireRole, type Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import type { SigningKeys } from '../signing/signing-keys.ts';
import type { Trust } from '../signing/trust.ts';
import { documentType } from './catalogue.ts';
import { insertDocument, UNSET_COLUMNS, URGENCIES, SECRECIES, type Secrecy, type Urgency } from './documents.ts';
import { checkPdf, MAX_UPLOAD_BYTES, type FileKind } from './files.ts';
import { ocrScan } from './ocr.ts';
import { pdfText } from '../../pades/index.ts';
import { isIsoDate } from '../../shared/vietnam-time.ts';
import type { ArrivalReport } from './issuing.ts';

export interface ArrivalFields {
  readonly typeCode: string;
  readonly subject: string;
  readonly sender: string;
  readonly notation?: string | null;
  readonly documentDate?: string | null;
  readonly urgency?: Urgency;
  readonly secrecy?: Secrecy;
}

export interface NewArrival extends ArrivalFields {
  readonly agencyId: string;
  readonly blobId: string;
  readonly fileName: string;
  readonly kind: FileKind;
  readonly text: string | null;
  readonly report: ArrivalReport;
  readonly sourceDocumentId?: string | null;
}

const MAX_EMAIL_BYTES = MAX_UPLOAD_BYTES + 10 * 1024 * 1024;

export function checkArrivalFields(input: Partial<ArrivalFields>): void {
  const bad = (field: string, reason: string) => new OfficeError('OFFICE_DOCUMENT_INVALID', { field, reason });
  if (input.typeCode !== undefined && !documentType(input.typeCode)) throw bad('typeCode', `không có loại văn bản "${String(input.typeCode).slice(0, 40)}"`);
  if (input.subject !== undefined && (!input.subject.trim() || input.subject.length > 2000)) throw bad('subject', 'trích yếu cần từ 1 đến 2000 ký tự');
  if (input.sender !== undefined && (!input.sender.trim() || input.sender.length > 255)) throw bad('sender', 'nơi gửi cần từ 1 đến 255 ký tự');
  if (input.notation && input.notation.length > 100) throw bad('notation', 'tối đa 100 ký tự');
  if (input.documentDate && !isIsoDate(input.documentDate)) throw bad('documentDate', `ngày "${input.documentDate}" (cần YYYY-MM-DD)`);
  if (input.urgency && !(URGENCIES as readonly string[]).includes(input.urgency)) throw bad('urgency', `độ khẩn "${input.urgency}"`);
  if (input.secrecy && !(SECRECIES as readonly string[]).includes(input.secrecy)) throw bad('secrecy', `độ mật "${input.secrecy}"`);
}

/** An arrival waiting for the clerk, with its file as version 1, in the caller's transaction */
export async function insertArrival(trx: Transaction<Database>, ctx: OfficeContext, a: NewArrival): Promise<string> {
  const id = randomUUID();
  const now = ctx.now().toISOString();
  await insertDocument(trx, ctx.db.dialect, {
    id, agency_id: a.agencyId, direction: 'in', type_code: a.typeCode, subject: a.subject.trim(), urgency: a.urgency ?? 'thuong', secrecy: a.secrecy ?? 'thuong',
    status: 'arrived', number: null, notation: a.notation?.trim() || null, document_date: a.documentDate ?? null, sender: a.sender.trim(), signer_name: null,
    body_text: a.text, created_by: null, created_at: now, updated_at: now,
    ...UNSET_COLUMNS, file_blob: a.blobId, file_name: a.fileName, source_document_id: a.sourceDocumentId ?? null, arrival_report: JSON.stringify(a.report),
  });
  await trx.insertInto('document_files').values({ document_id: id, version: 1, blob_id: a.blobId, name: a.fileName, kind: a.kind, created_by: null, created_at: now }).execute();
  return id;
}

export function createArrivalIntake(ctx: OfficeContext, deps: { keys: SigningKeys; trust: Trust; report: (pdf: Uint8Array) => Promise<ArrivalReport> }) {
  return {
    /** A paper document scanned by the clerk: OCR, PDF/A, the digitised-document signature with the seal */
    async receiveScan(actor: Actor, fields: ArrivalFields, upload: { name: string; bytes: Uint8Array }): Promise<string> {
      requireRole(actor, 'clerk');
      // A scan says nothing of itself: the clerk's type, subject and sender are all needed
      checkArrivalFields({ ...fields, typeCode: fields.typeCode ?? '', subject: fields.subject ?? '', sender: fields.sender ?? '' });
      if (upload.bytes.length === 0 || upload.bytes.length > MAX_UPLOAD_BYTES) throw new OfficeError('OFFICE_FILE_SIZE', { name: upload.name, max: MAX_UPLOAD_BYTES / 1024 / 1024 });
      checkPdf(upload.bytes, upload.name);
      const key = await deps.keys.signerFor(actor.agencyId, null, 'seal');
      const scanned = await ocrScan(upload.bytes);
      const agency = await ctx.db.kysely.selectFrom('agencies').select('name').where('id', '=', actor.agencyId).executeTakeFirstOrThrow();
      const signed = await sealDocument(scanned.pdf, {
        kind: 'digitised', signer: key.signer, seal: key.image, diameterMm: key.diameterMm, organisation: agency.name, signingTime: ctx.now(),
        trustStore: await deps.trust.store(), reason: 'Số hóa văn bản giấy',
      });
      const report = await deps.report(signed);
      const blobId = await ctx.blobs.put(signed);
      const name = upload.name.replace(/\.[^.]*$/, '') + '.pdf';
      return writeWithAudit(ctx, async (trx, audit) => {
        const id = await insertArrival(trx, ctx, { ...fields, agencyId: actor.agencyId, blobId, fileName: name, kind: 'digitised', text: scanned.text, report });
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'document.arrival.scan', targetType: 'document', targetId: id, details: { name, sender: fields.sender, ocrChars: scanned.text.length } });
        return id;
      });
    },

    /** An e-mail as received (.eml): each PDF attached becomes an arrival, checked like any other */
    async receiveEmail(actor: Actor, eml: Uint8Array, typeCode = 'cong-van'): Promise<string[]> {
      requireRole(actor, 'clerk');
      checkArrivalFields({ typeCode });
      if (eml.length === 0 || eml.length > MAX_EMAIL_BYTES) throw new OfficeError('OFFICE_FILE_SIZE', { name: 'thư điện tử', max: MAX_EMAIL_BYTES / 1024 / 1024 });
      const mail = await simpleParser(Buffer.from(eml)).catch(() => { throw new OfficeError('OFFICE_EMAIL_UNREADABLE', { reason: 'không đọc được định dạng thư (MIME)' }); });
      const from = mail.from?.value[0];
      if (!from) throw new OfficeError('OFFICE_EMAIL_UNREADABLE', { reason: 'thư không có người gửi (From)' });
      const pdfs = mail.attachments.filter((a) => a.contentType === 'application/pdf' || /\.pdf$/i.test(a.filename ?? ''));
      if (pdfs.length === 0) throw new OfficeError('OFFICE_EMAIL_NO_PDF');
      const arrivals: { blobId: string; name: string; text: string; report: ArrivalReport }[] = [];
      for (const [i, attachment] of pdfs.entries()) {
        const bytes = new Uint8Array(attachment.content);
        const name = attachment.filename ?? `dinh-kem-${i + 1}.pdf`;
        checkPdf(bytes, name);
        arrivals.push({ blobId: await ctx.blobs.put(bytes), name, text: await pdfText(bytes).catch(() => ''), report: await deps.report(bytes) });
      }
      const sender = (from.name ? `${from.name} <${from.address ?? ''}>` : from.address ?? '?').slice(0, 255);
      const subject = (mail.subject?.trim() || pdfs[0]!.filename || 'Văn bản nhận qua thư điện tử').slice(0, 2000);
      return writeWithAudit(ctx, async (trx, audit) => {
        const ids: string[] = [];
        for (const a of arrivals) {
          const id = await insertArrival(trx, ctx, { typeCode, subject: arrivals.length > 1 ? `${subject} (${a.name})` : subject, sender, agencyId: actor.agencyId, blobId: a.blobId, fileName: a.name, kind: 'arrived', text: a.text, report: a.report, documentDate: mail.date ? mail.date.toISOString().slice(0, 10) : null });
          await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'document.arrival.email', targetType: 'document', targetId: id, details: { from: from.address, messageId: mail.messageId ?? null, file: a.name } });
          ids.push(id);
        }
        return ids;
      });
    },
  };
}
