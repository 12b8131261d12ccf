// Each field kind on good and bad values: codes asserted, and each message is Vietnamese and names the field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkField } from './field.ts';
import type { FieldDef, FieldKind } from './form-types.ts';
import type { FormValidationOptions } from './outcome.ts';
import { FORM_PROBLEM_MESSAGES } from './problems.ts';

const OPTIONS: FormValidationOptions = { officialMailDomains: ['laichau.gov.vn'], today: '2021-03-22' };
const field = (kind: FieldKind, extra: Partial<FieldDef> = {}): FieldDef => ({ key: 'x', label: 'Ô thử', kind, required: true, ...extra });

function ok(kind: FieldKind, raw: unknown, expected: unknown, extra: Partial<FieldDef> = {}, options = OPTIONS) {
  const out = checkField(raw, field(kind, extra), options);
  assert.deepEqual(out, { ok: true, value: expected }, `${kind}: ${String(raw)}`);
}
function bad(kind: FieldKind, raw: unknown, code: string, extra: Partial<FieldDef> = {}, options = OPTIONS) {
  const out = checkField(raw, field(kind, extra), options);
  assert.equal(out.ok, false, `${kind}: ${String(raw)} should be refused`);
  if (!out.ok) assert.equal(out.code, code, `${kind}: ${String(raw)}`);
}

test('ok: text is trimmed, NFC-normalised and its spaces collapsed', () => {
  ok('text', '  Sở  Thông tin\u00a0và Truyền thông ', 'Sở Thông tin và Truyền thông');
  ok('text', 'Nguye\u0302\u0303n', 'Nguyễn');
  ok('text', 'dòng 1\r\n\r\n\r\n  dòng 2  ', 'dòng 1\n\ndòng 2', { multiline: true });
  ok('text', '', undefined, { required: false });
  ok('text', 2021, '2021');
  ok('text', 'dòng 1\n\tdòng 2', 'dòng 1 dòng 2'); // a pasted cell's line break, in a one-line field
});

test('error/text: empty when required, control or hidden characters, too long, not a scalar', () => {
  bad('text', '   ', 'FORM_REQUIRED');
  bad('text', undefined, 'FORM_REQUIRED');
  bad('text', 'a\u0000b', 'FORM_CONTROL_CHARS');
  bad('text', 'a\u0007b', 'FORM_CONTROL_CHARS');
  bad('text', 'NGUYỄN\u202eA', 'FORM_CONTROL_CHARS');
  bad('text', 'A\u200bB', 'FORM_CONTROL_CHARS');
  bad('text', 'x\ud800', 'FORM_CONTROL_CHARS');
  bad('text', 'a'.repeat(301), 'FORM_TOO_LONG');
  bad('text', 'a'.repeat(10_000_000), 'FORM_TOO_LONG');
  bad('text', { a: 1 }, 'FORM_TYPE_INVALID');
  bad('text', ['a'], 'FORM_TYPE_INVALID');
  bad('text', Number.NaN, 'FORM_TYPE_INVALID');
});

test('ok/error: names in capitals only where the form says "(chữ in hoa)"', () => {
  ok('upper-name', 'NGUYỄN QUANG SÁNG', 'NGUYỄN QUANG SÁNG');
  ok('upper-name', 'GIÀNG A PÁO', 'GIÀNG A PÁO');
  bad('upper-name', 'Nguyễn Quang Sáng', 'FORM_NAME_NOT_UPPER');
  bad('upper-name', 'NGUYỄN Văn A', 'FORM_NAME_NOT_UPPER');
  ok('person-name', 'Nguyễn Văn A', 'Nguyễn Văn A');
  ok('person-name', "Lò Văn O'Neil-Tòng", "Lò Văn O'Neil-Tòng");
  bad('person-name', 'Nguyễn Văn 2', 'FORM_NAME_INVALID');
  bad('person-name', 'a@b', 'FORM_NAME_INVALID');
});

test('ok: official e-mail of the configured province, its subdomains, lower-cased', () => {
  ok('official-email', 'SangNQ@LaiChau.gov.vn', 'sangnq@laichau.gov.vn');
  ok('official-email', 'vhtt.tamduong@tamduong.laichau.gov.vn', 'vhtt.tamduong@tamduong.laichau.gov.vn');
  ok('official-email', 'a@haiduong.gov.vn', 'a@haiduong.gov.vn', {}, { officialMailDomains: [] }); // no configuration: any *.gov.vn
});

