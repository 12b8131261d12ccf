import assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { PDF } from '@libpdf/core';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import type { Db } from '../../store/index.ts';

async function pdfOf(pages: number): Promise<Uint8Array> {
  const pdf = PDF.create();
  for (let i = 0; i < pages; i++) pdf.addPage({ width: 595, height: 842 });
  return pdf.save();
}

/** The document's current PDF, as the files slice sets it */
async function attach(db: Db, blobs: { put(b: Uint8Array): Promise<string> }, documentId: string, pdf: Uint8Array) {
  await db.kysely.updateTable('documents').set({ file_blob: await blobs.put(pdf), file_name: 'van-ban.pdf' }).where('id', '=', documentId).execute();
}

async function setting(db: Db) {
  const demo = await demoOffice(db, new Date('2026-05-12T03:00:00Z'));
  const { office, actorOf, blobs } = demo;
  const clerk = await actorOf('laichau.vanthu');
  const specialist = await actorOf('laichau.chuyenvien');
  const arrival = await office.documents.registerIncoming(clerk, { typeCode: 'cong-van', subject: 'Đề nghị thẩm định dự án đường giao thông nông thôn', notation: '296/UBND-VHTT', sender: 'UBND huyện Tam Đường', documentDate: '2026-04-02' });
  const draft = await office.documents.createDraft(specialist, { typeCode: 'to-trinh', subject: 'Tờ trình phê duyệt dự án đường giao thông' });
  const bare = await office.documents.registerIncoming(clerk, { typeCode: 'bao-cao', subject: 'Báo cáo tiến độ', notation: '12/BC-UBND', sender: 'UBND xã Bình Lư', documentDate: '2026-04-20' });
  const pdfs = { arrival: await pdfOf(2), draft: await pdfOf(3) };
  await attach(db, blobs, arrival.id, pdfs.arrival);
  await attach(db, blobs, draft.id, pdfs.draft);
  return { ...demo, clerk, specialist, arrival, draft, bare, pdfs };
}

const NEW = { title: 'Hồ sơ dự án đường giao thông nông thôn xã Bình Lư', retention: 10, keywords: ['giao thông', 'Bình Lư'], informationSign: 'GT' } as const;

