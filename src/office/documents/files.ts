/**
 * A document's PDF and its versions. An upload is a PDF or a Word/OpenDocument file turned into one by
 * LibreOffice; every later step (signature, number, seal) adds a version, so the file a step worked on is kept.
 * Bytes go to the blob store before the transaction that points at them: a crash leaves at most an unused blob.
 */
import type { Kysely, Transaction } from 'kysely';
import { addNumberField } from '../../pades/index.ts';
import { openPdf } from '../../pades/placeholder.ts';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { CONVERTIBLE, convertToPdf } from './convert.ts';
import { indexDocument } from './documents.ts';
import { agencyDocument, mayRead } from './access.ts';
import { pdfText } from '../../pades/index.ts';

export type FileKind = 'upload' | 'converted' | 'signed' | 'numbered' | 'sealed' | 'arrived' | 'digitised';

/** What an upload may weigh */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export interface DocumentFile {
  readonly version: number;
  readonly name: string;
  readonly kind: FileKind;
  readonly createdAt: string;
  readonly createdBy: string | null;
}

const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');

/** Refuses what is not a PDF we can read, with what is wrong */
export function checkPdf(bytes: Uint8Array, name: string): void {
  if (!isPdf(bytes)) throw new OfficeError('OFFICE_FILE_NOT_PDF', { name });
  try {
    openPdf(bytes);
  } catch (err) {
    throw new OfficeError('OFFICE_FILE_UNREADABLE', { name, reason: (err as Error).message.slice(0, 200) });
  }
}

/** Turns an upload into the PDF to keep: PDFs as they are, Word and OpenDocument through LibreOffice */
export async function uploadToPdf(bytes: Uint8Array, name: string): Promise<{ pdf: Uint8Array; name: string; kind: FileKind }> {
  if (bytes.length === 0 || bytes.length > MAX_UPLOAD_BYTES) throw new OfficeError('OFFICE_FILE_SIZE', { name, max: MAX_UPLOAD_BYTES / 1024 / 1024 });
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdf')) {
    checkPdf(bytes, name);
    return { pdf: bytes, name, kind: 'upload' };
  }
  if (!CONVERTIBLE.some((ext) => lower.endsWith(ext))) throw new OfficeError('OFFICE_CONVERSION_UNSUPPORTED', { name, allowed: ['.pdf', ...CONVERTIBLE].join(', ') });
  const pdf = await convertToPdf(bytes, name);
  return { pdf, name: name.replace(/\.[^.]+$/, '.pdf'), kind: 'converted' };
}

/** Adds a version and makes it current, in the caller's transaction; the text goes into the search index */
export async function addVersion(trx: Transaction<Database>, ctx: OfficeContext, input: { documentId: string; blobId: string; name: string; kind: FileKind; actorId: string | null; text?: string }): Promise<number> {
  const last = await trx.selectFrom('document_files').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', input.documentId).executeTakeFirst();
  const version = Number(last?.v ?? 0) + 1;
  await trx.insertInto('document_files').values({ document_id: input.documentId, version, blob_id: input.blobId, name: input.name, kind: input.kind, created_by: input.actorId, created_at: ctx.now().toISOString() }).execute();
  await trx.updateTable('documents').set({ file_blob: input.blobId, file_name: input.name, ...(input.text !== undefined ? { body_text: input.text } : {}), updated_at: ctx.now().toISOString() }).where('id', '=', input.documentId).execute();
  if (input.text !== undefined) await indexDocument(trx, ctx.db.dialect, input.documentId);
  return version;
}

export async function currentVersion(trx: Kysely<Database>, documentId: string): Promise<number> {
  const last = await trx.selectFrom('document_files').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', documentId).executeTakeFirst();
  return Number(last?.v ?? 0);
}

export function createFileService(ctx: OfficeContext) {
  const visible = (actor: Actor, id: string) => agencyDocument(ctx.db.kysely, actor, id);

  return {
    /** The author puts the draft's file (a PDF, or Word turned into one); only while the draft can still change */
    async attach(actor: Actor, id: string, upload: { name: string; bytes: Uint8Array }): Promise<DocumentFile> {
      const doc = await visible(actor, id);
      if (doc.direction !== 'out' || doc.created_by !== actor.userId) throw new OfficeError('OFFICE_FORBIDDEN');
      if (doc.status !== 'draft' && doc.status !== 'returned') throw new OfficeError('OFFICE_TRANSITION_NOT_ALLOWED', { action: 'attach', status: doc.status });
      const made = await uploadToPdf(upload.bytes, upload.name);
      // The empty number field goes in before anyone signs, after "Số:", so numbering later is an allowed form fill
      // (a draft without "Số:" is kept as it is: its number is then only in the register)
      made.pdf = await addNumberField(made.pdf).catch(() => made.pdf);
      const text = await pdfText(made.pdf).catch(() => '');
      const blobId = await ctx.blobs.put(made.pdf);
      return writeWithAudit(ctx, async (trx, audit) => {
        const fresh = await trx.selectFrom('documents').select('status').where('id', '=', id).executeTakeFirstOrThrow();
        if (fresh.status !== 'draft' && fresh.status !== 'returned') throw new OfficeError('OFFICE_TRANSITION_NOT_ALLOWED', { action: 'attach', status: fresh.status });
        const version = await addVersion(trx, ctx, { documentId: id, blobId, name: made.name, kind: made.kind, actorId: actor.userId, text: [doc.body_text && !doc.file_blob ? doc.body_text : '', text].filter(Boolean).join('\n') });
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'document.file.attach', targetType: 'document', targetId: id, details: { version, name: made.name, kind: made.kind, blob: blobId } });
        return { version, name: made.name, kind: made.kind, createdAt: ctx.now().toISOString(), createdBy: actor.userId };
      });
    },

    /** The current PDF (or an earlier version) for someone of the agency; secret ones only for who handles them */
    async read(actor: Actor, id: string, version?: number): Promise<{ name: string; bytes: Uint8Array; version: number }> {
      const doc = await visible(actor, id);
      if (!mayRead(actor, doc)) throw new OfficeError('OFFICE_FORBIDDEN');
      let query = ctx.db.kysely.selectFrom('document_files').selectAll().where('document_id', '=', id);
      query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
      const row = await query.executeTakeFirst();
      if (!row) throw new OfficeError('OFFICE_FILE_MISSING');
      return { name: row.name, bytes: await ctx.blobs.get(row.blob_id), version: row.version };
    },

    async versions(actor: Actor, id: string): Promise<DocumentFile[]> {
      await visible(actor, id);
      const rows = await ctx.db.kysely.selectFrom('document_files').selectAll().where('document_id', '=', id).orderBy('version').execute();
      return rows.map((r) => ({ version: r.version, name: r.name, kind: r.kind as FileKind, createdAt: r.created_at, createdBy: r.created_by }));
    },
  };
}
