// Whole entries and lists: the seeds' conditional rules, the count above a list, the mailbox rule of seed 000.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORMS, formById } from './catalog.ts';
import type { FormDef } from './form-types.ts';
import { validateEntryWithLookups } from './mailbox-rule.ts';
import type { FormValidationOptions } from './outcome.ts';
import { sampleEntry } from './sample-entries.ts';
import { requireValidEntry, validateEntry, validateList, type EntryResult } from './validate.ts';

const OPTIONS: FormValidationOptions = { officialMailDomains: ['laichau.gov.vn'], today: '2021-03-22' };
const form = (id: string): FormDef => formById(id)!;
const codes = (r: EntryResult | { ok: boolean; problems?: readonly { field: string; code: string }[] }) =>
  r.ok ? [] : (r as { problems: readonly { field: string; code: string }[] }).problems.map((p) => `${p.field}:${p.code}`);

test('ok: a complete entry of every form, and every list header, passes', () => {
  for (const f of FORMS) {
    assert.deepEqual(codes(validateEntry(f, sampleEntry(f), OPTIONS)), [], f.id);
    if (f.header.length > 0) assert.deepEqual(codes(validateEntry(f, sampleEntry(f, 'header'), OPTIONS, 'header')), [], `${f.id} header`);
  }
});

test('ok: the clean value is canonical: ISO dates, phones, upper-case choices by key', () => {
  const r = validateEntry(form('personal-certificate'), { ...sampleEntry(form('personal-certificate')), gender: 'nữ', simPki: 'viettel', oldCertificateSerial: '' , oldCertificateIssuedOn: '', oldCertificateExpiresOn: '' }, OPTIONS);
  assert.ok(r.ok);
  assert.equal(r.value.birthDate, '1980-05-17');
  assert.equal(r.value.mobile, '0916731226');
  assert.equal(r.value.gender, 'female');
  assert.equal(r.value.simPki, 'Viettel');
  assert.equal('oldCertificateSerial' in r.value, false);
});

test('error/personal certificate: a lower-case name, a gmail address, a birth after the ID card, part of the old certificate', () => {
  const f = form('personal-certificate');
  const r = validateEntry(f, { ...sampleEntry(f), fullName: 'Nguyễn Quang Sáng', email: 'sang@gmail.com', birthDate: '1/1/2016', oldCertificateIssuedOn: '', oldCertificateExpiresOn: '' }, OPTIONS);
  assert.deepEqual(codes(r), [
    'fullName:FORM_NAME_NOT_UPPER', 'email:FORM_EMAIL_FREE_PROVIDER', 'personIdIssuedOn:FORM_DATE_ORDER',
    'oldCertificateIssuedOn:FORM_REQUIRED_TOGETHER', 'oldCertificateExpiresOn:FORM_REQUIRED_TOGETHER',
  ]);
  assert.ok(!r.ok);
  assert.equal(r.problems[0]!.message, 'Ô "Họ và tên (chữ in hoa)" cần viết bằng chữ in hoa (ví dụ NGUYỄN VĂN A).');
  assert.match(r.problems[1]!.message, /Địa chỉ thư điện tử công vụ \(1\).*gmail\.com.*@laichau\.gov\.vn/);
  assert.match(r.problems[3]!.message, /"Ngày cấp \(Số hiệu chứng thư số cũ\)"/);
});

test('error/missing fields are named as the seed labels them; unknown keys are reported', () => {
  const r = validateEntry(form('document-accounts-revoke'), { fullName: 'Nguyễn Văn A', surprise: 1 }, OPTIONS);
  assert.deepEqual(codes(r), ['surprise:FORM_FIELD_UNKNOWN', 'position:FORM_REQUIRED', 'workplace:FORM_REQUIRED', 'account:FORM_REQUIRED', 'reason:FORM_REQUIRED']);
  assert.ok(!r.ok);
  assert.equal(r.problems.at(-1)!.message, 'Cần ghi "Lý do thu hồi".');
  assert.deepEqual(codes(validateEntry(form('token-recovery'), 'not an object', OPTIONS)), [':FORM_ENTRY_INVALID']);
  assert.deepEqual(codes(validateEntry(form('token-recovery'), null, OPTIONS)), [':FORM_ENTRY_INVALID']);
});

