import assert from 'node:assert/strict';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { demoOffice } from '../../../test/helpers/demo-office.ts';
import { letterFodt, withSigningKeys } from '../../../test/helpers/letter.ts';
import { issueStraightThrough } from '../../../test/helpers/issue-flow.ts';
import { testOnBothEngines } from '../../../test/helpers/test-db.ts';
import { vietnamDate } from '../../shared/vietnam-time.ts';
import { findSoffice } from '../documents/convert.ts';

const hasSoffice = !!findSoffice();
test('LibreOffice is present for the survey built on an issued document', () => {
  if (!hasSoffice && process.env.CI) assert.fail('LibreOffice (soffice) is required under CI');
});
const withSoffice = hasSoffice ? testOnBothEngines : (name: string) => test.skip(name + ' (soffice not installed)');

withSoffice('ok/error: the annex II survey from live data — one signed document issued by Lai Châu to a unit, another agency and an e-mail address: issued 1 and signed, signed shares inside (1/1) and outside (2/2), units using the system and signing, agency codes in QCVN form; as XLSX; a bad period and other roles refused', async (db) => {
  const { office, actorOf } = await demoOffice(db, new Date());
  await withSigningKeys(office, actorOf, 'laichau.lanhdao');
  const [author, leader, clerk, dic, specialist] = await Promise.all(['laichau.chuyenvien', 'laichau.lanhdao', 'laichau.vanthu', 'stttt.dic', 'tamduong.chuyenvien'].map(actorOf));
  const unit = await actorOf('tamduong.vanthu');
  const empty = await office.reports.interconnectionSurvey(dic!);
  assert.deepEqual([empty.issued.total, empty.signedShare.internal.total, empty.signedShare.external.total], [0, 0, 0], 'nothing issued yet');

  await issueStraightThrough(office, actorOf, {
    subject: 'báo cáo tình hình gửi nhận văn bản điện tử',
    file: { name: 'cong-van.fodt', bytes: letterFodt({ agency: 'Ủy ban nhân dân tỉnh Lai Châu', unitAbbreviation: 'UBND-VP', subject: 'báo cáo', body: 'Nội dung.', signerName: 'Lãnh đạo UBND tỉnh Lai Châu' }) },
    recipients: [{ kind: 'unit', target: unit.agencyId }, { kind: 'agency', target: '000.00.40.H23' }, { kind: 'email', target: 'vanthu@tamduong.laichau.gov.vn' }],
  });

  const survey = await office.reports.interconnectionSurvey(dic!);
  const province = await db.kysely.selectFrom('agencies').select('id').execute();
  assert.equal(survey.months, Number(vietnamDate(new Date()).slice(5, 7)), 'from 1 January to today in Hà Nội');
  const perMonth = (n: number) => Math.round((n / survey.months) * 10) / 10;
  assert.deepEqual(survey.issued, { total: 1, perMonth: perMonth(1), electronicOnly: 1, electronicOnlyPerMonth: perMonth(1), withPaper: 0, paperOnly: 0, notRecorded: 0, signed: 1 });
  assert.deepEqual(survey.signedShare, { internal: { signed: 1, total: 1 }, external: { signed: 2, total: 2 } });
  assert.deepEqual(survey.statusFeedback, { sent: 0, received: 0 });
  assert.equal(survey.units.exchangingOverAxis, 0, 'the package to Thanh Miện is queued, not yet sent');
  assert.ok(survey.units.total > 0 && survey.units.total < province.length, 'the DIC\'s province only (not Lạng Sơn\'s or Hải Dương\'s agencies)');
  assert.ok(survey.units.usingSystem >= 2, 'Lai Châu and Tam Đường (its arrival) at least');
  assert.ok(survey.units.signingDigitally >= 1);
  assert.deepEqual(survey.agencyCodes, { total: survey.units.total, inQcvnForm: survey.units.total }, 'every demo agency code is in the QCVN form');

  const dicAgency = await db.kysely.selectFrom('agencies').select('name').where('id', '=', dic!.agencyId).executeTakeFirstOrThrow();
  assert.equal(survey.agencyName, dicAgency.name, 'the survey names whose it is');
  const file = await office.reports.interconnectionSurveyXlsx(survey);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
  const text = book.worksheets[0]!.getSheetValues().flat().map(String).join(' | ');
  assert.match(text, /BIỂU MẪU CUNG CẤP THÔNG TIN TÌNH HÌNH TRIỂN KHAI GỬI NHẬN VĂN BẢN ĐIỆN TỬ/);
  assert.ok(text.includes(dicAgency.name), 'headed with the DIC\'s agency');
  assert.match(text, /Văn bản điện tử có chữ ký số trong nội bộ[^|]*\| [\d.]+\/[\d.]+\/tháng \| 100%/);

  assert.match(text, /bao gồm cả văn bản giấy và văn bản điện tử\) trung bình \| [\d.]+ văn bản\/tháng \| 1 trong \d+ tháng, trong đó 0 văn bản mật/);
  assert.match(text, /phát hành điện tử \(không kèm văn bản giấy\) trung bình \| [\d.]+ văn bản\/tháng \| 1 trong \d+ tháng; 0 kèm bản giấy \|/);

  await assert.rejects(office.reports.interconnectionSurvey(dic!, { from: '2026-13-01' }), { code: 'OFFICE_REPORT_PERIOD_INVALID' });
  await assert.rejects(office.reports.interconnectionSurvey(dic!, { from: '2026-05-01', to: '2026-04-01' }), { code: 'OFFICE_REPORT_PERIOD_INVALID' });
  await assert.rejects(office.reports.interconnectionSurvey(specialist!), { code: 'OFFICE_FORBIDDEN' });
  const past = await office.reports.interconnectionSurvey(dic!, { from: '2020-01-01', to: '2020-12-31' });
  assert.equal(past.issued.total, 0, 'a period without the document counts none');
});

