/**
 * Case files (hồ sơ, Circulars 01/2019 and 05/2025/TT-BNV; specs.md §6): a code made per agency and year, the
 * archival metadata, and the documents of the same agency it holds in order — a document sits in one case file
 * at most. Start and end dates, the number of documents and pages are worked out from the documents, never
 * typed. A closed case file no longer changes. Staff of the agency see its case files; a secret one ("mat")
 * only its creator, clerks and leaders. Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { PDF } from '@libpdf/core';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { formatNumber } from './notation.ts';
import { vietnamYear } from '../../shared/vietnam-time.ts';
import { checkCaseFileInput, toCaseFile, type CaseFile, type CaseFileChanges, type NewCaseFile, type Totals } from './case-file-model.ts';

export interface CaseFileEntry {
  readonly position: number;
  readonly pages: number | null;
  readonly documentId: string;
  readonly direction: string;
  readonly typeCode: string;
  readonly subject: string;
  readonly notation: string | null;
  readonly documentDate: string | null;
  readonly sender: string | null;
  readonly fileBlob: string | null;
}

type Row = Database['case_files'];
export const EMPTY: Totals = { documents: 0, pages: 0, start: null, end: null };
const day = sql<string>`coalesce(d.document_date, substr(d.created_at, 1, 10))`;

/** Count, pages, first and last day of the documents of each case file asked for */
export async function totalsOf(trx: Transaction<Database>, ids: readonly string[]): Promise<Map<string, Totals>> {
  if (ids.length === 0) return new Map();
  const rows = await trx.selectFrom('case_file_documents as m').innerJoin('documents as d', 'd.id', 'm.document_id')
    .select((eb) => ['m.case_file_id', eb.fn.countAll<number>().as('documents'), eb.fn.sum<number>('m.pages').as('pages'), eb.fn.min(day).as('start'), eb.fn.max(day).as('end')])
    .where('m.case_file_id', 'in', [...ids]).groupBy('m.case_file_id').execute();
  return new Map(rows.map((r) => [r.case_file_id, { documents: Number(r.documents), pages: Number(r.pages ?? 0), start: r.start, end: r.end }]));
}

export async function entriesOf(trx: Transaction<Database>, id: string): Promise<CaseFileEntry[]> {
  const rows = await trx.selectFrom('case_file_documents as m').innerJoin('documents as d', 'd.id', 'm.document_id')
    .select(['m.position', 'm.pages', 'd.id', 'd.direction', 'd.type_code', 'd.subject', 'd.notation', 'd.document_date', 'd.sender', 'd.file_blob'])
    .where('m.case_file_id', '=', id).orderBy('m.position').execute();
  return rows.map((r) => ({
    position: r.position, pages: r.pages, documentId: r.id, direction: r.direction, typeCode: r.type_code, subject: r.subject,
    notation: r.notation, documentDate: r.document_date, sender: r.sender, fileBlob: r.file_blob,
  }));
}

const isStaff = (actor: Actor) => hasRole(actor, 'clerk') || hasRole(actor, 'leader') || hasRole(actor, 'specialist');
const mayRead = (actor: Actor, row: Row) => isStaff(actor) && row.agency_id === actor.agencyId
  && (row.access_level !== 'mat' || row.created_by === actor.userId || hasRole(actor, 'clerk') || hasRole(actor, 'leader'));
const mayChange = (actor: Actor, row: Row) => row.created_by === actor.userId || hasRole(actor, 'clerk') || hasRole(actor, 'leader');