test('error/renewal (Mẫu 03): nothing ticked; a change without its old and new information', () => {
  for (const id of ['certificate-renewal', 'certificate-renewal-list']) {
    const f = form(id);
    const base = { ...sampleEntry(f), changeFrom: '', changeTo: '' };
    assert.deepEqual(codes(validateEntry(f, { ...base, renew: '', change: '' }, OPTIONS)), ['renew:FORM_ONE_OF_REQUIRED'], id);
    assert.deepEqual(codes(validateEntry(f, { ...base, renew: '', change: 'x' }, OPTIONS)), ['changeFrom:FORM_REQUIRED_WHEN', 'changeTo:FORM_REQUIRED_WHEN'], id);
    assert.deepEqual(codes(validateEntry(f, { ...base, renew: 'x', change: '' }, OPTIONS)), [], id);
  }
  const r = validateEntry(form('certificate-renewal'), { ...sampleEntry(form('certificate-renewal')), changeTo: '' }, OPTIONS);
  assert.ok(!r.ok && r.problems[0]!.message === 'Cần ghi "Thông tin mới" khi đã chọn "Thay đổi nội dung thông tin chứng thư số".');
  const expired = validateEntry(form('certificate-renewal'), { ...sampleEntry(form('certificate-renewal')), certificateExpiresOn: '1/1/2014' }, OPTIONS);
  assert.deepEqual(codes(expired), ['certificateExpiresOn:FORM_DATE_ORDER']);
});

test('error/revocation (Mẫu 04): the certificate needs a person\'s ID or an organisation\'s codes, and a token or a SIM', () => {
  for (const id of ['certificate-revocation', 'certificate-revocation-list']) {
    const f = form(id);
    const none = { ...sampleEntry(f), subjectIdNumber: '', subjectIdIssuedOn: '', subjectIdIssuedAt: '', taxCode: '', budgetCode: '', tokenSerial: '', simMobile: '' };
    assert.deepEqual(codes(validateEntry(f, none, OPTIONS)), ['subjectIdNumber:FORM_ONE_OF_REQUIRED', 'tokenSerial:FORM_ONE_OF_REQUIRED'], id);
    assert.deepEqual(codes(validateEntry(f, { ...none, taxCode: '0101234567', simMobile: '0916731226' }, OPTIONS)), [], id);
    assert.deepEqual(codes(validateEntry(f, { ...none, subjectIdNumber: '040123456', tokenSerial: 'VGCA-1' }, OPTIONS)),
      ['subjectIdIssuedOn:FORM_REQUIRED_TOGETHER', 'subjectIdIssuedAt:FORM_REQUIRED_TOGETHER'], id);
  }
});

test('error/seed 002: "Đề nghị huỷ" needs its reason; a unit with a mailbox assesses its use', () => {
  const f = form('usage-self-assessment');
  assert.deepEqual(codes(validateEntry(f, { ...sampleEntry(f), usageStatus: 'Đề nghị hủy', cancelReason: '' }, OPTIONS)), ['cancelReason:FORM_REQUIRED_WHEN']);
  assert.deepEqual(codes(validateEntry(f, { ...sampleEntry(f), usageStatus: 'Đề nghị huỷ', cancelReason: 'Nghỉ hưu' }, OPTIONS)), []);
  assert.deepEqual(codes(validateEntry(f, { fullName: 'Nguyễn Văn A', workplace: 'UBND xã', usageStatus: 'Ít sử dụng' }, OPTIONS)), []);
  const units = form('unit-inventory');
  assert.deepEqual(codes(validateEntry(units, { ...sampleEntry(units), usageStatus: '', cancelReason: '' }, OPTIONS)), ['usageStatus:FORM_REQUIRED_WHEN']);
  assert.deepEqual(codes(validateEntry(units, { unitName: 'UBND xã Ngũ Hùng', taxCode: '0800123456', budgetCode: '1034567' }, OPTIONS)), [], 'nothing issued yet: left empty');
  assert.deepEqual(codes(validateEntry(form('person-inventory'), { ...sampleEntry(form('person-inventory')), citizenId: '040123456' }, OPTIONS)), ['citizenId:FORM_ID_NUMBER_INVALID']);
});

