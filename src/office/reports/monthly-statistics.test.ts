import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { withSigningKeys } from '../../../test/helpers/letter.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { runTool, scratch } from '../../../test/helpers/tools.ts';
import type { Actor, Office } from '../index.ts';
import type { Recipient } from '../documents/issuing.ts';
import { FORM, person } from '../requests/requests.fixture.ts';
import { vietnamDate } from '../../shared/vietnam-time.ts';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { issueStraightThrough } from '../../../test/helpers/issue-flow.ts';
import type { MonthFigures } from './monthly-statistics.ts';

let letters = 0;
const letter = (subject: string) => ({ typeCode: 'cong-van', subject, notation: `${++letters}/UBND-VP`, sender: 'UBND huyện Phong Thổ', documentDate: '2026-03-20' });

/** A letter of Lai Châu drafted, approved, signed, numbered, sealed and issued to these recipients */
const issue = async (office: Office, actorOf: (u: string) => Promise<Actor>, recipients: readonly Recipient[], paperCopy = false): Promise<void> => {
  await issueStraightThrough(office, actorOf, { recipients, subject: 'V/v thống kê văn bản điện tử', paperCopy });
};

const figures = (f: Partial<{ [K in keyof MonthFigures]: Partial<MonthFigures[K]> }>): MonthFigures => ({
  incoming: { registered: 0, ...f.incoming },
  outgoing: { issued: 0, signed: 0, electronic: 0, units: 0, axis: 0, email: 0, withPaper: 0, ...f.outgoing },
  deadlines: { onTime: 0, late: 0, overdue: 0, pending: 0, ...f.deadlines },
  requests: { filed: 0, approved: 0, done: 0, returned: 0, ...f.requests },
});

