/** Builders and the fields the seeds repeat from form to form. @internal */
import type { ChoiceOption, ColumnGroup, FieldDef, FieldKind, FormRule } from './form-types.ts';

type Extra = Omit<Partial<FieldDef>, 'key' | 'label' | 'kind' | 'required'>;

export const req = (key: string, label: string, kind: FieldKind, extra: Extra = {}): FieldDef => ({ key, label, kind, required: true, ...extra });
export const opt = (key: string, label: string, kind: FieldKind, extra: Extra = {}): FieldDef => ({ key, label, kind, required: false, ...extra });
export const group = (label: string, cell: ColumnGroup['cell'], parts: readonly FieldDef[]): ColumnGroup => ({ group: label, cell, parts });

export const together = (...fields: string[]): FormRule => ({ kind: 'together', fields });
export const atLeastOne = (...fields: string[]): FormRule => ({ kind: 'at-least-one', fields });
export const dateOrder = (before: string, after: string): FormRule => ({ kind: 'date-order', before, after });
export const requiredIf = (field: string, when: string, equals?: string | boolean): FormRule =>
  equals === undefined ? { kind: 'required-if', field, when } : { kind: 'required-if', field, when, equals };

export const GENDER: readonly ChoiceOption[] = [{ value: 'male', label: 'Nam' }, { value: 'female', label: 'Nữ' }];

export const CERTIFICATE_TYPE: readonly ChoiceOption[] = [
  { value: 'person', label: 'Cá nhân' },
  { value: 'organisation', label: 'Cơ quan, tổ chức' },
  { value: 'device', label: 'Thiết bị, dịch vụ, phần mềm' },
];

/** Seed 002 §1.2: "Thường xuyên sử dụng/Ít sử dụng/Đề nghị huỷ-Lý do huỷ (nghỉ hưu, chuyển công tác)". */
export const USAGE_STATUS: readonly ChoiceOption[] = [
  { value: 'frequent', label: 'Thường xuyên sử dụng' },
  { value: 'rare', label: 'Ít sử dụng' },
  { value: 'cancel', label: 'Đề nghị huỷ' },
];

export const NOTE_SIM_PKI = 'SIM PKI là thiết bị thẻ SIM điện thoại có chức năng lưu khóa bí mật phục vụ ký số dữ liệu trên thiết bị di động đảm bảo an toàn. Nếu Thuê bao muốn đăng ký sử dụng SIM PKI thì điền thông tin nhà mạng viễn thông (Viettel, Vinaphone, Mobifone); Thuê bao muốn chuyển số đang sử dụng sang SIM PKI thì ghi thêm ký hiệu “cs” (Ví dụ: Viettel/cs).';
export const NOTE_CERTIFICATE_NAME = 'Tên cá nhân hoặc cơ quan, tổ chức hoặc thiết bị, dịch vụ, phần mềm đã đăng ký trong đề nghị cấp chứng thư số.';
export const NOTE_SUBSCRIBER_EMAIL = 'Địa chỉ thư điện tử của Thuê bao đã đăng ký trong đề nghị cấp chứng thư số.';

const ID = 'Số CMND/CCCD/Hộ chiếu';

/** Số CMND/CCCD/Hộ chiếu, Ngày cấp, Nơi cấp: the three always travel together. */
export function idPapers(prefix: string, idLabel = ID, required = true): FieldDef[] {
  const make = required ? req : opt;
  return [
    make(`${prefix}IdNumber`, idLabel, 'id-number'),
    make(`${prefix}IdIssuedOn`, 'Ngày cấp', 'date', { of: idLabel, notAfterToday: true }),
    make(`${prefix}IdIssuedAt`, 'Nơi cấp', 'text', { of: idLabel }),
  ];
}

/** Seed 000 Mẫu 01, 04, 05 open with the same lines about the person. */
export const personOpening = (): FieldDef[] => [
  req('fullName', 'Họ và tên (chữ in hoa)', 'upper-name'),
  req('gender', 'Giới tính', 'choice', { options: GENDER }),
  req('birthDate', 'Ngày sinh', 'date', { notAfterToday: true }),
  req('birthPlace', 'Nơi sinh', 'text'),
  ...idPapers('person'),
];

/** The old certificate line: "Số hiệu chứng thư số cũ (nếu có): Ngày cấp: Ngày hết hạn:". */
export const oldCertificate = (): FieldDef[] => [
  opt('oldCertificateSerial', 'Số hiệu chứng thư số cũ (nếu có)', 'certificate-serial'),
  opt('oldCertificateIssuedOn', 'Ngày cấp', 'date', { of: 'Số hiệu chứng thư số cũ', notAfterToday: true }),
  opt('oldCertificateExpiresOn', 'Ngày hết hạn', 'date', { of: 'Số hiệu chứng thư số cũ' }),
];
export const OLD_CERTIFICATE_RULES: readonly FormRule[] = [
  together('oldCertificateSerial', 'oldCertificateIssuedOn', 'oldCertificateExpiresOn'),
  dateOrder('oldCertificateIssuedOn', 'oldCertificateExpiresOn'),
];

export const rowNumber = (label: 'STT' | 'TT'): FieldDef => opt('rowNumber', label, 'row-number');
export const remark = (): FieldDef => opt('remark', 'Ghi chú', 'text', { max: 500 });
