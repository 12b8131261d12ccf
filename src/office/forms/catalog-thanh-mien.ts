/**
 * Thanh Miện's inventory of mailboxes (Hmail) and certificates (seed 002). The letter names the columns of
 * its annexes in prose only (the sheets themselves were a shared spreadsheet): Phụ lục 01 for units, 02 for
 * persons, 03 for each person's self-assessment of use. Annexes 04 and 05 (change requests) are named but
 * their columns are not given, so they are not here. "Chưa được cấp để trống": the mailbox and
 * certificate columns may stay empty. @internal
 */
import { group, opt, req, requiredIf, USAGE_STATUS } from './catalog-fields.ts';
import type { FieldDef, FormDef } from './form-types.ts';

const usage = (): FieldDef[] => [
  opt('usageStatus', 'Tình trạng sử dụng', 'choice', { options: USAGE_STATUS }),
  opt('cancelReason', 'Lý do huỷ', 'text', { max: 500, note: 'nghỉ hưu, chuyển công tác' }),
];
const issued = (mailboxLabel: string): FieldDef[] => [
  opt('mailbox', mailboxLabel, 'mail-account'),
  opt('certificateSerial', 'Số hiệu chứng thư số', 'certificate-serial'),
  opt('tokenSerial', 'Số hiệu Thiết bị của chữ ký số đã cấp', 'token-serial'),
];
const CANCEL_NEEDS_REASON = requiredIf('cancelReason', 'usageStatus', 'cancel');

export const UNIT_INVENTORY: FormDef = {
  id: 'unit-inventory', title: 'Phụ lục 01', subject: 'Dữ liệu Hmail và chữ ký số của cơ quan, đơn vị', family: 'inventory', shape: 'list',
  sources: [{ seed: '002', number: 'Phụ lục 01' }], header: [],
  columns: [
    req('unitName', 'Tên cơ quan, đơn vị', 'text'),
    req('taxCode', 'Mã số thuế', 'tax-code', { taxHolder: 'organisation' }),
    req('budgetCode', 'Mã quan hệ ngân sách', 'budget-code'),
    ...issued('Tên hòm thư công vụ'),
    ...usage().map((f) => (f.key === 'cancelReason' ? { ...f, inferred: 'the levels of use are given for persons (§1.2); units get the same, with the reason to cancel' } : f)),
  ],
  rules: [requiredIf('usageStatus', 'mailbox'), requiredIf('usageStatus', 'certificateSerial'), CANCEL_NEEDS_REASON],
};

export const PERSON_INVENTORY: FormDef = {
  id: 'person-inventory', title: 'Phụ lục 02', subject: 'Dữ liệu cá nhân', family: 'inventory', shape: 'list',
  sources: [{ seed: '002', number: 'Phụ lục 02' }], header: [],
  columns: [
    req('fullName', 'Họ và tên', 'person-name'),
    req('position', 'Chức vụ', 'text'),
    req('workplace', 'Đơn vị công tác', 'text'),
    req('birthDate', 'Ngày sinh', 'date', { notAfterToday: true }),
    req('mobile', 'Số điện thoại chính chủ', 'mobile-phone'),
    group('Căn cước công dân có ngày cấp', 'split', [
      req('citizenId', 'Căn cước công dân', 'id-number', { idKinds: ['cccd'] }),
      req('citizenIdIssuedOn', 'Ngày cấp', 'date', { of: 'Căn cước công dân', notAfterToday: true }),
    ]),
    req('taxCode', 'Mã số thuế', 'tax-code', { taxHolder: 'person' }),
  ],
  rules: [{ kind: 'date-order', before: 'birthDate', after: 'citizenIdIssuedOn' }],
};

const LINK = 'names the person so the row joins Phụ lục 02; the seed lists only what is assessed';

export const USAGE_SELF_ASSESSMENT: FormDef = {
  id: 'usage-self-assessment', title: 'Phụ lục 03', subject: 'Tự đánh giá tình trạng sử dụng Hmail và chữ ký số', family: 'inventory', shape: 'list',
  sources: [{ seed: '002', number: 'Phụ lục 03' }], header: [],
  columns: [
    req('fullName', 'Họ và tên', 'person-name', { inferred: LINK }),
    req('workplace', 'Đơn vị công tác', 'text', { inferred: LINK }),
    ...issued('Tên Hmail'),
    ...usage().map((f) => (f.key === 'usageStatus' ? { ...f, required: true } : f)),
  ],
  rules: [CANCEL_NEEDS_REASON],
};

export const THANH_MIEN_FORMS: readonly FormDef[] = [UNIT_INVENTORY, PERSON_INVENTORY, USAGE_SELF_ASSESSMENT];
