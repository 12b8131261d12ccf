/**
 * Account and mailbox lists annexed to Tam Đường's letter (seed 000; numbered Mẫu số 06-10 in the signed
 * print, seed 001, where the two mailbox lists carry 09 and 10 and seed 000 leaves them unnumbered).
 * Each row costs the province about 20,000 VND a year (seed 000 §3), hence the revoke lists. @internal
 */
import { remark, req, rowNumber } from './catalog-fields.ts';
import type { FieldDef, FormDef } from './form-types.ts';

const both = (number: string) => [{ seed: '000', number }, { seed: '001', number }] as const;
const name = () => req('fullName', 'Họ và tên', 'person-name');
const position = () => req('position', 'Chức vụ', 'text');
const workplace = () => req('workplace', 'Đơn vị công tác', 'text');
const account = () => req('account', 'Tên tài khoản', 'account-name');
const count = (label: string): FieldDef => req('count', label, 'count');

export const DOCUMENT_ACCOUNTS_NEW: FormDef = {
  id: 'document-accounts-new', title: 'Đề nghị cấp mới tài khoản trên hệ thống quản lý văn bản điều hành', family: 'account', shape: 'list',
  sources: both('Mẫu số 06'), header: [count('Số lượng cấp bổ sung')], countKey: 'count',
  columns: [rowNumber('STT'), name(), position(), workplace(), req('phone', 'Số Điện thoại liên hệ', 'phone'), remark()],
  rules: [],
};

export const DOCUMENT_ACCOUNTS_REVOKE: FormDef = {
  id: 'document-accounts-revoke', title: 'Đề nghị thu hồi tài khoản trên hệ thống quản lý văn bản điều hành', family: 'account', shape: 'list',
  sources: both('Mẫu số 07'), header: [count('Số lượng thu hồi')], countKey: 'count',
  columns: [rowNumber('STT'), name(), position(), workplace(), account(), req('reason', 'Lý do thu hồi', 'text', { max: 500 }), remark()],
  rules: [],
};

export const DOCUMENT_ACCOUNTS_MOBILE: FormDef = {
  id: 'document-accounts-mobile', title: 'Tài khoản trên hệ thống văn bản và điều hành đề nghị được chỉnh sửa trên thiết bị Ipad, điện thoại di động', family: 'account', shape: 'list',
  sources: both('Mẫu số 08'), header: [count('Số lượng tài khoản')], countKey: 'count',
  columns: [rowNumber('STT'), name(), position(), workplace(), account(), remark()],
  rules: [],
};

export const MAILBOXES_REVOKE: FormDef = {
  id: 'mailboxes-revoke', title: 'Tài khoản thư điện tử đề nghị thu hồi', family: 'mailbox', shape: 'list',
  sources: [{ seed: '000', number: 'không đánh số' }, { seed: '001', number: 'Mẫu số 09' }], header: [],
  columns: [
    rowNumber('STT'), name(), workplace(),
    req('mailAccount', 'Tài khoản thư điện tử', 'mail-account'),
    // The seed's sample rows give the reason here: "Chuyển công tác", "Đã nghỉ hưu".
    remark(),
  ],
  rules: [],
};

export const MAILBOXES_NEW_UNITS: FormDef = {
  id: 'mailboxes-new-units', title: 'Đề nghị cấp mới tài khoản thư điện tử công vụ cho các đơn vị', subject: 'Đề nghị cấp mới tài khoản thư điện tử công vụ', family: 'mailbox', shape: 'list',
  sources: [{ seed: '000', number: 'không đánh số, mục 1' }, { seed: '001', number: 'Mẫu số 10, mục 1' }], header: [],
  columns: [rowNumber('STT'), req('unitName', 'Tên cơ quan, đơn vị', 'text'), remark()],
  rules: [],
};

export const MAILBOXES_NEW_PERSONS: FormDef = {
  id: 'mailboxes-new-persons', title: 'Đề nghị cấp mới tài khoản thư điện tử công vụ cho các cá nhân', subject: 'Đề nghị cấp mới tài khoản thư điện tử công vụ', family: 'mailbox', shape: 'list',
  sources: [{ seed: '000', number: 'không đánh số, mục 2' }, { seed: '001', number: 'Mẫu số 10, mục 2' }], header: [],
  columns: [rowNumber('STT'), name(), workplace(), position(), remark()],
  rules: [],
};

export const TAM_DUONG_LIST_FORMS: readonly FormDef[] = [
  DOCUMENT_ACCOUNTS_NEW, DOCUMENT_ACCOUNTS_REVOKE, DOCUMENT_ACCOUNTS_MOBILE, MAILBOXES_REVOKE, MAILBOXES_NEW_UNITS, MAILBOXES_NEW_PERSONS,
];
