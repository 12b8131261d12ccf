/**
 * A case file as one ZIP: each document's current PDF in order (`van-ban/01-15-QD-UBND.pdf`), `metadata.json`
 * with the case file's metadata and each file's SHA-256, and `muc-luc.xlsx`, the list of documents of
 * Circular 01/2019. Exporting is recorded on the audit trail, as the access log of specs.md §6 asks. A secret
 * document's PDF is left out for who may not read it (its entry stays, marked so).
 */
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import type { Actor } from '../actor.ts';
import { writeWithAudit, type OfficeContext } from '../context.ts';
import { foldText } from '../../shared/fold.ts';
import { formatNumber } from './notation.ts';
import { EMPTY, entriesOf, loadCaseFile, totalsOf, type CaseFileEntry } from './case-files.ts';
import { mayRead } from './access.ts';
import { toCaseFile } from './case-file-model.ts';
import { typeAndSubject, vietnameseDate } from './register-export.ts';
import { tableToXlsx, type ExportedFile } from './table-export.ts';

const ZIP_TYPE = 'application/zip';
const LIST_COLUMNS = ['STT', 'Số, ký hiệu văn bản', 'Ngày tháng năm văn bản', 'Tên loại và trích yếu nội dung', 'Tác giả văn bản', 'Số trang', 'Tệp', 'Ghi chú'] as const;

const slug = (text: string) => foldText(text).replace(/[^a-z0-9]+/gi, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'khong-so';
const fileNameOf = (e: CaseFileEntry) => `van-ban/${formatNumber(e.position)}-${slug(e.notation ?? 'khong-so')}.pdf`;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function createCaseFileExportService(ctx: OfficeContext) {
  return {
    async exportZip(actor: Actor, id: string): Promise<ExportedFile> {
      const { row, entries, agency, totals } = await writeWithAudit(ctx, async (trx, audit) => {
        const found = await loadCaseFile(trx, ctx.db.dialect, actor, id);
        const held = await entriesOf(trx, id);
        // A secret document's file goes only to who may read it (files.read's rule); the others get its entry alone
        const guards = held.length ? await trx.selectFrom('documents').select(['id', 'secrecy', 'created_by', 'lead_handler_id']).where('id', 'in', held.map((e) => e.documentId)).execute() : [];
        const withheld = guards.filter((d) => !mayRead(actor, d)).map((d) => d.id);
        await audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'case_file.export', targetType: 'case_file', targetId: id, details: { code: found.code, withheld } });
        const names = await trx.selectFrom('agencies').select(['code', 'name']).where('id', '=', found.agency_id).executeTakeFirstOrThrow();
        return { row: found, entries: held.map((e) => (withheld.includes(e.documentId) ? { ...e, fileBlob: null, withheld: true } : { ...e, withheld: false })), agency: names, totals: (await totalsOf(trx, [id])).get(id) ?? EMPTY };
      });
      const files: Zippable = {};
      const listed = [];
      for (const e of entries) {
        const pdf = e.fileBlob ? await ctx.blobs.get(e.fileBlob) : undefined;
        const file = pdf ? fileNameOf(e) : null;
        if (pdf && file) files[file] = [pdf, { level: 0 }];
        listed.push({ entry: e, file, sha256: pdf ? sha256(pdf) : null, author: e.direction === 'in' ? e.sender ?? '' : agency.name });
      }
      const metadata = {
        ...toCaseFile(row, totals), agency, exportedAt: ctx.now().toISOString(),
        documents: listed.map(({ entry: e, file, sha256: hash, author }) => ({
          position: e.position, documentId: e.documentId, notation: e.notation, documentDate: e.documentDate, typeCode: e.typeCode,
          subject: e.subject, author, pages: e.pages, file, sha256: hash,
        })),
      };
      files['metadata.json'] = new TextEncoder().encode(JSON.stringify(metadata, null, 2));
      files['muc-luc.xlsx'] = await tableToXlsx({
        heading: [agency.name.toUpperCase(), 'MỤC LỤC VĂN BẢN', `Hồ sơ ${row.code}: ${row.title}`],
        columns: LIST_COLUMNS, widths: [4, 12, 10, 36, 16, 6, 16, 10], sheetName: 'Mục lục văn bản',
        rows: listed.map(({ entry: e, file, author }) => [String(e.position), e.notation ?? '', vietnameseDate(e.documentDate), typeAndSubject(e.typeCode, e.subject), author, e.pages === null ? '' : String(e.pages), file ?? '', file ? '' : e.withheld ? 'Văn bản mật: tệp không kèm theo' : 'Chưa có tệp PDF']),
      });
      return { name: `ho-so-${slug(row.code)}.zip`, contentType: ZIP_TYPE, bytes: zipSync(files) };
    },
  };
}
