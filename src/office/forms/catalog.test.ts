// The catalog against the seeds (shared/seeds): 000_6ded9c411a042297.txt (Tam Đường, Mẫu 01-08 and the two
// mailbox lists), 001_c45424d7975b8cbc.txt (its signed print, numbering those lists Mẫu số 09 and 10),
// 002_fc8dd0b95239d399.txt (Thanh Miện, Phụ lục 01-03 in prose) and 003_2b40f94ee56c39b8.txt (Lạng Sơn, Mẫu 01-07).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { columnLabels, FORMS, formById, rowFields } from './catalog.ts';
import type { FormDef } from './form-types.ts';

const form = (id: string): FormDef => {
  const f = formById(id);
  assert.ok(f, id);
  return f;
};

// id → [printed columns, fields in a row, header fields, seed numbers]
const SHAPES: Record<string, [number, number, number, string]> = {
  'personal-certificate': [16, 16, 0, '000 Mẫu 01, 001 Mẫu 01'],
  'organisation-certificate': [9, 9, 0, '000 Mẫu 02, 001 Mẫu 02'],
  'certificate-renewal': [11, 11, 0, '000 Mẫu 03, 001 Mẫu 03'],
  'certificate-revocation': [21, 21, 0, '000 Mẫu 04, 001 Mẫu 04'],
  'token-recovery': [13, 13, 0, '000 Mẫu 05, 001 Mẫu 05'],
  'document-accounts-new': [6, 6, 1, '000 Mẫu số 06, 001 Mẫu số 06'],
  'document-accounts-revoke': [7, 7, 1, '000 Mẫu số 07, 001 Mẫu số 07'],
  'document-accounts-mobile': [6, 6, 1, '000 Mẫu số 08, 001 Mẫu số 08'],
  'mailboxes-revoke': [5, 5, 0, '000 không đánh số, 001 Mẫu số 09'],
  'mailboxes-new-units': [3, 3, 0, '000 không đánh số, mục 1, 001 Mẫu số 10, mục 1'],
  'mailboxes-new-persons': [5, 5, 0, '000 không đánh số, mục 2, 001 Mẫu số 10, mục 2'],
  'personal-certificate-list': [11, 13, 9, '003 Mẫu 01'],
  'organisation-certificate-list': [8, 8, 9, '003 Mẫu 02'],
  'certificate-renewal-list': [8, 9, 9, '003 Mẫu 03'],
  'certificate-revocation-list': [10, 12, 9, '003 Mẫu 04'],
  'token-loss-report': [19, 19, 0, '003 Mẫu 06'],
  'token-recovery-list': [3, 5, 7, '003 Mẫu 07, 003 Mẫu 05'],
  'unit-inventory': [8, 8, 0, '002 Phụ lục 01'],
  'person-inventory': [7, 8, 0, '002 Phụ lục 02'],
  'usage-self-assessment': [7, 7, 0, '002 Phụ lục 03'],
};

test('ok: the catalog holds every request form of the seeds, each id once', () => {
  assert.deepEqual(FORMS.map((f) => f.id).sort(), Object.keys(SHAPES).sort());
  assert.equal(new Set(FORMS.map((f) => f.id)).size, FORMS.length);
});

test('ok: each form has the columns, row fields, header fields and sources the seed prints', () => {
  for (const [id, [columns, fields, header, sources]] of Object.entries(SHAPES)) {
    const f = form(id);
    assert.equal(f.columns.length, columns, `${id} columns`);
    assert.equal(rowFields(f).length, fields, `${id} row fields`);
    assert.equal(f.header.length, header, `${id} header`);
    assert.equal(f.sources.map((s) => `${s.seed} ${s.number}`).join(', '), sources, id);
  }
});

test('ok: keys are unique within a row and within a header; rules and the count name real fields', () => {
  for (const f of FORMS) {
    const keys = rowFields(f).map((x) => x.key);
    assert.equal(new Set(keys).size, keys.length, f.id);
    assert.equal(new Set(f.header.map((x) => x.key)).size, f.header.length, f.id);
    for (const rule of f.rules) {
      const named = rule.kind === 'date-order' ? [rule.before, rule.after] : rule.kind === 'required-if' ? [rule.field, rule.when] : rule.fields;
      for (const k of named) assert.ok(keys.includes(k), `${f.id}: rule names ${k}`);
    }
    if (f.countKey) assert.equal(f.header.find((x) => x.key === f.countKey)?.kind, 'count', f.id);
    if (f.mailboxHolderField) assert.equal(rowFields(f).find((x) => x.key === f.mailboxHolderField)?.kind, 'official-email', f.id);
    for (const x of [...rowFields(f), ...f.header]) if (x.kind === 'choice') assert.ok((x.options?.length ?? 0) >= 2, `${f.id}.${x.key}`);
  }
});

