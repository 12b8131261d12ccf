/**
 * A register of one year and series, as XLSX or PDF, with the columns of Decree 30 (specs.md §2): every number
 * in order, the voided ones too, with their reason, so the printed register has no unexplained gap. Only the
 * agency's clerks and leaders export its registers.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import { hasRole, type Actor } from '../actor.ts';
import type { OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { documentType } from './catalogue.ts';
import { formatNumber } from './notation.ts';
import { GENERAL_SERIES, type Direction } from './registers.ts';
import { PDF_TYPE, XLSX_TYPE, tableToPdf, tableToXlsx, type ExportedFile, type Table } from './table-export.ts';
import { vietnamDate } from '../../shared/vietnam-time.ts';

export const EXPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RegisterExportQuery {
  readonly year: number;
  readonly direction: Direction;
  readonly series?: string;
  readonly format: ExportFormat;
}

export const OUTGOING_COLUMNS = ['Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Người ký', 'Nơi nhận', 'Đơn vị, người nhận bản lưu', 'Số lượng bản', 'Ngày chuyển', 'Ký nhận', 'Ghi chú'] as const;
export const INCOMING_COLUMNS = ['Ngày đến', 'Số đến', 'Tác giả (nơi gửi)', 'Số, ký hiệu', 'Ngày tháng', 'Tên loại và trích yếu nội dung', 'Đơn vị hoặc người nhận', 'Ký nhận', 'Ghi chú'] as const;
const OUTGOING_WIDTHS = [10, 8, 30, 12, 16, 12, 6, 8, 8, 12];
const INCOMING_WIDTHS = [8, 6, 16, 12, 8, 30, 14, 8, 12];

const SERIES = /^[a-z0-9-]{1,40}$/;

/** 2026-03-05 → 05/03/2026 */
export const vietnameseDate = (iso: string | null | undefined): string => (iso ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : '');

/** "Quyết định về việc …": the type's name before the subject, as the register's column asks */
export const typeAndSubject = (typeCode: string | null, subject: string | null): string =>
  [typeCode ? documentType(typeCode)?.name : undefined, subject].filter(Boolean).join(' ');

const voidNote = (reason: string | null) => `Số đã hủy: ${reason ?? ''}`.trim();

function checkQuery(query: RegisterExportQuery): string {
  if (!(EXPORT_FORMATS as readonly string[]).includes(query.format)) throw new OfficeError('OFFICE_EXPORT_FORMAT_INVALID', { format: String(query.format), allowed: EXPORT_FORMATS.join(', ') });
  if (query.direction !== 'out' && query.direction !== 'in') throw new OfficeError('OFFICE_REGISTER_INVALID', { reason: `chiều "${String(query.direction)}" (cần out hoặc in)` });
  if (!Number.isInteger(query.year) || query.year < 2000 || query.year > 2999) throw new OfficeError('OFFICE_REGISTER_INVALID', { reason: `năm "${String(query.year)}"` });
  const series = query.series ?? GENERAL_SERIES;
  if (!SERIES.test(series)) throw new OfficeError('OFFICE_REGISTER_INVALID', { reason: `loại sổ "${series}"` });
  return series;
}

/** Names of a document's recipients and the day it was issued, per document of the register */
async function outgoingExtras(trx: Transaction<Database>, registerId: string) {
  const recipients = await trx.selectFrom('register_numbers as n').innerJoin('document_recipients as r', 'r.document_id', 'n.document_id')
    .select(['n.document_id', 'r.name']).where('n.register_id', '=', registerId).orderBy('n.number').orderBy('r.position').execute();
  const issued = await trx.selectFrom('register_numbers as n').innerJoin('document_events as e', 'e.document_id', 'n.document_id')
    .select(['n.document_id', 'e.at']).where('n.register_id', '=', registerId).where('e.action', '=', 'issue').execute();
  const names = new Map<string, string[]>();
  for (const r of recipients) names.set(r.document_id!, [...(names.get(r.document_id!) ?? []), r.name]);
  return { names, issuedOn: new Map(issued.map((e) => [e.document_id!, vietnamDate(new Date(e.at))])) };
}

