import assert from 'node:assert/strict';
import { unzipSync } from 'fflate';
import ExcelJS from 'exceljs';
import { PDF } from '@libpdf/core';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

const ARRIVAL = { typeCode: 'quyet-dinh', subject: 'Quyết định phê duyệt quy hoạch sử dụng đất', notation: '15/QĐ-UBND', sender: 'UBND huyện Tam Đường', documentDate: '2026-03-02' };

testOnBothEngines('ok: GET /api/registers/export gives the register as XLSX or PDF with its file name; the wrong people and bad formats are refused', async (db) => {
  const { app, office, actorOf } = await demoApp(db, { start: new Date('2026-03-05T02:00:00Z') });
  await office.documents.registerIncoming(await actorOf('laichau.vanthu'), ARRIVAL);
  const clerk = asUser(app, await signIn(app, 'laichau.vanthu'));
  const xlsx = await clerk('GET', '/api/registers/export?year=2026&direction=in&format=xlsx');
  assert.equal(xlsx.statusCode, 200, xlsx.body);
  assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(xlsx.headers['content-disposition'], `attachment; filename="so-van-ban-den-2026-chung.xlsx"; filename*=UTF-8''so-van-ban-den-2026-chung.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  assert.equal(book.worksheets[0]!.getRow(5).getCell(6).value, `Quyết định ${ARRIVAL.subject}`);
  const pdf = await asUser(app, await signIn(app, 'laichau.lanhdao'))('GET', '/api/registers/export?year=2026&direction=in&format=pdf');
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.headers['content-disposition'], `attachment; filename="so-van-ban-den-2026-chung.pdf"; filename*=UTF-8''so-van-ban-den-2026-chung.pdf`);
  assert.equal((await PDF.load(new Uint8Array(pdf.rawPayload))).getPageCount(), 1);

  const docx = await clerk('GET', '/api/registers/export?year=2026&direction=in&format=docx');
  assert.deepEqual([docx.statusCode, docx.json().code], [400, 'SRV_VALIDATION']);
  assert.match(docx.json().message, /xlsx, pdf/);
  assert.equal((await clerk('GET', '/api/registers/export?year=2026&direction=in')).json().code, 'SRV_VALIDATION');
  const specialist = await asUser(app, await signIn(app, 'laichau.chuyenvien'))('GET', '/api/registers/export?year=2026&direction=in&format=pdf');
  assert.deepEqual([specialist.statusCode, specialist.json().code], [403, 'OFFICE_FORBIDDEN']);
  const stranger = await asUser(app, await signIn(app, 'tamduong.vanthu'))('GET', '/api/registers/export?year=2026&direction=in&format=pdf');
  assert.deepEqual([stranger.statusCode, stranger.json().code], [404, 'OFFICE_REGISTER_NOT_FOUND']);
  assert.match(stranger.json().message, /chưa có sổ văn bản đến/);
  assert.equal((await app.inject('/api/registers/export?year=2026&direction=in&format=pdf')).statusCode, 401);
});

testOnBothEngines('ok: case files over HTTP — open, add a document, read, change, close, download the ZIP; another agency gets not found', async (db) => {
  const { app, office, actorOf, blobs } = await demoApp(db, { start: new Date('2026-03-05T02:00:00Z') });
  const doc = await office.documents.registerIncoming(await actorOf('laichau.vanthu'), ARRIVAL);
  const page = PDF.create();
  page.addPage({ width: 595, height: 842 });
  const bytes = await page.save();
  await db.kysely.updateTable('documents').set({ file_blob: await blobs.put(bytes), file_name: 'qd.pdf' }).where('id', '=', doc.id).execute();
  const as = asUser(app, await signIn(app, 'laichau.chuyenvien'));
  const created = await as('POST', '/api/case-files', { title: 'Hồ sơ quy hoạch sử dụng đất', retention: 'vinh-vien', keywords: ['quy hoạch'] });
  assert.equal(created.statusCode, 201, created.body);
  const id = created.json().id;
  assert.deepEqual([created.json().code, created.json().retention, created.json().languages], ['000.00.00.H33.2026.01', 'vinh-vien', ['vi']]);
  assert.equal((await as('POST', `/api/case-files/${id}/documents`, { documentId: doc.id })).json().pages, 1);
  const read = (await as('GET', `/api/case-files/${id}`)).json();
  assert.deepEqual(read.documents.map((d: { notation: string }) => d.notation), ['15/QĐ-UBND']);
  assert.equal((await as('PATCH', `/api/case-files/${id}`, { retention: 20 })).json().retention, 20);
  assert.equal((await as('GET', '/api/case-files?status=open')).json().length, 1);

  const stranger = asUser(app, await signIn(app, 'tamduong.vanthu'));
  for (const [method, url, body] of [['GET', `/api/case-files/${id}`], ['GET', `/api/case-files/${id}/zip`], ['POST', `/api/case-files/${id}/documents`, { documentId: doc.id }], ['POST', `/api/case-files/${id}/close`], ['DELETE', `/api/case-files/${id}`]] as const) {
    const res = await stranger(method, url, body);
    assert.deepEqual([res.statusCode, res.json().code], [404, 'OFFICE_CASE_FILE_NOT_FOUND'], `${method} ${url}`);
    assert.equal(res.json().message, 'Không tìm thấy hồ sơ.');
  }
  assert.deepEqual((await stranger('GET', '/api/case-files')).json(), []);
  const badRetention = await as('POST', '/api/case-files', { title: 'X', retention: 'mãi mãi' });
  assert.deepEqual([badRetention.statusCode, badRetention.json().code], [400, 'SRV_VALIDATION']);
  assert.equal((await as('POST', '/api/case-files', { title: 'X', retention: 5, bogus: 1 })).json().code, 'SRV_VALIDATION');

  assert.equal((await as('POST', `/api/case-files/${id}/close`)).json().status, 'closed');
  const closedAgain = await as('DELETE', `/api/case-files/${id}/documents/${doc.id}`);
  assert.equal(closedAgain.json().code, 'OFFICE_CASE_FILE_CLOSED');
  assert.match(closedAgain.json().message, /đã đóng/);
  const zip = await as('GET', `/api/case-files/${id}/zip`);
  assert.equal(zip.headers['content-type'], 'application/zip');
  assert.equal(zip.headers['content-disposition'], `attachment; filename="ho-so-000-00-00-h33-2026-01.zip"; filename*=UTF-8''ho-so-000-00-00-h33-2026-01.zip`);
  const files = unzipSync(new Uint8Array(zip.rawPayload));
  assert.deepEqual(files['van-ban/01-15-qd-ubnd.pdf'], bytes);
  assert.equal(JSON.parse(new TextDecoder().decode(files['metadata.json'])).retention, 20);
});

testOnBothEngines('ok: saved searches over HTTP — save, list, run, delete; a duplicate name and another user are refused', async (db) => {
  const { app, office, actorOf } = await demoApp(db, { start: new Date('2026-03-05T02:00:00Z') });
  const doc = await office.documents.registerIncoming(await actorOf('laichau.vanthu'), ARRIVAL);
  const as = asUser(app, await signIn(app, 'laichau.vanthu'));
  const saved = await as('POST', '/api/saved-searches', { name: 'Quy hoạch', query: { q: 'quy hoach', direction: 'in' } });
  assert.equal(saved.statusCode, 201, saved.body);
  const id = saved.json().id;
  assert.deepEqual((await as('GET', '/api/saved-searches')).json().map((s: { name: string }) => s.name), ['Quy hoạch']);
  const results = await as('GET', `/api/saved-searches/${id}/results?limit=5`);
  assert.deepEqual(results.json().documents.map((d: { id: string }) => d.id), [doc.id]);
  assert.equal(results.json().documents[0].subject, ARRIVAL.subject);
  const again = await as('POST', '/api/saved-searches', { name: 'quy hoạch', query: { q: 'x' } });
  assert.deepEqual([again.statusCode, again.json().code], [409, 'OFFICE_SAVED_SEARCH_NAME_TAKEN']);
  assert.match(again.json().message, /đã lưu một tìm kiếm tên "quy hoạch"/);
  const badDate = await as('POST', '/api/saved-searches', { name: 'Ngày', query: { from: '2026-13-01' } });
  assert.equal(badDate.json().code, 'OFFICE_SAVED_SEARCH_INVALID');
  assert.match(badDate.json().message, /cần YYYY-MM-DD/);
  const other = asUser(app, await signIn(app, 'tamduong.vanthu'));
  assert.equal((await other('GET', `/api/saved-searches/${id}/results`)).json().code, 'OFFICE_SAVED_SEARCH_NOT_FOUND');
  assert.equal((await other('DELETE', `/api/saved-searches/${id}`)).json().code, 'OFFICE_SAVED_SEARCH_NOT_FOUND');
  assert.equal((await as('DELETE', `/api/saved-searches/${id}`)).statusCode, 204);
  assert.deepEqual((await as('GET', '/api/saved-searches')).json(), []);
});
