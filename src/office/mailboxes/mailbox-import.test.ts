import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { registryMailboxLookup } from './index.ts';
import { registrySetting } from './registries.fixture.ts';

const BINHLU = '000.21.31.H33';
const BANBO = '000.22.31.H33';
const LANGSON = '000.00.11.H37';

/** The template the office hands out, filled with `rows` on its first sheet, as a DIC would */
async function filledTemplate(template: Uint8Array, rows: readonly (readonly string[])[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(template) as unknown as ArrayBuffer);
  for (const row of rows) book.worksheets[0]!.addRow([...row]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const csv = (lines: readonly string[]) => new TextEncoder().encode(lines.join('\r\n'));

async function mailboxCount(s: Awaited<ReturnType<typeof registrySetting>>) {
  return (await s.office.mailboxes.list(s.dic)).total;
}

testOnBothEngines('ok: the DIC loads the template filled in XLSX — every row recorded in its state and kind, each history saying it came from the file, one audit entry for the import', async (db) => {
  const s = await registrySetting(db);
  const m = s.office.mailboxes;
  const template = await m.importTemplate();
  assert.match(template.name, /\.xlsx$/);
  const sangnq = await s.office.users.create(s.unitAdmin, { agencyId: s.unit.agencyId, username: 'sangnq', fullName: 'Nguyễn Quang Sáng', email: 'sangnq.binhlu@laichau.gov.vn', password: 'matkhau-moi-2026', roles: ['specialist'] });
  const file = await filledTemplate(template.bytes, [
    ['SangNQ.BinhLu@laichau.gov.vn', 'Nguyễn Quang Sáng', BINHLU, 'Đang dùng', 'Cá nhân'],
    ['vanthu.binhlu@laichau.gov.vn', 'UBND xã Bình Lư', BINHLU, 'đang dùng', 'Đơn vị'],
    ['lanvt.banbo@laichau.gov.vn', 'Vũ Thị Lan', BANBO, 'Tạm khóa', ''],
    ['khoasa.banbo@laichau.gov.vn', 'Sầm Văn Khoa', BANBO, 'Đã thu hồi', ''],
  ]);
  const summary = await m.importFile(s.dic, file);
  assert.deepEqual(summary, { imported: 4, byState: { active: 2, suspended: 1, revoked: 1 }, agencies: 2, registryStarted: false });
  const all = (await m.list(s.dic)).items;
  const of = (address: string) => all.find((x) => x.address === address);
  assert.deepEqual([of('sangnq.binhlu@laichau.gov.vn')?.state, of('sangnq.binhlu@laichau.gov.vn')?.holderKind, of('sangnq.binhlu@laichau.gov.vn')?.holderUserId], ['active', 'person', sangnq.id], 'linked to the account with that e-mail');
  assert.deepEqual([of('vanthu.binhlu@laichau.gov.vn')?.holderKind, of('vanthu.binhlu@laichau.gov.vn')?.agencyId], ['unit', s.unit.agencyId]);
  assert.deepEqual([of('lanvt.banbo@laichau.gov.vn')?.state, of('khoasa.banbo@laichau.gov.vn')?.state, of('khoasa.banbo@laichau.gov.vn')?.holderKind], ['suspended', 'revoked', 'person']);
  const { events } = await m.history(s.dic, of('khoasa.banbo@laichau.gov.vn')!.id);
  assert.deepEqual(events.map((e) => [e.from, e.to, e.actorId, e.reason]), [
    [null, 'active', s.dic.userId, 'Nhập từ tệp danh sách hộp thư'], ['active', 'revoked', s.dic.userId, 'Nhập từ tệp danh sách hộp thư'],
  ]);
  const audit = await db.kysely.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'mailbox.imported').execute();
  assert.equal(audit.length, 1);
  assert.equal(JSON.parse(audit[0]!.details).imported, 4);
  assert.equal((await s.office.audit.verify()).ok, true);
  const lookup = registryMailboxLookup({ db, blobs: s.blobs, now: s.clock.now });
  assert.deepEqual([await lookup('sangnq.binhlu@laichau.gov.vn', s.unit.agencyId), await lookup('lanvt.banbo@laichau.gov.vn', s.unit.agencyId)], [true, false]);
});

testOnBothEngines('ok: a province with no mailbox yet loads a CSV (semicolons, quotes, BOM) and from then on its rule reads the registry', async (db) => {
  const s = await registrySetting(db);
  const langson = await s.actorOf('langson-stttt.admin');
  await s.office.users.create(langson, { agencyId: langson.agencyId, username: 'hoanv', fullName: 'Nguyễn Văn Hòa', email: 'hoanv@langson.gov.vn', password: 'matkhau-moi-2026', roles: ['specialist'] });
  const lookup = registryMailboxLookup({ db, blobs: s.blobs, now: s.clock.now });
  assert.equal(await lookup('hoanv@langson.gov.vn', langson.agencyId), true, 'before: the account rule');
  const file = csv(['\uFEFFĐịa chỉ thư;Họ và tên / Đơn vị;Cơ quan (mã định danh);Trạng thái', `vanthu@langson.gov.vn;"Sở TT&TT; Lạng Sơn";${LANGSON};Đang dùng`, '', `lamtt@langson.gov.vn;"Trần ""Thị"" Lâm";${LANGSON};`]);
  const summary = await s.office.mailboxes.importFile(langson, file);
  assert.deepEqual(summary, { imported: 2, byState: { active: 2, suspended: 0, revoked: 0 }, agencies: 1, registryStarted: true });
  const names = (await s.office.mailboxes.list(langson)).items.map((x) => [x.address, x.holderName]).sort();
  assert.deepEqual(names, [['lamtt@langson.gov.vn', 'Trần "Thị" Lâm'], ['vanthu@langson.gov.vn', 'Sở TT&TT; Lạng Sơn']]);
  assert.equal(await lookup('hoanv@langson.gov.vn', langson.agencyId), false, 'after: the registry, which does not hold it');
});

testOnBothEngines('error/input: one bad row refuses the whole file — every bad row named with its reason in Vietnamese, nothing recorded, no import audited', async (db) => {
  const s = await registrySetting(db);
  const before = await mailboxCount(s);
  const file = csv([
    'Địa chỉ thư,Họ và tên / Đơn vị,Cơ quan (mã định danh),Trạng thái',
    `tot.binhlu@laichau.gov.vn,Người Tốt,${BINHLU},Đang dùng`,
    `vanthu.binhlu@gmail.com,UBND xã Bình Lư,${BINHLU},Đang dùng`,
    `tot.binhlu@laichau.gov.vn,Người Tốt Lần Hai,${BINHLU},Đang dùng`,
    `chuyenvien.binhlu@laichau.gov.vn,Chuyên viên,${BINHLU},Đang dùng`,
    'moi.binhlu@laichau.gov.vn,Người Mới,999.99.99.H99,Đang dùng',
    `vanthu@langson.gov.vn,Sở TT&TT Lạng Sơn,${LANGSON},Đang dùng`,
    `khac.binhlu@laichau.gov.vn,Người Khác,${BINHLU},Mất`,
    `,,${BINHLU},Đang dùng`,
  ]);
  const err = await s.office.mailboxes.importFile(s.dic, file).then(() => undefined, (e: unknown) => e as { code: string; localise: (l: 'vi' | 'en') => string; cause: unknown });
  assert.equal(err?.code, 'OFFICE_MAILBOX_IMPORT_INVALID');
  const message = err.localise('vi');
  assert.match(message, /^Chưa nhập tệp, không hộp thư nào được ghi vào sổ: 7 dòng chưa hợp lệ\./);
  const lines = message.split('\n').slice(1);
  assert.deepEqual(lines, [
    'Dòng 3: Sổ hộp thư công vụ không nhận hộp thư miễn phí (gmail.com): chỉ địa chỉ do cơ quan nhà nước cấp (@gov.vn).',
    'Dòng 4: Địa chỉ "tot.binhlu@laichau.gov.vn" đã có ở dòng 2 của tệp.',
    'Dòng 5: Hộp thư "chuyenvien.binhlu@laichau.gov.vn" đã có trong sổ (đang dùng); mỗi địa chỉ chỉ ghi một lần.',
    'Dòng 6: Không có cơ quan mang mã định danh "999.99.99.H99".',
    'Dòng 7: Cơ quan "Sở Thông tin và Truyền thông tỉnh Lạng Sơn" (000.00.11.H37) không thuộc phạm vi bạn quản lý: chỉ nhập hộp thư của các cơ quan trong tỉnh (hoặc đơn vị) của mình.',
    'Dòng 8: Trạng thái "Mất" không hợp lệ: ghi Đang dùng, Tạm khóa hoặc Đã thu hồi.',
    'Dòng 9: Cần ghi cột "Địa chỉ thư". Cần ghi cột "Họ và tên / Đơn vị".',
  ]);
  assert.match(err.localise('en'), /^The file was not imported[\s\S]*\nRow 4: Address "tot\.binhlu@laichau\.gov\.vn" is already on row 2 of the file\./);
  assert.equal(await mailboxCount(s), before, 'nothing half-imported: the good row 2 is not recorded either');
  assert.equal((await db.kysely.selectFrom('audit_log').select('seq').where('action', 'in', ['mailbox.imported', 'mailbox.created']).where('actor_id', '=', s.dic.userId).execute()).length, 0);
});

testOnBothEngines('error/input: an unreadable file, one without the columns, one with no rows, a kind unknown; a specialist may not import', async (db) => {
  const s = await registrySetting(db);
  const m = s.office.mailboxes;
  const before = await mailboxCount(s);
  const refusals: [Uint8Array, string][] = [
    [new Uint8Array(0), 'OFFICE_MAILBOX_IMPORT_FILE_UNREADABLE'],
    [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'OFFICE_MAILBOX_IMPORT_FILE_UNREADABLE'],
    [new Uint8Array([0xff, 0xfe, 0x00, 0xd8]), 'OFFICE_MAILBOX_IMPORT_FILE_UNREADABLE'],
    [csv(['Email,Tên', 'a@laichau.gov.vn,A']), 'OFFICE_MAILBOX_IMPORT_COLUMNS_MISSING'],
    [csv(['Địa chỉ thư,Họ và tên / Đơn vị,Cơ quan (mã định danh),Trạng thái', ',,,']), 'OFFICE_MAILBOX_IMPORT_EMPTY'],
    [csv(['Địa chỉ thư,Họ và tên / Đơn vị,Cơ quan (mã định danh),Trạng thái', ...Array.from({ length: 5001 }, (_, i) => `a${i}@laichau.gov.vn,A,${BINHLU},`)]), 'OFFICE_MAILBOX_IMPORT_TOO_LARGE'],
  ];
  for (const [bytes, code] of refusals) await assert.rejects(m.importFile(s.dic, bytes), { code }, code);
  const badKind = csv(['Địa chỉ thư,Họ và tên / Đơn vị,Cơ quan (mã định danh),Trạng thái,Loại', `a@laichau.gov.vn,A,${BINHLU},,Robot`]);
  await assert.rejects(m.importFile(s.dic, badKind), (e: { code: string; message: string }) => e.code === 'OFFICE_MAILBOX_IMPORT_INVALID' && e.message.includes('Row 2: Kind "Robot" is not valid'));
  const good = csv(['Địa chỉ thư,Họ và tên / Đơn vị,Cơ quan (mã định danh),Trạng thái', `a@laichau.gov.vn,A,${BINHLU},`]);
  await assert.rejects(m.importFile(s.specialist, good), { code: 'OFFICE_FORBIDDEN' });
  await assert.rejects(m.importFile(s.unit, good), { code: 'OFFICE_FORBIDDEN' });
  assert.equal(await mailboxCount(s), before);
});