async function outgoingRows(trx: Transaction<Database>, registerId: string): Promise<string[][]> {
  const lines = await trx.selectFrom('register_numbers as n').leftJoin('documents as d', 'd.id', 'n.document_id')
    .select(['n.number', 'n.status', 'n.notation', 'n.reason', 'n.document_id', 'd.notation as doc_notation', 'd.document_date', 'd.type_code', 'd.subject', 'd.signer_name'])
    .where('n.register_id', '=', registerId).orderBy('n.number').execute();
  const { names, issuedOn } = await outgoingExtras(trx, registerId);
  return lines.map((l) => {
    const number = l.notation ?? l.doc_notation ?? formatNumber(l.number);
    if (l.status === 'void') return [number, '', '', '', '', '', '', '', '', voidNote(l.reason)];
    const id = l.document_id ?? '';
    return [number, vietnameseDate(l.document_date), typeAndSubject(l.type_code, l.subject), l.signer_name ?? '', (names.get(id) ?? []).join('; '), '', '', vietnameseDate(issuedOn.get(id)), '', ''];
  });
}

async function incomingRows(trx: Transaction<Database>, registerId: string): Promise<string[][]> {
  const lines = await trx.selectFrom('register_numbers as n').leftJoin('documents as d', 'd.id', 'n.document_id').leftJoin('users as u', 'u.id', 'd.lead_handler_id')
    .select(['n.number', 'n.status', 'n.reason', 'n.taken_at', 'd.sender', 'd.notation', 'd.document_date', 'd.type_code', 'd.subject', 'u.full_name'])
    .where('n.register_id', '=', registerId).orderBy('n.number').execute();
  return lines.map((l) => {
    const arrived = vietnameseDate(vietnamDate(new Date(l.taken_at)));
    if (l.status === 'void') return [arrived, formatNumber(l.number), '', '', '', '', '', '', voidNote(l.reason)];
    return [arrived, formatNumber(l.number), l.sender ?? '', l.notation ?? '', vietnameseDate(l.document_date), typeAndSubject(l.type_code, l.subject), l.full_name ?? '', '', ''];
  });
}

export function createRegisterExportService(ctx: OfficeContext) {
  return {
    /** The register of the actor's agency for that year, direction and series, as a file to download */
    async exportRegister(actor: Actor, query: RegisterExportQuery): Promise<ExportedFile> {
      if (!hasRole(actor, 'clerk') && !hasRole(actor, 'leader')) throw new OfficeError('OFFICE_FORBIDDEN');
      const series = checkQuery(query);
      const table = await ctx.db.kysely.transaction().execute(async (trx): Promise<Table> => {
        const register = await trx.selectFrom('registers').innerJoin('agencies', 'agencies.id', 'registers.agency_id').select(['registers.id', 'agencies.name'])
          .where('registers.agency_id', '=', actor.agencyId).where('registers.direction', '=', query.direction)
          .where('registers.year', '=', query.year).where('registers.series', '=', series).executeTakeFirst();
        const label = query.direction === 'out' ? 'đi' : 'đến';
        if (!register) throw new OfficeError('OFFICE_REGISTER_NOT_FOUND', { direction: label, series, year: query.year });
        const outgoing = query.direction === 'out';
        return {
          heading: [register.name.toUpperCase(), `SỔ ĐĂNG KÝ VĂN BẢN ${label.toUpperCase()}`, `Năm ${query.year}${series === GENERAL_SERIES ? '' : ` — sổ ${series}`}`],
          columns: outgoing ? OUTGOING_COLUMNS : INCOMING_COLUMNS,
          widths: outgoing ? OUTGOING_WIDTHS : INCOMING_WIDTHS,
          rows: outgoing ? await outgoingRows(trx, register.id) : await incomingRows(trx, register.id),
          sheetName: `Sổ văn bản ${label} ${query.year}`,
        };
      });
      const name = `so-van-ban-${query.direction === 'out' ? 'di' : 'den'}-${query.year}-${series}.${query.format}`;
      return query.format === 'xlsx'
        ? { name, contentType: XLSX_TYPE, bytes: await tableToXlsx(table) }
        : { name, contentType: PDF_TYPE, bytes: await tableToPdf(table) };
    },
  };
}