testOnBothEngines('error/period: impossible or reversed dates refused; ok: the period is read in Vietnam days, its default the year so far in Hà Nội', async (db) => {
  // 01:00 on 1 January 2027 in Hà Nội, still 31 December 2026 in UTC
  const { office, actorOf } = await demoOffice(db, new Date('2026-12-31T18:00:00Z'));
  const dic = await actorOf('stttt.dic');
  const fresh = await office.reports.interconnectionSurvey(dic);
  assert.deepEqual([fresh.from, fresh.to, fresh.months], ['2027-01-01', '2027-01-01', 1], 'New Year\'s morning in Hà Nội belongs to the new year');
  for (const period of [{ from: '2026-02-30', to: '2026-03-01' }, { from: '2026-04-31' }, { from: '2026-13-01' }, { from: '2026-05-01', to: '2026-04-01' }, { from: 'abc' }, { to: 20261231 }]) {
    await assert.rejects(office.reports.interconnectionSurvey(dic, period), { code: 'OFFICE_REPORT_PERIOD_INVALID' }, JSON.stringify(period));
  }
  // Tam Đường's clerk signs in at 06:00 on 1 January 2026 in Hà Nội (23:00 UTC the day before): January's use, not December's
  await db.kysely.updateTable('users').set({ last_sign_in_at: null }).execute();
  await db.kysely.updateTable('users').set({ last_sign_in_at: '2025-12-31T23:00:00.000Z' }).where('username', '=', 'tamduong.vanthu').execute();
  assert.equal((await office.reports.interconnectionSurvey(dic, { from: '2026-01-01', to: '2026-01-31' })).units.usingSystem, 1);
  assert.equal((await office.reports.interconnectionSurvey(dic, { from: '2025-12-01', to: '2025-12-31' })).units.usingSystem, 0);
});

