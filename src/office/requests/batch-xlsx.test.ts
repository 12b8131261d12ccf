import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { columnLabels, formById, isColumnGroup, validateEntry, type CleanEntry, type FormDef } from '../forms/index.ts';
import { sampleEntry } from '../forms/sample-entries.ts';
import { batchToXlsx } from './batch-xlsx.ts';

const AGENCY = { parent: 'Ủy ban nhân dân huyện Tam Đường', name: 'Ủy ban nhân dân xã Bình Lư' };
const NAMES = ['Nguyễn Thị Hường', 'Lò Văn Đức', 'Trần Quỳnh Ánh'];

function entries(form: FormDef, rows: readonly Record<string, unknown>[]): CleanEntry[] {
  return rows.map((row) => {
    const result = validateEntry(form, { ...sampleEntry(form), ...row }, { officialMailDomains: ['laichau.gov.vn'] });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value;
  });
}

async function readBack(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  assert.equal(book.worksheets.length, 1);
  const sheet = book.worksheets[0]!;
  const view = sheet.views[0] as { state?: string; ySplit?: number } | undefined;
  assert.equal(view?.state, 'frozen');
  const headerEnd = view!.ySplit!;
  const text = (r: number, c: number) => String(sheet.getRow(r).getCell(c).value ?? '');
  return { sheet, headerEnd, text };
}

/** The heading of each printed cell, per sub-column: a split group's heading repeated over its parts */
const topLabels = (form: FormDef) => form.columns.flatMap((c, i) => (isColumnGroup(c) && c.cell === 'split' ? c.parts.map(() => columnLabels(form)[i]!) : [columnLabels(form)[i]!]));

test('ok: a list form — one sheet, agency and title above, the header cells are the catalog labels in the seed order, one numbered row per entry, widths set, text wrapped, header frozen', async () => {
  const form = formById('personal-certificate-list')!;
  const file = await batchToXlsx({ form, agency: AGENCY, entries: entries(form, NAMES.map((fullName) => ({ fullName, birthDate: '05/02/1990' }))) });
  assert.equal(file.name, 'danh-sach-personal-certificate-list.xlsx');
  assert.equal(file.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const { sheet, headerEnd, text } = await readBack(file.bytes);
  const above = Array.from({ length: headerEnd - 1 }, (_, i) => text(i + 1, 1));
  assert.ok(above.includes('ỦY BAN NHÂN DÂN HUYỆN TAM ĐƯỜNG') && above.includes('ỦY BAN NHÂN DÂN XÃ BÌNH LƯ') && above.includes(form.title), above.join(' | '));

  const labels = columnLabels(form);
  assert.deepEqual(labels.map((_, i) => text(headerEnd, i + 1)), labels);
  assert.equal(text(headerEnd, labels.length + 1), '');
  for (const [i, name] of NAMES.entries()) {
    const r = headerEnd + 1 + i;
    assert.equal(text(r, 1), String(i + 1));
    assert.equal(text(r, labels.indexOf('Họ và tên') + 1), name);
    assert.equal(text(r, labels.indexOf('Ngày sinh') + 1), '05/02/1990');
    assert.equal(text(r, labels.indexOf('Số CMND/ CCCD/Hộ chiếu; Ngày cấp, nơi cấp') + 1), '012084001234; 01/06/2015; Phòng Văn hóa và Thông tin huyện Tam Đường');
    assert.equal(text(r, labels.indexOf('Địa chỉ thư điện tử công vụ (1)') + 1), 'sangnq.tamduong@laichau.gov.vn');
  }
  assert.equal(sheet.rowCount, headerEnd + NAMES.length);
  for (let c = 1; c <= labels.length; c++) assert.ok((sheet.getColumn(c).width ?? 0) >= 6, `column ${c} has a width`);
  assert.ok((sheet.getColumn(labels.indexOf('Địa chỉ thư điện tử công vụ (1)') + 1).width ?? 0) > (sheet.getColumn(1).width ?? 0), 'e-mail wider than STT');
  assert.equal(sheet.getRow(headerEnd + 1).getCell(2).alignment?.wrapText, true);
  assert.equal(sheet.getRow(headerEnd).getCell(2).font?.bold, true);
});

test('ok: a split group — its heading over its parts in a first header row, the parts in the second, ticks as "x"', async () => {
  const form = formById('certificate-renewal-list')!;
  const rows = [{ certificateName: 'Nguyễn Thị Hường', renew: true, change: false }, { certificateName: 'Lò Văn Đức', renew: false, change: true, changeFrom: 'Chức vụ: Phó phòng', changeTo: 'Chức vụ: Trưởng phòng' }];
  const { headerEnd, text } = await readBack((await batchToXlsx({ form, agency: AGENCY, entries: entries(form, rows) })).bytes);
  const top = topLabels(form);
  assert.deepEqual(top.map((_, i) => text(headerEnd - 1, i + 1)), top);
  assert.deepEqual([text(headerEnd, top.length - 1), text(headerEnd, top.length)], ['Gia hạn (6)', 'Thay đổi thông tin (7)']);
  assert.equal(text(headerEnd, 2), 'Tên chứng thư số (1)', 'a plain column spans both header rows');
  assert.deepEqual([1, 2].map((i) => [text(headerEnd + i, 1), text(headerEnd + i, 2), text(headerEnd + i, top.length - 1), text(headerEnd + i, top.length)]),
    [['1', 'Nguyễn Thị Hường', 'x', ''], ['2', 'Lò Văn Đức', '', 'x']]);
  assert.equal(text(headerEnd + 2, top.indexOf('Thông tin mới (4)') + 1), 'Chức vụ: Trưởng phòng');
});

test('ok: a one-sheet-per-person form listed — an STT column first, then the catalog labels; a choice shown by its label', async () => {
  const form = formById('personal-certificate')!;
  const { headerEnd, text } = await readBack((await batchToXlsx({ form, agency: { name: AGENCY.name }, entries: entries(form, [{ fullName: 'NGUYỄN THỊ HƯỜNG', gender: 'female' }]) })).bytes);
  const labels = columnLabels(form);
  assert.deepEqual([...labels.keys(), labels.length].map((i) => text(headerEnd, i + 1)), ['STT', ...labels]);
  assert.equal(text(headerEnd + 1, 2), 'NGUYỄN THỊ HƯỜNG');
  assert.equal(text(headerEnd + 1, labels.indexOf('Giới tính') + 2), 'Nữ');
});
