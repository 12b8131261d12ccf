import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';
import { isIsoDate } from '../shared/vietnam-time.ts';

testOnBothEngines('ok/error: the annex II survey over HTTP — JSON and XLSX for the DIC; a bad period 400 in Vietnamese, other roles 403', async (db) => {
  const { app } = await demoApp(db, { start: new Date('2026-11-26T03:00:00Z') });
  const dic = asUser(app, await signIn(app, 'stttt.dic'));
  const json = await dic('GET', '/api/reports/interconnection-survey?from=2026-01-01&to=2026-11-26');
  assert.equal(json.statusCode, 200, json.body);
  assert.equal(json.json().months, 11);
  assert.equal(json.json().issued.total, 0);
  const xlsx = await dic('GET', '/api/reports/interconnection-survey?from=2026-01-01&to=2026-11-26&format=xlsx');
  assert.equal(xlsx.statusCode, 200);
  assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
  assert.match(String(xlsx.headers['content-disposition']), /phu-luc-ii-2026-01-01-2026-11-26\.xlsx/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const heading = book.worksheets[0]!.getRow(1).getCell(1).value;
  assert.equal(heading, json.json().agencyName, 'headed with the DIC\'s agency, named by the office');
  assert.match(json.json().agencyName, /Sở Thông tin và Truyền thông/);
  const bad = await dic('GET', '/api/reports/interconnection-survey?from=2026-11-30&to=2026-11-01');
  assert.deepEqual([bad.statusCode, bad.json().code], [400, 'OFFICE_REPORT_PERIOD_INVALID']);
  assert.match(bad.json().message, /Kỳ báo cáo không hợp lệ/);
  const clerk = asUser(app, await signIn(app, 'laichau.vanthu'));
  assert.equal((await clerk('GET', '/api/reports/interconnection-survey')).statusCode, 403);
});

testOnBothEngines('property: any from/to the survey is given is answered 200 for a real period, else a coded 400 — never a 500', async (db) => {
  const { app } = await demoApp(db, { start: new Date('2026-11-26T03:00:00Z') });
  const dic = asUser(app, await signIn(app, 'stttt.dic'));
  const dateLike = fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
  const value = fc.oneof(dateLike, fc.string({ maxLength: 22 }));
  await fc.assert(fc.asyncProperty(value, value, async (from, to) => {
    const res = await dic('GET', `/api/reports/interconnection-survey?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const isPeriod = isIsoDate(from) && isIsoDate(to) && from <= to;
    assert.equal(res.statusCode, isPeriod ? 200 : 400, `${JSON.stringify([from, to])} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (!isPeriod) assert.match(res.json().code, /^(OFFICE_REPORT_PERIOD_INVALID|SRV_VALIDATION)$/);
  }), { numRuns: 120 });
});