testOnBothEngines('ok: certificates are counted for the DIC\'s province only — one held in Tam Đường counts, one in Lạng Sơn and one tied to no agency do not', async (db) => {
  const { office, clock, actorOf } = await demoOffice(db, new Date('2026-06-15T03:00:00Z'));
  const dic = await actorOf('stttt.dic');
  const before = await office.reports.interconnectionSurvey(dic);
  assert.deepEqual(before.certificates, { units: 0, persons: 0 }, 'the demo province holds no certificate yet');
  const agencyOf = async (username: string) => (await db.kysely.selectFrom('users').select('agency_id').where('username', '=', username).executeTakeFirstOrThrow()).agency_id;
  const at = clock.now().toISOString();
  await db.kysely.insertInto('pki_authorities').values({ id: 'ca-survey', kind: 'issuing', parent_id: null, certificate_pem: '-', key_pem: null, key_uri: null, crl_number: 0, crl_pem: null, crl_next_update: null, crl_stale: 1, status_revision: 0, created_at: at }).execute();
  const holders = [['tamduong.chuyenvien', await agencyOf('tamduong.chuyenvien')], ['langson-stttt.admin', await agencyOf('langson-stttt.admin')], ['laichau.chuyenvien', null]] as const;
  for (const [i, [username, agencyId]] of holders.entries()) {
    await db.kysely.insertInto('pki_certificates').values({
      serial: `5EED${i}`, ca_id: 'ca-survey', profile: 'individual', subject: `CN=${username}`, holder_name: username, holder_user_id: null, agency_id: agencyId, token_serial: null,
      not_before: at, not_after: '2029-01-01T00:00:00.000Z', status: 'active', revoked_at: null, revocation_reason: null, replaces_serial: null, certificate_pem: '-', issued_at: at,
    }).execute();
  }
  const after = await office.reports.interconnectionSurvey(dic);
  assert.deepEqual(after.certificates, { units: 1, persons: 1 });
  assert.equal(after.units.signingDigitally, before.units.signingDigitally + 1, 'Tam Đường now signs digitally');
});

testOnBothEngines('ok/error: §1.10 tells electronic-only issues apart — one issued electronically only, one with a paper copy, one issued before the question was asked, and a secret one numbered (paper only); the paper copy is shown on the document; a paper copy that is not yes or no is refused', async (db) => {
  const { office, actorOf } = await demoOffice(db, new Date());
  await withSigningKeys(office, actorOf, 'laichau.lanhdao');
  const [dic, leader, clerk, author] = await Promise.all(['stttt.dic', 'laichau.lanhdao', 'laichau.vanthu', 'laichau.chuyenvien'].map(actorOf));
  const unit = await actorOf('tamduong.vanthu');
  const recipients = [{ kind: 'unit' as const, target: unit.agencyId }];
  const electronicOnly = await issueStraightThrough(office, actorOf, { recipients, subject: 'chỉ điện tử', paperCopy: false });
  const withPaper = await issueStraightThrough(office, actorOf, { recipients, subject: 'kèm bản giấy', paperCopy: true });
  const before = await issueStraightThrough(office, actorOf, { recipients, subject: 'phát hành trước khi có câu hỏi' });
  await db.kysely.updateTable('documents').set({ paper_copy: null }).where('id', '=', before).execute();
  const secret = await office.documents.createDraft(author!, { typeCode: 'quyet-dinh', subject: 'Quyết định mật', secrecy: 'mat' });
  await office.outgoing.submit(author!, secret.id, [leader!.userId]);
  await office.outgoing.approve(leader!, secret.id);
  await office.outgoing.sign(leader!, secret.id, 'Lò Văn Minh');
  await office.outgoing.number(clerk!, secret.id, 'UBND');

  const records = await Promise.all([electronicOnly, withPaper, before].map((id) => office.documents.get(clerk!, id)));
  assert.deepEqual(records.map((r) => r.paperCopy), [false, true, null], 'the document says whether a paper copy went');
  const survey = await office.reports.interconnectionSurvey(dic!);
  const perMonth = (n: number) => Math.round((n / survey.months) * 10) / 10;
  assert.deepEqual(survey.issued, { total: 4, perMonth: perMonth(4), electronicOnly: 1, electronicOnlyPerMonth: perMonth(1), withPaper: 1, paperOnly: 1, notRecorded: 1, signed: 3 });
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from((await office.reports.interconnectionSurveyXlsx(survey)).bytes) as unknown as ArrayBuffer);
  const text = book.worksheets[0]!.getSheetValues().flat().map(String).join(' | ');
  assert.match(text, /\| 4 trong \d+ tháng, trong đó 1 văn bản mật chỉ phát hành bản giấy \|/);
  assert.match(text, /\| 1 trong \d+ tháng; 1 kèm bản giấy; 1 chưa ghi nhận có kèm bản giấy hay không \|/);

  const draft = await office.documents.createDraft(author!, { typeCode: 'cong-van', subject: 'sai kiểu bản giấy' });
  for (const paperCopy of ['yes', 1, null]) {
    await assert.rejects(office.issuing.issue(clerk!, draft.id, { paperCopy }), { code: 'OFFICE_DOCUMENT_INVALID' }, String(paperCopy));
  }
  assert.equal((await office.documents.get(clerk!, draft.id)).status, 'draft', 'nothing moved');
});
