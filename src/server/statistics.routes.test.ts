import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { asUser, demoApp, signIn } from '../../test/helpers/http.ts';
import { testOnBothEngines } from '../../test/helpers/test-db.ts';

const LETTER = { typeCode: 'cong-van', subject: 'Đề nghị báo cáo tình hình ứng dụng chữ ký số', notation: '296/UBND-VHTT', sender: 'UBND huyện Tam Đường', documentDate: '2026-11-20' };

testOnBothEngines('ok/error: monthly statistics over HTTP — JSON, XLSX and PDF for the DIC; bad periods a coded 400 in Vietnamese, a specialist 403, no session 401', async (db) => {
  // 26 November 2026, 10:00 in Hà Nội
  const { app, office, actorOf } = await demoApp(db, { start: new Date('2026-11-26T03:00:00Z') });
  await office.documents.registerIncoming(await actorOf('laichau.vanthu'), LETTER);
  const dic = asUser(app, await signIn(app, 'stttt.dic'));

  const json = await dic('GET', '/api/reports/monthly?from=2026-10&to=2026-11');
  assert.equal(json.statusCode, 200, json.body);
  assert.deepEqual(json.json().months.map((m: { month: string; incoming: { registered: number } }) => [m.month, m.incoming.registered]), [['2026-10', 0], ['2026-11', 1]]);
  const byDefault = (await dic('GET', '/api/reports/monthly')).json();
  assert.deepEqual([byDefault.from, byDefault.to, byDefault.months.length], ['2025-12', '2026-11', 12]);

  const xlsx = await dic('GET', '/api/reports/monthly?from=2026-10&to=2026-11&format=xlsx');
  assert.equal(xlsx.statusCode, 200);
  assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
  assert.match(String(xlsx.headers['content-disposition']), /filename="thong-ke-hang-thang-2026-10-2026-11\.xlsx"/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  assert.deepEqual((book.getWorksheet('Thống kê hằng tháng')!.getRow(7).values as unknown[]).slice(1, 3), ['Tháng 11/2026', 1]);
  const pdf = await dic('GET', '/api/reports/monthly?from=2026-10&to=2026-11&format=pdf');
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');

  const refusals: readonly [string, number, string][] = [
    ['from=2026-11&to=2026-10', 400, 'OFFICE_STATISTICS_PERIOD_INVALID'], // reversed
    ['from=2026-13&to=2026-12', 400, 'OFFICE_STATISTICS_PERIOD_INVALID'], // no such month
    ['from=2026-1&to=2026-02', 400, 'OFFICE_STATISTICS_PERIOD_INVALID'], // malformed
    ['from=2026-01-01', 400, 'OFFICE_STATISTICS_PERIOD_INVALID'], // a day, not a month
    ['from=2023-10&to=2026-11', 400, 'OFFICE_STATISTICS_PERIOD_TOO_LONG'], // 38 months
    ['format=docx', 400, 'SRV_VALIDATION'],
    ['month=2026-11', 400, 'SRV_VALIDATION'],
  ];
  for (const [query, status, code] of refusals) {
    const res = await dic('GET', `/api/reports/monthly?${query}`);
    assert.deepEqual([res.statusCode, res.json().code], [status, code], query);
  }
  assert.match((await dic('GET', '/api/reports/monthly?from=2026-11&to=2026-10')).json().message, /Kỳ thống kê không hợp lệ/);
  assert.match((await dic('GET', '/api/reports/monthly?from=2023-10&to=2026-11')).json().message, /dài 38 tháng, quá 36 tháng/);
  const specialist = asUser(app, await signIn(app, 'laichau.chuyenvien'));
  assert.deepEqual([(await specialist('GET', '/api/reports/monthly')).statusCode, (await specialist('GET', '/api/reports/monthly')).json().code], [403, 'OFFICE_FORBIDDEN']);
  assert.equal((await app.inject({ method: 'GET', url: '/api/reports/monthly' })).statusCode, 401);
});

testOnBothEngines('property: any from/to is answered 200 for a real period of at most 36 months, else a coded 400 — never a 500', async (db) => {
  const { app } = await demoApp(db, { start: new Date('2026-11-26T03:00:00Z') });
  const leader = asUser(app, await signIn(app, 'laichau.lanhdao'));
  const monthLike = fc.tuple(fc.integer({ min: 1890, max: 2100 }), fc.integer({ min: 0, max: 13 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
  const value = fc.oneof(monthLike, monthLike, fc.string({ maxLength: 22 }));
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
  const later = (month: string, n: number) => `${Math.floor((index(month) - 1 + n) / 12)}-${String(((index(month) - 1 + n) % 12) + 1).padStart(2, '0')}`;
  // Half the pairs a month and one a few months either side of it, so that periods just within and past 36 months come up
  const near = fc.tuple(fc.integer({ min: 1899, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: -3, max: 40 }))
    .map(([y, m, n]) => { const from = `${y}-${String(m).padStart(2, '0')}`; return [from, later(from, n)] as const; });
  await fc.assert(fc.asyncProperty(fc.oneof(near, fc.tuple(value, value)), async ([from, to]) => {
    const res = await leader('GET', `/api/reports/monthly?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const isMonth = (m: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m) && m >= '1900-01';
    const isPeriod = isMonth(from) && isMonth(to) && from <= to && index(to) - index(from) < 36;
    assert.equal(res.statusCode, isPeriod ? 200 : 400, `${JSON.stringify([from, to])} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    if (!isPeriod) assert.match(res.json().code, /^(OFFICE_STATISTICS_PERIOD_(INVALID|TOO_LONG)|SRV_VALIDATION)$/);
  }), { numRuns: 100 });
});