test('ok: seed 000 Mẫu 01 personal certificate, line by line', () => {
  assert.deepEqual(columnLabels(form('personal-certificate')), [
    'Họ và tên (chữ in hoa)', 'Giới tính', 'Ngày sinh', 'Nơi sinh', 'Số CMND/CCCD/Hộ chiếu', 'Ngày cấp', 'Nơi cấp',
    'Địa chỉ thư điện tử công vụ (1)', 'Cơ quan, tổ chức công tác', 'Địa chỉ', 'Chức vụ', 'Số điện thoại di động', 'SIM PKI (2)',
    'Số hiệu chứng thư số cũ (nếu có)', 'Ngày cấp', 'Ngày hết hạn',
  ]);
  const f = form('personal-certificate');
  assert.equal(f.title, 'ĐỀ NGHỊ CẤP CHỨNG THƯ SỐ CHO CÁ NHÂN');
  assert.equal(rowFields(f)[0]!.kind, 'upper-name');
  assert.equal(f.mailboxHolderField, 'email');
  assert.deepEqual(rowFields(f).filter((x) => !x.required).map((x) => x.key), ['simPki', 'oldCertificateSerial', 'oldCertificateIssuedOn', 'oldCertificateExpiresOn']);
});

test('ok: seed 000 Mẫu 02-05 keep their own order', () => {
  assert.deepEqual(columnLabels(form('organisation-certificate')).slice(0, 6),
    ['Tên cơ quan, tổ chức được cấp chứng thư số', 'Địa chỉ', 'Mã số thuế', 'Mã quan hệ ngân sách', 'Tỉnh/Thành phố', 'Địa chỉ thư điện tử công vụ (1)']);
  const renewal = columnLabels(form('certificate-renewal'));
  assert.deepEqual([renewal[0], renewal[1], renewal[2], renewal[6]], ['Loại chứng thư số', 'Tên chứng thư số (1)', 'Số điện thoại di động (2)', 'Địa chỉ thư điện tử công vụ (3)']);
  assert.deepEqual(form('certificate-renewal').columns.slice(7).map((c) => ('label' in c ? c.label : '')),
    ['Gia hạn chứng thư số', 'Thay đổi nội dung thông tin chứng thư số', 'Thông tin cần thay đổi', 'Thông tin mới']);
  const revocation = columnLabels(form('certificate-revocation'));
  assert.deepEqual(revocation.slice(7, 11), ['Chức vụ', 'Cơ quan, tổ chức công tác', 'Số điện thoại di động', 'Tên chứng thư số (1)']);
  assert.deepEqual(revocation.slice(14), ['Mã số thuế (3)', 'Mã quan hệ ngân sách (4)', 'Địa chỉ thư điện tử công vụ (5)', 'Số hiệu chứng thư số', 'Số hiệu Thiết bị lưu khóa bí mật', 'Số điện thoại di động (6)', 'Lý do thu hồi']);
  // Mẫu 05 puts the workplace before the position, unlike Mẫu 04.
  assert.deepEqual(columnLabels(form('token-recovery')).slice(7), ['Cơ quan, tổ chức công tác', 'Chức vụ', 'Số điện thoại di động', 'Số hiệu Thiết bị lưu khóa bí mật', 'Tên chứng thư số (1)', 'Địa chỉ thư điện tử công vụ (2)']);
});

test('ok: seed 000/001 account and mailbox lists', () => {
  assert.deepEqual(columnLabels(form('document-accounts-new')), ['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị công tác', 'Số Điện thoại liên hệ', 'Ghi chú']);
  assert.deepEqual(columnLabels(form('document-accounts-revoke')), ['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị công tác', 'Tên tài khoản', 'Lý do thu hồi', 'Ghi chú']);
  assert.deepEqual(columnLabels(form('document-accounts-mobile')), ['STT', 'Họ và tên', 'Chức vụ', 'Đơn vị công tác', 'Tên tài khoản', 'Ghi chú']);
  assert.deepEqual(columnLabels(form('mailboxes-revoke')), ['STT', 'Họ và tên', 'Đơn vị công tác', 'Tài khoản thư điện tử', 'Ghi chú']);
  assert.deepEqual(columnLabels(form('mailboxes-new-units')), ['STT', 'Tên cơ quan, đơn vị', 'Ghi chú']);
  assert.deepEqual(columnLabels(form('mailboxes-new-persons')), ['STT', 'Họ và tên', 'Đơn vị công tác', 'Chức vụ', 'Ghi chú']);
  assert.deepEqual(['document-accounts-new', 'document-accounts-revoke', 'document-accounts-mobile'].map((id) => form(id).header[0]!.label),
    ['Số lượng cấp bổ sung', 'Số lượng thu hồi', 'Số lượng tài khoản']);
});

