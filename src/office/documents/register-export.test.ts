import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import { INCOMING_COLUMNS, OUTGOING_COLUMNS } from './register-export.ts';

const SUBJECT = 'Về việc tăng cường ứng dụng chữ ký số chuyên dùng trên địa bàn tỉnh';

async function rowsOf(bytes: Uint8Array): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => { rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))); });
  return rows;
}

/** pdftotext's words of each page, and qpdf's verdict */
function readPdf(bytes: Uint8Array): { pages: string[]; check: string } {
  const files = scratch();
  try {
    const path = files.write('so.pdf', bytes);
    const check = runTool('qpdf', ['--check', path]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const text = runTool('pdftotext', ['-layout', path, '-']);
    assert.equal(text.code, 0, text.stderr);
    return { pages: text.stdout.split('\f').filter((p) => p.trim()), check: check.stdout };
  } finally {
    files.remove();
  }
}

async function outgoingRegister(db: Parameters<typeof demoOffice>[0]) {
  const demo = await demoOffice(db, new Date('2026-03-05T02:00:00Z'));
  const { office, actorOf } = demo;
  const [specialist, leader, clerk] = [await actorOf('laichau.chuyenvien'), await actorOf('laichau.lanhdao'), await actorOf('laichau.vanthu')];
  const draft = await office.documents.createDraft(specialist, { typeCode: 'quyet-dinh', subject: SUBJECT });
  await office.outgoing.submit(specialist, draft.id, [leader.userId]);
  await office.outgoing.approve(leader, draft.id);
  await office.outgoing.sign(leader, draft.id, 'Lò Văn Minh');
  await office.outgoing.number(clerk, draft.id, 'UBND');
  await office.outgoing.seal(clerk, draft.id);
  await office.outgoing.issue(clerk, draft.id);
  const taken = await office.registers.takeNumber(clerk, { direction: 'out', typeCode: 'cong-van', issuer: 'UBND', unit: 'VHTT' });
  await office.registers.voidNumber(clerk, taken.registerId, taken.number, 'Văn bản bị hủy trước khi ký');
  return { ...demo, clerk, leader, specialist };
}

testOnBothEngines('ok: the outgoing register as XLSX has the columns of Decree 30, the issued document on its line and the voided number with its reason', async (db) => {
  const { office, clerk } = await outgoingRegister(db);
  const file = await office.records.registers.exportRegister(clerk, { year: 2026, direction: 'out', format: 'xlsx' });
  assert.equal(file.name, 'so-van-ban-di-2026-chung.xlsx');
  assert.equal(file.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const rows = await rowsOf(file.bytes);
  assert.equal(rows[0]![0], 'ỦY BAN NHÂN DÂN TỈNH LAI CHÂU');
  assert.equal(rows[1]![0], 'SỔ ĐĂNG KÝ VĂN BẢN ĐI');
  assert.equal(rows[2]![0], 'Năm 2026');
  assert.deepEqual(rows[3], [...OUTGOING_COLUMNS]);
  assert.deepEqual(rows[4], ['01/QĐ-UBND', '05/03/2026', `Quyết định ${SUBJECT}`, 'Lò Văn Minh', '', '', '', '05/03/2026', '', '']);
  assert.equal(rows[5]![0], '02/UBND-VHTT');
  assert.equal(rows[5]![9], 'Số đã hủy: Văn bản bị hủy trước khi ký');
  assert.equal(rows.length, 6);
});

testOnBothEngines('ok: the register as PDF passes qpdf --check and pdftotext reads the Vietnamese subject, the heading and the void reason', async (db) => {
  const { office, leader } = await outgoingRegister(db);
  const file = await office.records.registers.exportRegister(leader, { year: 2026, direction: 'out', format: 'pdf' });
  assert.equal(file.contentType, 'application/pdf');
  const { pages } = readPdf(file.bytes);
  assert.equal(pages.length, 1);
  const text = pages[0]!.replace(/\s+/g, ' ');
  for (const expected of ['ỦY BAN NHÂN DÂN TỈNH LAI CHÂU', 'SỔ ĐĂNG KÝ VĂN BẢN ĐI', 'Năm 2026', 'Tên loại và trích yếu nội dung', 'Lò Văn Minh', '01/QĐ-UBND', 'Số đã hủy', 'Trang 1/1']) {
    assert.ok(text.includes(expected), `"${expected}" in ${text}`);
  }
  for (const word of ['tăng', 'cường', 'ứng', 'dụng', 'chữ', 'ký', 'số', 'chuyên', 'dùng', 'địa', 'bàn', 'tỉnh']) assert.ok(text.includes(word), word);
});

testOnBothEngines('ok: an incoming register of 65 lines spans pages, each repeating the header row; the XLSX holds every line', async (db) => {
  const { office, actorOf } = await demoOffice(db, new Date('2026-04-10T03:00:00Z'));
  const clerk = await actorOf('laichau.vanthu');
  for (let i = 1; i <= 65; i++) {
    await office.documents.registerIncoming(clerk, { typeCode: 'cong-van', subject: `Đề nghị phối hợp số ${i} về quản lý đất đai`, notation: `${i}/UBND-TNMT`, sender: 'UBND huyện Tam Đường', documentDate: '2026-04-09' });
  }
  const pdf = await office.records.registers.exportRegister(clerk, { year: 2026, direction: 'in', format: 'pdf' });
  const { pages } = readPdf(pdf.bytes);
  assert.ok(pages.length >= 2, `${pages.length} pages`);
  pages.forEach((page, i) => {
    assert.ok(page.includes('Tác giả (nơi gửi)'), `header row on page ${i + 1}`);
    assert.ok(page.includes(`Trang ${i + 1}/${pages.length}`));
  });
  const all = pages.join(' ').replace(/\s+/g, ' ');
  assert.ok(all.includes('Đề nghị phối hợp số 65 về quản lý đất đai'), 'the last line is there');
  assert.ok(!pages[0]!.includes('số 65 về'), 'and not on the first page');
  const rows = await rowsOf((await office.records.registers.exportRegister(clerk, { year: 2026, direction: 'in', format: 'xlsx' })).bytes);
  assert.deepEqual(rows[3], [...INCOMING_COLUMNS]);
  assert.equal(rows.length, 4 + 65);
  assert.deepEqual(rows[4], ['10/04/2026', '01', 'UBND huyện Tam Đường', '1/UBND-TNMT', '09/04/2026', 'Công văn Đề nghị phối hợp số 1 về quản lý đất đai', '', '', '']);
});

testOnBothEngines('error: only clerks and leaders of the agency export; a bad year, direction, series or format is refused in Vietnamese; another agency has no such register', async (db) => {
  const { office, actorOf, clerk } = await outgoingRegister(db);
  await assert.rejects(office.records.registers.exportRegister(await actorOf('laichau.chuyenvien'), { year: 2026, direction: 'out', format: 'xlsx' }), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(office.records.registers.exportRegister(await actorOf('laichau.admin'), { year: 2026, direction: 'out', format: 'pdf' }), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(office.records.registers.exportRegister(await actorOf('tamduong.vanthu'), { year: 2026, direction: 'out', format: 'xlsx' }), { code: 'OFFICE_REGISTER_NOT_FOUND' });
  await assert.rejects(office.records.registers.exportRegister(clerk, { year: 2025, direction: 'out', format: 'xlsx' }), { code: 'OFFICE_REGISTER_NOT_FOUND' });
  await assert.rejects(office.records.registers.exportRegister(clerk, { year: 2026, direction: 'out', format: 'docx' as 'pdf' }), (err: { code: string; localise: (l: 'vi') => string }) => {
    assert.equal(err.code, 'OFFICE_EXPORT_FORMAT_INVALID');
    assert.match(err.localise('vi'), /Không xuất được định dạng "docx"/);
    return true;
  });
  await assert.rejects(office.records.registers.exportRegister(clerk, { year: 26, direction: 'out', format: 'xlsx' }), { code: 'OFFICE_REGISTER_INVALID' });
  await assert.rejects(office.records.registers.exportRegister(clerk, { year: 2026, direction: 'up' as 'in', format: 'xlsx' }), { code: 'OFFICE_REGISTER_INVALID' });
  await assert.rejects(office.records.registers.exportRegister(clerk, { year: 2026, direction: 'out', series: 'Mật!', format: 'xlsx' }), { code: 'OFFICE_REGISTER_INVALID' });
});