test('error/e-mail: free providers by name, other domains, malformed', () => {
  for (const a of ['a@gmail.com', 'b@yahoo.com.vn', 'c@hotmail.com', 'd@outlook.com', 'e@icloud.com', 'f@yahoo.co.uk', 'g@proton.me']) bad('official-email', a, 'FORM_EMAIL_FREE_PROVIDER');
  bad('official-email', 'a@laichau.com.vn', 'FORM_EMAIL_NOT_OFFICIAL');
  bad('official-email', 'a@evillaichau.gov.vn', 'FORM_EMAIL_NOT_OFFICIAL');
  bad('official-email', 'a@haiduong.gov.vn', 'FORM_EMAIL_NOT_OFFICIAL');
  for (const a of ['khoasa.sonbinh', 'a@@laichau.gov.vn', 'a..b@laichau.gov.vn', '.a@laichau.gov.vn', 'a b@laichau.gov.vn', 'a@laichau', 'a@-x.gov.vn']) bad('official-email', a, 'FORM_EMAIL_INVALID');
  const out = checkField('a@gmail.com', field('official-email'), OPTIONS);
  assert.ok(!out.ok && out.params.provider === 'gmail.com' && out.params.domains === 'laichau.gov.vn');
});

test('ok/error: mailbox names as seed 001 Mẫu số 09 writes them, or full official addresses', () => {
  ok('mail-account', 'Toannt.tamduong', 'toannt.tamduong');
  ok('mail-account', 'khoaha.tamduong@laichau.gov.vn', 'khoaha.tamduong@laichau.gov.vn');
  bad('mail-account', 'khoaha@gmail.com', 'FORM_EMAIL_FREE_PROVIDER');
  bad('mail-account', 'khoa ha', 'FORM_MAIL_ACCOUNT_INVALID');
  ok('account-name', 'sangnq.tamduong', 'sangnq.tamduong');
  bad('account-name', 'sáng', 'FORM_ACCOUNT_INVALID');
});

test('ok/error: ID papers: CMND 9 digits, CCCD 12, passport a letter and 7 digits', () => {
  ok('id-number', '040123456', '040123456');
  ok('id-number', '0120 8400 1234', '012084001234');
  ok('id-number', 'c1234567', 'C1234567');
  for (const v of ['04012345', '0401234567', '1234567890123', 'CC123456', 'C123456', '12345678A']) bad('id-number', v, 'FORM_ID_NUMBER_INVALID');
  bad('id-number', '040123456', 'FORM_ID_NUMBER_INVALID', { idKinds: ['cccd'] });
  ok('id-number', '012084001234', '012084001234', { idKinds: ['cccd'] });
});

test('ok/error: tax codes of 10 digits or 13 (10-3), a person\'s 12-digit number where the holder is a person', () => {
  ok('tax-code', '0101234567', '0101234567');
  ok('tax-code', '0101234567-001', '0101234567-001');
  ok('tax-code', '0101234567001', '0101234567-001');
  bad('tax-code', '012084001234', 'FORM_TAX_CODE_INVALID', { taxHolder: 'organisation' });
  ok('tax-code', '012084001234', '012084001234', { taxHolder: 'person' });
  for (const v of ['123456789', '01012345670', '0101234567-01', 'MST0101234567']) bad('tax-code', v, 'FORM_TAX_CODE_INVALID');
  ok('budget-code', '1 034 567', '1034567');
  bad('budget-code', '103456', 'FORM_BUDGET_CODE_INVALID');
});

test('ok/error: Vietnamese phones, +84 normalised', () => {
  ok('mobile-phone', '0916.731.226', '0916731226');
  ok('mobile-phone', '+84 916 731 226', '0916731226');
  ok('mobile-phone', '0393-551-886', '0393551886');
  for (const v of ['916731226', '091673122', '09167312260', '0216731226', '+1 916 731 226', '0916abc226']) bad('mobile-phone', v, 'FORM_PHONE_INVALID');
  ok('phone', '02053.814622', '02053814622'); // the Lạng Sơn DIC's landline, seed 003
  ok('phone', '0916731226', '0916731226');
  bad('phone', '2053814622', 'FORM_PHONE_INVALID');
});