testOnBothEngines('ok: a case file gets its code, holds documents with their pages and dates, closes, and exports a ZIP whose PDFs are the documents\' bytes', async (db) => {
  const { office, clerk, specialist, arrival, draft, bare, pdfs } = await setting(db);
  const opened = await office.records.caseFiles.create(specialist, NEW);
  assert.equal(opened.code, '000.00.00.H33.2026.01');
  assert.deepEqual([opened.status, opened.retention, opened.accessLevel, opened.languages, opened.reliability, opened.documentCount], ['open', 10, 'cong-khai', ['vi'], 'goc-dien-tu', 0]);
  assert.equal((await office.records.caseFiles.create(clerk, { title: 'Hồ sơ thứ hai', retention: 'vinh-vien' })).code, '000.00.00.H33.2026.02');
  await office.records.caseFiles.addDocument(specialist, opened.id, arrival.id);
  await office.records.caseFiles.addDocument(specialist, opened.id, draft.id);
  const full = await office.records.caseFiles.addDocument(clerk, opened.id, bare.id);
  assert.deepEqual([full.documentCount, full.pages, full.startDate, full.endDate], [3, 5, '2026-04-02', '2026-05-12'], 'the draft has no date yet: its creation day counts');
  const read = await office.records.caseFiles.get(specialist, opened.id);
  assert.deepEqual(read.documents.map((d) => [d.position, d.documentId, d.pages]), [[1, arrival.id, 2], [2, draft.id, 3], [3, bare.id, null]]);
  const closed = await office.records.caseFiles.close(clerk, opened.id);
  assert.equal(closed.status, 'closed');
  assert.ok(closed.closedAt);

  const zip = await office.records.caseFiles.exportZip(specialist, opened.id);
  assert.equal(zip.contentType, 'application/zip');
  const files = unzipSync(zip.bytes);
  assert.deepEqual(Object.keys(files).sort(), ['metadata.json', 'muc-luc.xlsx', 'van-ban/01-296-ubnd-vhtt.pdf', 'van-ban/02-khong-so.pdf']);
  assert.deepEqual(files['van-ban/01-296-ubnd-vhtt.pdf'], pdfs.arrival);
  assert.deepEqual(files['van-ban/02-khong-so.pdf'], pdfs.draft);
  const metadata = JSON.parse(new TextDecoder().decode(files['metadata.json']));
  assert.equal(metadata.code, '000.00.00.H33.2026.01');
  assert.deepEqual([metadata.title, metadata.retention, metadata.keywords, metadata.informationSign, metadata.documentCount, metadata.pages, metadata.startDate, metadata.status], [NEW.title, 10, ['giao thông', 'Bình Lư'], 'GT', 3, 5, '2026-04-02', 'closed']);
  assert.deepEqual(metadata.documents.map((d: { file: string | null; author: string }) => [d.file, d.author]), [
    ['van-ban/01-296-ubnd-vhtt.pdf', 'UBND huyện Tam Đường'], ['van-ban/02-khong-so.pdf', 'Ủy ban nhân dân tỉnh Lai Châu'], [null, 'UBND xã Bình Lư']]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(files['muc-luc.xlsx']!) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  assert.equal(sheet.getRow(2).getCell(1).value, 'MỤC LỤC VĂN BẢN');
  assert.equal(sheet.getRow(4).getCell(4).value, 'Tên loại và trích yếu nội dung');
  assert.deepEqual((sheet.getRow(5).values as unknown[]).slice(1), ['1', '296/UBND-VHTT', '02/04/2026', 'Công văn Đề nghị thẩm định dự án đường giao thông nông thôn', 'UBND huyện Tam Đường', '2', 'van-ban/01-296-ubnd-vhtt.pdf', '']);
  assert.equal(sheet.getRow(7).getCell(8).value, 'Chưa có tệp PDF');
  // An independent reader agrees
  const dir = scratch();
  try {
    const test = runTool('unzip', ['-t', dir.write('hs.zip', zip.bytes)]);
    assert.equal(test.code, 0, test.stdout);
    assert.match(test.stdout, /No errors detected/);
  } finally {
    dir.remove();
  }
  const trail = await db.kysely.selectFrom('audit_log').select('action').where('target_id', '=', opened.id).orderBy('seq').execute();
  assert.deepEqual(trail.map((a) => a.action), ['case_file.create', 'case_file.document.add', 'case_file.document.add', 'case_file.document.add', 'case_file.close', 'case_file.export']);
});

testOnBothEngines('ok: metadata changes, a document leaves and may join another case file, an open case file is deleted; a closed one changes no more', async (db) => {
  const { office, clerk, specialist, arrival, draft } = await setting(db);
  const one = await office.records.caseFiles.create(specialist, NEW);
  const two = await office.records.caseFiles.create(specialist, { title: 'Hồ sơ khác', retention: 5 });
  await office.records.caseFiles.addDocument(specialist, one.id, arrival.id);
  await assert.rejects(office.records.caseFiles.addDocument(specialist, two.id, arrival.id), { code: 'OFFICE_CASE_FILE_DOCUMENT_ELSEWHERE', params: { code: one.code } });
  await office.records.caseFiles.removeDocument(specialist, one.id, arrival.id);
  await assert.rejects(office.records.caseFiles.removeDocument(specialist, one.id, arrival.id), { code: 'OFFICE_CASE_FILE_DOCUMENT_ABSENT' });
  assert.equal((await office.records.caseFiles.addDocument(specialist, two.id, arrival.id)).documentCount, 1);
  const changed = await office.records.caseFiles.update(specialist, two.id, { retention: 'vinh-vien', accessLevel: 'han-che', languages: ['vi', 'en'], informationSign: null });
  assert.deepEqual([changed.retention, changed.accessLevel, changed.languages, changed.informationSign, changed.title], ['vinh-vien', 'han-che', ['vi', 'en'], null, 'Hồ sơ khác']);
  await office.records.caseFiles.remove(specialist, one.id);
  await assert.rejects(office.records.caseFiles.get(specialist, one.id), { code: 'OFFICE_CASE_FILE_NOT_FOUND' });
  assert.deepEqual((await office.records.caseFiles.list(clerk)).map((c) => c.id), [two.id]);
  await office.records.caseFiles.close(clerk, two.id);
  const cf = office.records.caseFiles;
  for (const attempt of [
    () => cf.addDocument(clerk, two.id, draft.id), () => cf.removeDocument(clerk, two.id, arrival.id),
    () => cf.update(clerk, two.id, { title: 'Sửa' }), () => cf.close(clerk, two.id), () => cf.remove(clerk, two.id),
  ]) await assert.rejects(attempt(), { code: 'OFFICE_CASE_FILE_CLOSED' });
  assert.deepEqual((await office.records.caseFiles.list(clerk, { status: 'closed', year: 2026 })).map((c) => c.documentCount), [1]);
});

testOnBothEngines('error: bad metadata is refused field by field; an empty case file does not close; another agency neither reads nor acts; a secret case file stays with its creator, clerks and leaders', async (db) => {
  const { office, actorOf, clerk, specialist, arrival } = await setting(db);
  const bad = async (input: object, field: string) => assert.rejects(office.records.caseFiles.create(specialist, { ...NEW, ...input }), (err: { code: string; params: { field: string } }) => err.code === 'OFFICE_CASE_FILE_INVALID' && err.params.field === field);
  await bad({ title: '   ' }, 'title');
  await bad({ retention: 0 }, 'retention');
  await bad({ retention: 'mãi mãi' }, 'retention');
  await bad({ accessLevel: 'toi-mat' }, 'accessLevel');
  await bad({ reliability: 'ban-sao' }, 'reliability');
  await bad({ languages: ['Tiếng Việt'] }, 'languages');
  await bad({ keywords: ['', 'x'] }, 'keywords');
  await bad({ informationSign: 'x'.repeat(51) }, 'informationSign');
  await bad({ year: 1890 }, 'year');
  await assert.rejects(office.records.caseFiles.create(await actorOf('laichau.admin'), NEW), { code: 'OFFICE_FORBIDDEN' });
  const mine = await office.records.caseFiles.create(specialist, NEW);
  await assert.rejects(office.records.caseFiles.update(specialist, mine.id, {}), { code: 'OFFICE_CASE_FILE_INVALID' });
  await assert.rejects(office.records.caseFiles.close(clerk, mine.id), { code: 'OFFICE_CASE_FILE_EMPTY' });

  const stranger = await actorOf('tamduong.vanthu');
  const theirs = await office.documents.registerIncoming(stranger, { typeCode: 'cong-van', subject: 'Văn bản của huyện', notation: '5/UBND', sender: 'Sở Nội vụ', documentDate: '2026-05-01' });
  await assert.rejects(office.records.caseFiles.addDocument(specialist, mine.id, theirs.id), { code: 'OFFICE_DOCUMENT_NOT_FOUND' });
  const cf = office.records.caseFiles;
  for (const attempt of [
    () => cf.get(stranger, mine.id), () => cf.addDocument(stranger, mine.id, theirs.id), () => cf.addDocument(stranger, mine.id, arrival.id),
    () => cf.update(stranger, mine.id, { title: 'Của tôi' }), () => cf.close(stranger, mine.id), () => cf.remove(stranger, mine.id), () => cf.exportZip(stranger, mine.id),
  ]) await assert.rejects(attempt(), { code: 'OFFICE_CASE_FILE_NOT_FOUND' });
  assert.deepEqual(await office.records.caseFiles.list(stranger), []);
  assert.equal((await office.records.caseFiles.create(stranger, NEW)).code, '000.00.31.H33.2026.01', 'each agency numbers its own');

  const secret = await office.records.caseFiles.create(await actorOf('laichau.lanhdao'), { ...NEW, accessLevel: 'mat' });
  await assert.rejects(office.records.caseFiles.get(specialist, secret.id), { code: 'OFFICE_CASE_FILE_NOT_FOUND' });
  assert.ok(!(await office.records.caseFiles.list(specialist)).some((c) => c.id === secret.id));
  assert.equal((await office.records.caseFiles.get(clerk, secret.id)).accessLevel, 'mat');
  await assert.rejects(office.records.caseFiles.update(specialist, (await office.records.caseFiles.create(clerk, NEW)).id, { title: 'Không phải của tôi' }), { code: 'OFFICE_FORBIDDEN' });
});

testOnBothEngines('bad: a secret document\'s PDF leaves in a case file\'s ZIP only for who may read it: a specialist who neither wrote nor handles it gets the entry without its file', async (db) => {
  const { office, clerk, specialist, blobs } = await setting(db);
  const secret = await office.documents.registerIncoming(clerk, { typeCode: 'cong-van', subject: 'Về công tác bảo vệ bí mật nhà nước', notation: '7/BCA-A03', sender: 'Bộ Công an', documentDate: '2026-04-03', secrecy: 'mat' });
  const pdf = await pdfOf(1);
  await attach(db, blobs, secret.id, pdf);
  await assert.rejects(office.files.read(specialist, secret.id), { code: 'OFFICE_FORBIDDEN' });

  const opened = await office.records.caseFiles.create(specialist, NEW);
  await office.records.caseFiles.addDocument(specialist, opened.id, secret.id);
  const theirs = unzipSync((await office.records.caseFiles.exportZip(specialist, opened.id)).bytes);
  assert.deepEqual(Object.keys(theirs).sort(), ['metadata.json', 'muc-luc.xlsx'], 'no PDF for the specialist');
  const metadata = JSON.parse(new TextDecoder().decode(theirs['metadata.json']));
  assert.deepEqual(metadata.documents.map((d: { documentId: string; file: string | null; sha256: string | null }) => [d.documentId, d.file, d.sha256]), [[secret.id, null, null]]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(theirs['muc-luc.xlsx']!) as unknown as ArrayBuffer);
  assert.equal(book.worksheets[0]!.getRow(5).getCell(8).value, 'Văn bản mật: tệp không kèm theo');

  const clerks = unzipSync((await office.records.caseFiles.exportZip(clerk, opened.id)).bytes);
  assert.deepEqual(clerks['van-ban/01-7-bca-a03.pdf'], pdf, 'the clerk, who may read it, gets it');
  const exported = await db.kysely.selectFrom('audit_log').select('details').where('target_id', '=', opened.id).where('action', '=', 'case_file.export').orderBy('seq').execute();
  assert.deepEqual(exported.map((e) => (typeof e.details === 'string' ? JSON.parse(e.details) : e.details).withheld), [[secret.id], []]);
});