/** The case file the actor may see, or not found (another agency's is never confirmed to exist) */
export async function loadCaseFile(trx: Transaction<Database>, dialect: string, actor: Actor, id: string, forChange = false): Promise<Row> {
  const query = trx.selectFrom('case_files').selectAll().where('id', '=', id);
  const row = await (forChange && dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  if (!row || !mayRead(actor, row)) throw new OfficeError('OFFICE_CASE_FILE_NOT_FOUND');
  if (forChange && !mayChange(actor, row)) throw new OfficeError('OFFICE_FORBIDDEN');
  if (forChange && row.status === 'closed') throw new OfficeError('OFFICE_CASE_FILE_CLOSED', { code: row.code });
  return row;
}

async function pagesOf(ctx: OfficeContext, blobId: string | null): Promise<number | null> {
  if (!blobId) return null;
  return (await PDF.load(await ctx.blobs.get(blobId))).getPageCount();
}

export function createCaseFileService(ctx: OfficeContext) {
  const load = (trx: Transaction<Database>, actor: Actor, id: string, forChange = false) => loadCaseFile(trx, ctx.db.dialect, actor, id, forChange);
  const withTotals = async (trx: Transaction<Database>, row: Row) => toCaseFile(row, (await totalsOf(trx, [row.id])).get(row.id) ?? EMPTY);
  const audit = (actor: Actor, action: string, id: string, details: Record<string, unknown>) =>
    ({ actorId: actor.userId, agencyId: actor.agencyId, action: `case_file.${action}`, targetType: 'case_file', targetId: id, details });

  /** Runs a change on an open case file the actor may change, audits it, returns the case file as it now is */
  const change = (actor: Actor, id: string, action: string, work: (trx: Transaction<Database>, row: Row) => Promise<Record<string, unknown>>) =>
    writeWithAudit(ctx, async (trx, write) => {
      const row = await load(trx, actor, id, true);
      const details = await work(trx, row);
      await trx.updateTable('case_files').set({ updated_at: ctx.now().toISOString() }).where('id', '=', id).execute();
      await write(audit(actor, action, id, { code: row.code, ...details }));
      return withTotals(trx, await trx.selectFrom('case_files').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    });

  return {
    /** Opens a case file; its code is the agency's code, the year and the next number of that year: 000.00.00.H33.2026.01 */
    async create(actor: Actor, input: NewCaseFile): Promise<CaseFile> {
      if (!isStaff(actor)) throw new OfficeError('OFFICE_FORBIDDEN');
      const year = input.year ?? vietnamYear(ctx.now());
      if (!Number.isInteger(year) || year < 2000 || year > 2999) throw new OfficeError('OFFICE_CASE_FILE_INVALID', { field: 'year', reason: `năm "${String(year)}"` });
      const fields = checkCaseFileInput(input, true);
      const now = ctx.now().toISOString();
      return writeWithAudit(ctx, async (trx, write) => {
        // The audit head's row lock serialises openings on PostgreSQL, as for documents: the next number is the largest plus one
        if (ctx.db.dialect === 'postgres') await sql`select seq from audit_head where id = 1 for update`.execute(trx);
        const agency = await trx.selectFrom('agencies').select('code').where('id', '=', actor.agencyId).executeTakeFirstOrThrow();
        const last = await trx.selectFrom('case_files').select((eb) => eb.fn.max('seq').as('seq')).where('agency_id', '=', actor.agencyId).where('year', '=', year).executeTakeFirst();
        const seq = Number(last?.seq ?? 0) + 1;
        const row: Row = {
          id: randomUUID(), agency_id: actor.agencyId, year, seq, code: `${agency.code}.${year}.${formatNumber(seq)}`, title: fields.title!,
          retention: fields.retention!, access_level: fields.access_level!, language: fields.language!, keywords: fields.keywords!,
          information_sign: fields.information_sign ?? null, reliability: fields.reliability!, status: 'open', created_by: actor.userId,
          created_at: now, updated_at: now, closed_at: null,
        };
        await trx.insertInto('case_files').values(row).execute();
        await write(audit(actor, 'create', row.id, { code: row.code, title: row.title }));
        return toCaseFile(row, EMPTY);
      });
    },

    /** Changes the metadata of an open case file */
    update(actor: Actor, id: string, changes: CaseFileChanges): Promise<CaseFile> {
      const fields = checkCaseFileInput(changes, false);
      if (Object.keys(fields).length === 0) return Promise.reject(new OfficeError('OFFICE_CASE_FILE_INVALID', { field: '-', reason: 'không có gì để sửa' }));
      return change(actor, id, 'update', async (trx) => {
        await trx.updateTable('case_files').set(fields).where('id', '=', id).execute();
        return { changed: Object.keys(fields) };
      });
    },

    async get(actor: Actor, id: string): Promise<CaseFile & { documents: CaseFileEntry[] }> {
      return ctx.db.kysely.transaction().execute(async (trx) => ({ ...(await withTotals(trx, await load(trx, actor, id))), documents: await entriesOf(trx, id) }));
    },

    /** The agency's case files the actor may see, newest first */
    async list(actor: Actor, filter: { year?: number; status?: 'open' | 'closed' } = {}): Promise<CaseFile[]> {
      if (!isStaff(actor)) throw new OfficeError('OFFICE_FORBIDDEN');
      return ctx.db.kysely.transaction().execute(async (trx) => {
        let query = trx.selectFrom('case_files').selectAll().where('agency_id', '=', actor.agencyId);
        if (filter.year !== undefined) query = query.where('year', '=', filter.year);
        if (filter.status) query = query.where('status', '=', filter.status);
        const rows = (await query.orderBy('year', 'desc').orderBy('seq', 'desc').limit(500).execute()).filter((r) => mayRead(actor, r));
        const totals = await totalsOf(trx, rows.map((r) => r.id));
        return rows.map((r) => toCaseFile(r, totals.get(r.id) ?? EMPTY));
      });
    },

    /** Puts a document of the same agency at the end of the case file; its pages are counted from its PDF */
    addDocument(actor: Actor, id: string, documentId: string): Promise<CaseFile> {
      return change(actor, id, 'document.add', async (trx, row) => {
        const doc = await trx.selectFrom('documents').select(['id', 'agency_id', 'file_blob']).where('id', '=', documentId).executeTakeFirst();
        if (!doc || doc.agency_id !== row.agency_id) throw new OfficeError('OFFICE_DOCUMENT_NOT_FOUND');
        const holder = await trx.selectFrom('case_file_documents as m').innerJoin('case_files as c', 'c.id', 'm.case_file_id').select('c.code').where('m.document_id', '=', documentId).executeTakeFirst();
        if (holder) throw new OfficeError('OFFICE_CASE_FILE_DOCUMENT_ELSEWHERE', { code: holder.code });
        const last = await trx.selectFrom('case_file_documents').select((eb) => eb.fn.max('position').as('p')).where('case_file_id', '=', id).executeTakeFirst();
        const pages = await pagesOf(ctx, doc.file_blob);
        await trx.insertInto('case_file_documents').values({ case_file_id: id, document_id: documentId, position: Number(last?.p ?? 0) + 1, pages, added_by: actor.userId, added_at: ctx.now().toISOString() }).execute();
        return { documentId, pages };
      });
    },

    removeDocument(actor: Actor, id: string, documentId: string): Promise<CaseFile> {
      return change(actor, id, 'document.remove', async (trx, row) => {
        const removed = await trx.deleteFrom('case_file_documents').where('case_file_id', '=', id).where('document_id', '=', documentId).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw new OfficeError('OFFICE_CASE_FILE_DOCUMENT_ABSENT', { code: row.code });
        return { documentId };
      });
    },

    /** Closes it: nothing changes afterwards. An empty case file is not closed. */
    close(actor: Actor, id: string): Promise<CaseFile> {
      return change(actor, id, 'close', async (trx, row) => {
        const held = await trx.selectFrom('case_file_documents').select((eb) => eb.fn.countAll<number>().as('n')).where('case_file_id', '=', id).executeTakeFirstOrThrow();
        if (Number(held.n) === 0) throw new OfficeError('OFFICE_CASE_FILE_EMPTY', { code: row.code });
        await trx.updateTable('case_files').set({ status: 'closed', closed_at: ctx.now().toISOString() }).where('id', '=', id).execute();
        return { documents: Number(held.n) };
      });
    },

    /** Deletes an open case file; its documents stay and may join another */
    async remove(actor: Actor, id: string): Promise<void> {
      await writeWithAudit(ctx, async (trx, write) => {
        const row = await load(trx, actor, id, true);
        await trx.deleteFrom('case_file_documents').where('case_file_id', '=', id).execute();
        await trx.deleteFrom('case_files').where('id', '=', id).execute();
        await write(audit(actor, 'delete', id, { code: row.code, title: row.title }));
      });
    },
  };
}