test('ok/error: SIM PKI: an operator, "/cs" to move the current number (seed 000 note 2)', () => {
  ok('sim-pki', 'Viettel', 'Viettel');
  ok('sim-pki', 'viettel/cs', 'Viettel/cs');
  ok('sim-pki', 'VinaPhone / CS', 'Vinaphone/cs');
  ok('sim-pki', 'MobiFone', 'Mobifone');
  for (const v of ['Vietnamobile', 'Viettel cs', 'Viettel/c', 'cs', '/cs', 'Viettel/cs/cs', 'Gmobile']) bad('sim-pki', v, 'FORM_SIM_PKI_INVALID');
});

test('ok/error: dates as the forms write them, or ISO; none after today where it matters', () => {
  ok('date', '12/3/2021', '2021-03-12');
  ok('date', '02/04/2021', '2021-04-02');
  ok('date', '2019-05-08', '2019-05-08');
  ok('date', '29/02/2020', '2020-02-29');
  ok('date', new Date('2020-01-15T00:00:00Z'), '2020-01-15');
  for (const v of ['29/02/2021', '31/04/2021', '00/01/2021', '1/13/2021', '2021/03/12', '12-3-21', '1/1/1899', 'ngày 12 tháng 3']) bad('date', v, 'FORM_DATE_INVALID');
  bad('date', new Date(Number.NaN), 'FORM_DATE_INVALID');
  bad('date', '23/3/2021', 'FORM_DATE_FUTURE', { notAfterToday: true });
  ok('date', '23/3/2021', '2021-03-23', { notAfterToday: true }, { officialMailDomains: ['laichau.gov.vn'] });
  ok('date', '22/3/2030', '2030-03-22');
});

test('ok/error: choices by key or printed label (hủy = huỷ), checkboxes, counts, serials', () => {
  const options = [{ value: 'frequent', label: 'Thường xuyên sử dụng' }, { value: 'cancel', label: 'Đề nghị huỷ' }];
  ok('choice', 'đề nghị hủy', 'cancel', { options });
  ok('choice', 'frequent', 'frequent', { options });
  bad('choice', 'thỉnh thoảng', 'FORM_OPTION_INVALID', { options });
  ok('checkbox', 'x', true);
  ok('checkbox', 'X', true);
  ok('checkbox', true, true);
  ok('checkbox', undefined, false);
  ok('checkbox', '', false);
  bad('checkbox', 'maybe', 'FORM_CHECKBOX_INVALID');
  ok('count', '12', 12);
  ok('count', 3, 3);
  bad('count', '-1', 'FORM_NUMBER_INVALID');
  bad('count', '1.5', 'FORM_NUMBER_INVALID');
  ok('certificate-serial', '54 01 01 01 ab:CD', '54010101abcd');
  bad('certificate-serial', 'xyz', 'FORM_SERIAL_INVALID');
  bad('certificate-serial', 'a'.repeat(41), 'FORM_SERIAL_INVALID');
  ok('token-serial', 'VGCA-1234.56', 'VGCA-1234.56');
  bad('token-serial', 'ab!', 'FORM_TOKEN_SERIAL_INVALID');
});

/** Codes with no single field to name. */
const ENTRY_PROBLEMS: ReadonlySet<string> = new Set(['FORM_ENTRY_INVALID', 'FORM_LIST_EMPTY', 'FORM_LIST_TOO_LONG', 'FORM_ONE_OF_REQUIRED']);

test('ok: every problem message has Vietnamese and English text; field messages name the field', () => {
  for (const [code, m] of Object.entries(FORM_PROBLEM_MESSAGES)) {
    assert.ok(code.startsWith('FORM_') && m.vi.length > 0 && m.en.length > 0, code);
    assert.match(m.vi, /[ạảãàáâậầấẩẫăắằặẳẵêếềểễệôốồổỗộơớờởỡợưứừửữựđíìỉĩịúùủũụýỳỷỹỵóòỏõọéèẻẽẹ]/i, `${code} is Vietnamese`);
    if (ENTRY_PROBLEMS.has(code)) continue;
    for (const lang of ['vi', 'en'] as const) assert.ok(m[lang].includes('{label}'), `${code} (${lang}) names the field`);
  }
  // The exceptions are about the entry or the list, not one field; one-of names its several fields instead.
  for (const code of ENTRY_PROBLEMS) assert.ok(code in FORM_PROBLEM_MESSAGES, `${code} is still a code`);
  const oneOf = FORM_PROBLEM_MESSAGES.FORM_ONE_OF_REQUIRED;
  assert.ok(oneOf.vi.includes('{labels}') && oneOf.en.includes('{labels}'), 'FORM_ONE_OF_REQUIRED names its fields');
});
