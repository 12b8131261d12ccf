import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

const HEADING = 'Địa chỉ thư,Họ và tên / Đơn vị,Cơ quan (mã định danh),Trạng thái';

testOnBothEngines('ok/error: the mailbox import over HTTP — the template downloads, a CSV or XLSX body imports with its summary, a bad file is a 400 naming each row in Vietnamese, a file too large a 413', async (db) => {
  const { app } = await demoApp(db);
  const dic = await signIn(app, 'stttt.dic');
  const send = (payload: Buffer, type: string, who = dic) =>
    app.inject({ method: 'POST', url: '/api/mailboxes/import', payload, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': type } });

  const template = await app.inject({ method: 'GET', url: '/api/mailboxes/import-template', headers: { cookie: dic.cookie } });
  assert.equal(template.statusCode, 200);
  assert.equal(template.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(String(template.headers['content-disposition']), /filename="mau-nhap-hop-thu-cong-vu\.xlsx"/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1), ['Địa chỉ thư', 'Họ và tên / Đơn vị', 'Cơ quan (mã định danh)', 'Trạng thái', 'Loại (Cá nhân / Đơn vị)']);

  const ok = await send(Buffer.from(`${HEADING}\nvanthu.binhlu@laichau.gov.vn,UBND xã Bình Lư,000.21.31.H33,Đang dùng\n`), 'text/csv');
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json(), { imported: 1, agencies: 1, registryStarted: false, byState: { active: 1, suspended: 0, revoked: 0 } });
  book.worksheets[0]!.addRow(['banbo@laichau.gov.vn', 'UBND xã Bản Bo', '000.22.31.H33', 'Tạm khóa', 'Đơn vị']);
  const xlsx = await send(Buffer.from(await book.xlsx.writeBuffer()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(xlsx.statusCode, 200, xlsx.body);
  assert.deepEqual(xlsx.json().byState, { active: 0, suspended: 1, revoked: 0 });

  const bad = await send(Buffer.from(`${HEADING}\nvanthu.binhlu@laichau.gov.vn,Lần nữa,000.21.31.H33,\nmoi@laichau.gov.vn,Mới,000.21.31.H33,\n`), 'application/octet-stream');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().code, 'OFFICE_MAILBOX_IMPORT_INVALID');
  assert.equal(bad.json().message, 'Chưa nhập tệp, không hộp thư nào được ghi vào sổ: 1 dòng chưa hợp lệ. Sửa các dòng sau rồi nhập lại cả tệp:\n'
    + 'Dòng 2: Hộp thư "vanthu.binhlu@laichau.gov.vn" đã có trong sổ (đang dùng); mỗi địa chỉ chỉ ghi một lần.');
  const listed = await app.inject({ method: 'GET', url: '/api/mailboxes?limit=1000', headers: { cookie: dic.cookie } });
  assert.equal(listed.json().items.some((m: { address: string }) => m.address === 'moi@laichau.gov.vn'), false, 'the good row is not recorded');

  const huge = await send(Buffer.alloc(6 * 1024 * 1024, 0x41), 'text/csv');
  assert.deepEqual([huge.statusCode, huge.json().code], [413, 'SRV_BODY_TOO_LARGE']);
  const specialist = await signIn(app, 'binhlu.chuyenvien');
  assert.deepEqual([(await send(Buffer.from(HEADING), 'text/csv', specialist)).statusCode], [403]);
  const anonymous = await app.inject({ method: 'POST', url: '/api/mailboxes/import', payload: Buffer.from(HEADING), headers: { 'content-type': 'text/csv' } });
  assert.equal(anonymous.statusCode, 401);
});