/** pdftotext's text of the file with its runs of spaces made one, after qpdf --check passed */
function pdfText(bytes: Uint8Array): string {
  const files = scratch();
  try {
    const path = files.write('thong-ke.pdf', bytes);
    const check = runTool('qpdf', ['--check', path]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
    const text = runTool('pdftotext', ['-layout', path, '-']);
    assert.equal(text.code, 0, text.stderr);
    return text.stdout.replace(/[ \t]+/g, ' ');
  } finally {
    files.remove();
  }
}

/** The month `n` months after YYYY-MM */
const addMonths = (key: string, n: number) => {
  const i = Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1 + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const label = (key: string) => `Tháng ${key.slice(5, 7)}/${key.slice(0, 4)}`;

// The clock starts at the real time: sealing checks the leader's signature against the wall clock (see the report)
testOnBothEngines('ok: activity in one month and two months later counted per Vietnam month for the DIC\'s province (the month between empty, Lạng Sơn left out), for a Lai Châu leader its own agency only; as XLSX and PDF; error/forbidden: a specialist', async (db) => {
  const { office, actorOf, clock } = await demoOffice(db, new Date());
  const m0 = vietnamDate(clock.now()).slice(0, 7);
  const [m1, m2] = [addMonths(m0, 1), addMonths(m0, 2)];
  await withSigningKeys(office, actorOf, 'laichau.lanhdao');
  const [clerk, leader, specialist, tamduongClerk, langsonClerk, dic, vpubnd] = await Promise.all(
    ['laichau.vanthu', 'laichau.lanhdao', 'laichau.chuyenvien', 'tamduong.vanthu', 'langson-stttt.vanthu', 'stttt.dic', 'vpubnd.vanthu'].map(actorOf));
  const today = vietnamDate(clock.now());

  // Month 0: five incoming registered in the province (four in Lai Châu, Tam Đường's arrival), one in Lạng Sơn; Lai Châu's due today
  const [a, b, c, e] = await Promise.all(['A', 'B', 'C', 'E'].map((x) => office.documents.registerIncoming(clerk!, letter(`Văn bản ${x}`))));
  await office.documents.registerIncoming(langsonClerk!, letter('Văn bản của tỉnh khác'));
  for (const doc of [a, b, c, e]) await office.incoming.assign(leader!, doc!.id, { leadId: specialist!.userId, dueDate: today });
  for (const doc of [b, e]) await office.incoming.complete(specialist!, doc!.id, 'Đã trả lời trong hạn');
  // Three issued: to units 3, by e-mail 2, over the axis 1; one with a paper copy too
  const unit = { kind: 'unit', target: tamduongClerk!.agencyId } as const;
  const mail = { kind: 'email', target: 'vanthu@tamduong.laichau.gov.vn' } as const;
  await issue(office, actorOf, [unit, mail, { kind: 'agency', target: '000.00.40.H23' }]);
  await issue(office, actorOf, [unit, mail], true);
  await issue(office, actorOf, [unit]);
  const [arrival] = await office.incoming.arrivals(tamduongClerk!);
  await office.incoming.registerArrival(tamduongClerk!, arrival!.id, 'Đã kiểm tra chữ ký số');
  // Requests: Văn phòng UBND (straight under the province) files two; the DIC returns one and approves the other
  const batch = await office.requests.batches.create(vpubnd!, { formId: FORM });
  const filed = await office.requests.entries.add(vpubnd!, batch, [person('NGUYỄN VĂN BÌNH', 'chuyenvien.binhlu@laichau.gov.vn'), person('VŨ THỊ LAN', 'chuyenvien.banbo@laichau.gov.vn')]);
  const list = await office.requests.batches.merge(dic!, { sources: [await office.requests.batches.submit(vpubnd!, filed.batch)] });
  const [first, second] = (await office.requests.queries.batch(dic!, list.id)).entries;
  const returned = await office.requests.entries.returnToOrigin(dic!, first!, 'Chưa ghi đúng chức vụ');
  const [approved] = await office.requests.decisions.approve(dic!, [second!]);

  // Month 2, the 15th at noon in Hà Nội: one late answer, one more registered and due that day, the requests carried on
  clock.advanceMinutes((Date.parse(`${m2}-15T12:00:00+07:00`) - clock.now().getTime()) / 60_000);
  await office.incoming.complete(specialist!, a!.id, 'Trả lời muộn');
  const d = await office.documents.registerIncoming(clerk!, letter('Văn bản D'));
  await office.incoming.assign(leader!, d.id, { leadId: specialist!.userId, dueDate: `${m2}-15` });
  await office.requests.decisions.markDone(dic!, approved!, '5401010a0b0c0d0e');
  const again = await office.requests.entries.resubmit(vpubnd!, returned);
  await office.requests.decisions.approve(dic!, [again]);

  const month0 = figures({
    incoming: { registered: 5 }, outgoing: { issued: 3, signed: 3, electronic: 3, units: 3, axis: 1, email: 2, withPaper: 1 },
    deadlines: { onTime: 2, late: 1, overdue: 1 }, requests: { filed: 2, approved: 1, returned: 1 },
  });
  const month2 = figures({ incoming: { registered: 1 }, deadlines: { pending: 1 }, requests: { approved: 1, done: 1 } });
  const stats = await office.reports.monthlyStatistics(dic!, { from: m0, to: m2 });
  assert.deepEqual(stats.months, [{ month: m0, ...month0 }, { month: m1, ...figures({}) }, { month: m2, ...month2 }]);
  assert.deepEqual(stats.total, figures({
    incoming: { registered: 6 }, outgoing: { issued: 3, signed: 3, electronic: 3, units: 3, axis: 1, email: 2, withPaper: 1 },
    deadlines: { onTime: 2, late: 1, overdue: 1, pending: 1 }, requests: { filed: 2, approved: 2, done: 1, returned: 1 },
  }));
  assert.deepEqual([stats.from, stats.to, stats.asOf], [m0, m2, `${m2}-15`]);
  assert.match(stats.agencyName, /Sở Thông tin và Truyền thông tỉnh Lai Châu/);

  const own = await office.reports.monthlyStatistics(leader!, { from: m0, to: m2 });
  assert.equal(own.agencies, 1);
  assert.deepEqual(own.months.map((m) => [m.incoming.registered, m.outgoing.issued, m.deadlines.late, m.requests.filed]), [[4, 3, 1, 0], [0, 0, 0, 0], [1, 0, 0, 0]],
    'Lai Châu alone: not Tam Đường\'s arrival, nor the requests of Văn phòng UBND');
  const byDefault = await office.reports.monthlyStatistics(dic!);
  assert.deepEqual([byDefault.from, byDefault.to, byDefault.months.length], [addMonths(m2, -11), m2, 12], 'by default the last 12 months');
  await assert.rejects(office.reports.monthlyStatistics(specialist!), { code: 'OFFICE_FORBIDDEN' });

  const xlsx = await office.reports.monthlyStatisticsFile(stats, 'xlsx');
  assert.equal(xlsx.name, `thong-ke-hang-thang-${m0}-${m2}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(xlsx.bytes) as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Thống kê hằng tháng');
  assert.ok(sheet, 'the sheet is named');
  const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
  assert.equal(values(1)[0], 'SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH LAI CHÂU');
  assert.deepEqual(values(4).slice(0, 3), ['Tháng', 'Văn bản đến', 'Văn bản đi']);
  assert.deepEqual(values(5), ['Tháng', 'Đã đăng ký', 'Đã phát hành', 'Có chữ ký số', 'Gửi điện tử', 'Đến đơn vị trong hệ thống', 'Qua trục liên thông', 'Qua thư điện tử', 'Kèm bản giấy',
    'Đúng hạn', 'Trễ hạn', 'Quá hạn chưa xong', 'Chưa đến hạn', 'Đã gửi', 'Đã duyệt', 'Đã hoàn thành', 'Bị trả lại']);
  assert.deepEqual(values(6), [label(m0), 5, 3, 3, 3, 3, 1, 2, 1, 2, 1, 1, 0, 2, 1, 0, 1], 'figures as numbers');
  assert.deepEqual(values(7), [label(m1), ...Array(16).fill(0)]);
  assert.deepEqual(values(8), [label(m2), 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0]);
  assert.deepEqual(values(9), ['Cộng', 6, 3, 3, 3, 3, 1, 2, 1, 2, 1, 1, 1, 2, 2, 1, 1]);

  const pdf = await office.reports.monthlyStatisticsFile(stats, 'pdf');
  assert.equal(pdf.contentType, 'application/pdf');
  const text = pdfText(pdf.bytes);
  assert.match(text, /THỐNG KÊ HẰNG THÁNG/);
  assert.ok(text.includes(`Từ ${label(m0).toLowerCase()} đến ${label(m2).toLowerCase()}`), text);
  for (const line of [`${label(m0)} 5 3 3 3 3 1 2 1 2 1 1 0 2 1 0 1\n`, `${label(m1)} 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`, `${label(m2)} 1 0 0 0 0 0 0 0 0 0 0 1 0 1 1 0\n`, 'Cộng 6 3 3 3 3 1 2 1 2 1 1 1 2 2 1 1\n']) {
    assert.ok(text.includes(line), `${line} in:\n${text}`);
  }
  await assert.rejects(office.reports.monthlyStatisticsFile(stats, 'docx' as 'pdf'), { code: 'OFFICE_EXPORT_FORMAT_INVALID' });
});

testOnBothEngines('ok: a month and a day are Hà Nội\'s — registrations at 00:30 on 1 January 2027 there (still 31 December in UTC) are January\'s, an answer at 23:30 on the due day is in time and one at 00:30 the next day late; error/period: malformed, impossible, reversed or longer than 36 months', async (db) => {
  const { office, actorOf, clock } = await demoOffice(db, new Date('2026-12-31T17:30:00Z'));
  const [clerk, leader, specialist, dic] = await Promise.all(['laichau.vanthu', 'laichau.lanhdao', 'laichau.chuyenvien', 'stttt.dic'].map(actorOf));
  const [early, late] = await Promise.all(['đầu năm', 'thứ hai'].map((x) => office.documents.registerIncoming(clerk!, letter(`Văn bản ${x}`))));
  for (const doc of [early, late]) await office.incoming.assign(leader!, doc!.id, { leadId: specialist!.userId, dueDate: '2027-01-01' });
  // Due on 1 January: done at 23:30 that day in Hà Nội is in time, at 00:30 the next day is late (both 1 January in UTC)
  clock.advanceMinutes(23 * 60);
  await office.incoming.complete(specialist!, early!.id, 'Xong trước nửa đêm');
  clock.advanceMinutes(60);
  await office.incoming.complete(specialist!, late!.id, 'Xong sau nửa đêm');
  const stats = await office.reports.monthlyStatistics(dic!, { from: '2026-12', to: '2027-01' });
  assert.deepEqual(stats.months.map((m) => [m.month, m.incoming.registered, m.deadlines.onTime, m.deadlines.late]), [['2026-12', 0, 0, 0], ['2027-01', 2, 1, 1]]);
  assert.equal(stats.asOf, '2027-01-02');
  const byDefault = await office.reports.monthlyStatistics(dic!);
  assert.deepEqual([byDefault.from, byDefault.to, byDefault.months.length], ['2026-02', '2027-01', 12], 'the last 12 months in Hà Nội, January 2027 the current one');
  assert.equal((await office.reports.monthlyStatistics(dic!, { from: '2024-02', to: '2027-01' })).months.length, 36, '36 months are allowed');

  const invalid = [{ from: '2026-13', to: '2027-01' }, { from: '2026-00' }, { from: '2026-5', to: '2026-06' }, { from: '2026-05-01', to: '2026-06' }, { from: 'abc' },
    { from: '2026-06', to: '2026-05' }, { to: 202605 }, { from: ['2026-01'] }, { from: '0999-01', to: '0999-02' }];
  for (const period of invalid) {
    await assert.rejects(office.reports.monthlyStatistics(dic!, period), { code: 'OFFICE_STATISTICS_PERIOD_INVALID' }, JSON.stringify(period));
  }
  await assert.rejects(office.reports.monthlyStatistics(dic!, { from: '2024-01', to: '2027-01' }), { code: 'OFFICE_STATISTICS_PERIOD_TOO_LONG', params: { months: 37, max: 36 } });
});