test('ok/error: a list checks its header, each row by number, and "Số lượng …" against the rows', () => {
  const f = form('document-accounts-new');
  const row = sampleEntry(f);
  const good = validateList(f, { header: { count: 2 }, rows: [row, { ...row, rowNumber: '02' }] }, OPTIONS);
  assert.ok(good.ok);
  assert.equal(good.value.rows.length, 2);
  const bad = validateList(f, { header: { count: 3 }, rows: [row, { ...row, phone: '12345' }] }, OPTIONS);
  assert.ok(!bad.ok);
  assert.deepEqual(bad.problems.map((p) => [p.row, p.field, p.code]), [[2, 'phone', 'FORM_PHONE_INVALID'], [undefined, 'count', 'FORM_COUNT_MISMATCH']]);
  assert.equal(bad.problems[1]!.message, '"Số lượng cấp bổ sung" ghi 3 nhưng danh sách có 2 dòng.');
  assert.deepEqual(codes(validateList(f, { header: { count: 0 }, rows: [] }, OPTIONS) as never), [':FORM_LIST_EMPTY']);
  assert.deepEqual(codes(validateList(f, { rows: 'x' }, OPTIONS) as never), [':FORM_LIST_EMPTY']);
  assert.deepEqual(codes(validateList(f, { rows: new Array(5001).fill(row) }, OPTIONS) as never), [':FORM_LIST_TOO_LONG']);
  const missingHeader = validateList(form('personal-certificate-list'), { rows: [sampleEntry(form('personal-certificate-list'))] }, OPTIONS);
  assert.ok(!missingHeader.ok);
  // Seed 003's contact block, every line of it named (an `every` over the problems would pass on none)
  assert.deepEqual(missingHeader.problems.map((p) => [p.row, p.field, p.code]), ['contactName', 'contactIdNumber', 'contactIdIssuedOn', 'contactIdIssuedAt',
    'contactPosition', 'contactMobile', 'contactEmail', 'contactAddress', 'count'].map((field) => [undefined, field, 'FORM_REQUIRED']));
});

test('ok/error: a personal certificate only for a holder of an official mailbox (seed 000 note)', async () => {
  const holders = new Set(['sangnq.tamduong@laichau.gov.vn']);
  const hasOfficialMailbox = async (email: string) => holders.has(email);
  for (const id of ['personal-certificate', 'personal-certificate-list']) {
    const f = form(id);
    const entry = { ...sampleEntry(f), email: 'SangNQ.TamDuong@laichau.gov.vn' };
    assert.deepEqual(codes(await validateEntryWithLookups(f, entry, { ...OPTIONS, hasOfficialMailbox })), [], id);
    const stranger = await validateEntryWithLookups(f, { ...entry, email: 'moi@laichau.gov.vn' }, { ...OPTIONS, hasOfficialMailbox });
    assert.deepEqual(codes(stranger), ['email:FORM_MAILBOX_MISSING'], id);
    assert.ok(!stranger.ok && stranger.problems[0]!.message.includes('"moi@laichau.gov.vn"'));
  }
  let asked = 0;
  const r = await validateEntryWithLookups(form('organisation-certificate'), sampleEntry(form('organisation-certificate')), { ...OPTIONS, hasOfficialMailbox: () => (asked++, false) });
  assert.ok(r.ok && asked === 0, 'the rule is for personal certificates only');
});

test('error/requireValidEntry throws OFFICE_FORM_INVALID naming the first problem', () => {
  const f = form('mailboxes-new-units');
  assert.equal(requireValidEntry(f, { unitName: 'UBND xã Bản Bo' }, OPTIONS).unitName, 'UBND xã Bản Bo');
  assert.throws(() => requireValidEntry(f, {}, OPTIONS), (err: { code?: string; params?: Record<string, unknown> }) =>
    err.code === 'OFFICE_FORM_INVALID' && err.params?.first === 'Cần ghi "Tên cơ quan, đơn vị".');
});