test('ok: seed 003 batch tables, groups included', () => {
  assert.deepEqual(columnLabels(form('personal-certificate-list')), [
    'TT', 'Họ và tên', 'Ngày sinh', 'Số CMND/ CCCD/Hộ chiếu; Ngày cấp, nơi cấp', 'Địa chỉ thư điện tử công vụ (1)', 'Tên cơ quan, tổ chức công tác',
    'Tỉnh/Thành phố (2)', 'Chức vụ', 'Số điện thoại di động', 'Số hiệu chứng thư số cũ (nếu có)', 'SIM PKI (3)',
  ]);
  assert.deepEqual(columnLabels(form('organisation-certificate-list')), ['TT', 'Tên cơ quan, tổ chức', 'Địa chỉ', 'Mã số thuế', 'Mã quan hệ ngân sách', 'Tỉnh/Thành phố (1)', 'Địa chỉ thư điện tử công vụ (2)', 'Số hiệu chứng thư số cũ (nếu có)']);
  assert.deepEqual(columnLabels(form('certificate-renewal-list')).slice(5), ['Thông tin cần thay đổi (3)', 'Thông tin mới (4)', 'Dịch vụ yêu cầu (5)']);
  assert.deepEqual(rowFields(form('certificate-renewal-list')).slice(7).map((x) => x.label), ['Gia hạn (6)', 'Thay đổi thông tin (7)']);
  assert.deepEqual(columnLabels(form('certificate-revocation-list')), [
    'TT', 'Tên chứng thư số', 'Số CMND/CCCD/ Hộ chiếu; Ngày cấp, nơi cấp (1)', 'Mã số thuế (2)', 'Mã quan hệ ngân sách (3)', 'Địa chỉ thư điện tử công vụ (4)',
    'Số hiệu chứng thư số', 'Số hiệu thiết bị lưu khóa bí mật', 'Số điện thoại di động (5)', 'Lý do thu hồi',
  ]);
  assert.deepEqual(form('certificate-revocation-list').header.map((x) => x.label).slice(-2), ['Địa chỉ thu hồi', 'Số lượng và danh sách thu hồi']);
  assert.deepEqual(rowFields(form('token-recovery-list')).map((x) => x.label), ['TT', 'Số hiệu Thiết bị lưu khóa bí mật', 'Tên chứng thư số (1)', 'Cơ quan, tổ chức công tác', 'Địa chỉ thư điện tử công vụ']);
  assert.equal(form('token-recovery-list').header.at(-1)!.label, 'Số điện thoại cơ quan');
  const report = rowFields(form('token-loss-report')).map((x) => x.label);
  assert.deepEqual(report.slice(-5), ['Tên chứng thư số (1)', 'Số hiệu chứng thư số', 'Số hiệu Thiết bị lưu khóa bí mật', 'Địa chỉ thư điện tử công vụ (2)', 'Lý do thất lạc']);
});

test('ok: seed 002 annexes as the prose lists them', () => {
  assert.deepEqual(columnLabels(form('unit-inventory')).slice(0, 7),
    ['Tên cơ quan, đơn vị', 'Mã số thuế', 'Mã quan hệ ngân sách', 'Tên hòm thư công vụ', 'Số hiệu chứng thư số', 'Số hiệu Thiết bị của chữ ký số đã cấp', 'Tình trạng sử dụng']);
  assert.deepEqual(columnLabels(form('person-inventory')), ['Họ và tên', 'Chức vụ', 'Đơn vị công tác', 'Ngày sinh', 'Số điện thoại chính chủ', 'Căn cước công dân có ngày cấp', 'Mã số thuế']);
  const usage = rowFields(form('usage-self-assessment')).find((x) => x.key === 'usageStatus')!;
  assert.deepEqual(usage.options?.map((o) => o.label), ['Thường xuyên sử dụng', 'Ít sử dụng', 'Đề nghị huỷ']);
  assert.deepEqual(rowFields(form('usage-self-assessment')).filter((x) => x.inferred).map((x) => x.key), ['fullName', 'workplace']);
});

const SEEDS = new URL('../../../../shared/seeds/', import.meta.url);
const SEED_FILES: Record<string, string> = { '000': '000_6ded9c411a042297.txt', '002': '002_fc8dd0b95239d399.txt', '003': '003_2b40f94ee56c39b8.txt' };
const squash = (s: string) => s.replace(/\*\*/g, '').replace(/\s+/g, ' ').toLowerCase();

const hasSeeds = existsSync(SEEDS);
test('shared/seeds is beside this checkout for the label check', () => {
  if (!hasSeeds && process.env.CI) assert.fail(`shared/seeds is required under CI (looked in ${SEEDS.pathname})`);
});

// Seed 001 is OCR without diacritics, so the labels are read against 000, 002 and 003.
test('ok: every title, label, note and option is printed in one of the form\'s seeds', { skip: !hasSeeds && 'shared/seeds is not beside this checkout' }, () => {
  const text = Object.fromEntries(Object.entries(SEED_FILES).map(([id, file]) => [id, squash(readFileSync(new URL(file, SEEDS), 'utf8'))]));
  for (const f of FORMS) {
    const seeds = f.sources.map((s) => text[s.seed]).filter((t): t is string => t !== undefined);
    const printed = (s: string) => seeds.some((t) => t.includes(squash(s)));
    const words = [f.title, ...(f.family === 'inventory' ? [] : [f.subject ?? '']), ...columnLabels(f)];
    for (const x of [...rowFields(f), ...f.header]) words.push(x.label, x.of ?? '', x.note ?? '', ...(x.options ?? []).map((o) => o.label));
    for (const w of words) assert.ok(printed(w), `${f.id}: "${w}" is not in its seed`);
  }
});
