/**
 * Problems with a form entry are data handed back to the person filling the form, never thrown:
 * a stable code, the field's key, and a Vietnamese message naming the field as the seed prints it.
 * The catalog follows office.errors.ts ({named} params, vi + en) so the UI can localise either way.
 */
import { localiseMessage, type Catalog, type Lang, type Params } from '../../shared/coded-error.ts';

export const FORM_PROBLEM_MESSAGES = {
  FORM_ENTRY_INVALID: { vi: 'Dữ liệu gửi lên không phải một dòng của biểu mẫu.', en: 'The data is not a form entry.' },
  FORM_FIELD_UNKNOWN: { vi: 'Biểu mẫu không có ô "{label}".', en: 'The form has no field "{label}".' },
  FORM_TYPE_INVALID: { vi: 'Ô "{label}" chỉ nhận chữ hoặc số.', en: '"{label}" takes text or a number only.' },
  FORM_REQUIRED: { vi: 'Cần ghi "{label}".', en: '"{label}" is required.' },
  FORM_TOO_LONG: { vi: 'Ô "{label}" dài quá {max} ký tự.', en: '"{label}" is longer than {max} characters.' },
  FORM_CONTROL_CHARS: { vi: 'Ô "{label}" có ký tự điều khiển hoặc ký tự ẩn; hãy gõ lại thay vì dán.', en: '"{label}" holds control or invisible characters; type it instead of pasting.' },
  FORM_NAME_INVALID: { vi: 'Ô "{label}" chỉ gồm chữ cái, dấu cách, dấu chấm, dấu nháy hoặc gạch nối.', en: '"{label}" takes letters, spaces, dots, apostrophes and hyphens only.' },
  FORM_NAME_NOT_UPPER: { vi: 'Ô "{label}" cần viết bằng chữ in hoa (ví dụ NGUYỄN VĂN A).', en: '"{label}" must be written in capitals (e.g. NGUYỄN VĂN A).' },
  FORM_EMAIL_INVALID: { vi: 'Ô "{label}": "{value}" không phải địa chỉ thư điện tử hợp lệ.', en: '"{label}": "{value}" is not a valid e-mail address.' },
  FORM_EMAIL_FREE_PROVIDER: {
    vi: 'Ô "{label}": không dùng hộp thư miễn phí ({provider}); chỉ nhận thư điện tử công vụ do cơ quan nhà nước cấp (@{domains}).',
    en: '"{label}": free mail providers ({provider}) are refused; only official mailboxes (@{domains}).',
  },
  FORM_EMAIL_NOT_OFFICIAL: {
    vi: 'Ô "{label}": "{domain}" không phải tên miền thư điện tử công vụ (@{domains}).',
    en: '"{label}": "{domain}" is not an official mail domain (@{domains}).',
  },
  FORM_MAIL_ACCOUNT_INVALID: { vi: 'Ô "{label}": tên hộp thư gồm chữ thường không dấu, chữ số, dấu chấm, gạch nối hoặc gạch dưới (ví dụ khoasa.sonbinh).', en: '"{label}": a mailbox name is lower-case letters, digits, dots, hyphens or underscores (e.g. khoasa.sonbinh).' },
  FORM_ACCOUNT_INVALID: { vi: 'Ô "{label}": tên tài khoản gồm 2–64 chữ cái không dấu, chữ số, dấu chấm, gạch nối, gạch dưới hoặc @.', en: '"{label}": an account name is 2-64 ASCII letters, digits, dots, hyphens, underscores or @.' },
  FORM_ID_NUMBER_INVALID: { vi: 'Ô "{label}": cần {accepted}.', en: '"{label}": expected {acceptedEn}.' },
  FORM_TAX_CODE_INVALID: {
    vi: 'Ô "{label}": mã số thuế gồm 10 chữ số, hoặc 13 chữ số viết 10 số - 3 số (ví dụ 0101234567-001){person}.',
    en: '"{label}": a tax code is 10 digits, or 13 written as 10 digits - 3 digits (e.g. 0101234567-001){personEn}.',
  },
  FORM_BUDGET_CODE_INVALID: { vi: 'Ô "{label}": mã quan hệ ngân sách gồm 7 chữ số.', en: '"{label}": a budget relationship code is 7 digits.' },
  FORM_PHONE_INVALID: { vi: 'Ô "{label}": {expected}; có thể viết +84 thay cho số 0 đầu.', en: '"{label}": {expectedEn}; +84 may replace the leading 0.' },
  FORM_DATE_INVALID: { vi: 'Ô "{label}": cần một ngày có thật, viết ngày/tháng/năm (ví dụ 22/3/2021).', en: '"{label}": expected a real date written day/month/year (e.g. 22/3/2021).' },
  FORM_DATE_FUTURE: { vi: 'Ô "{label}": ngày {date} chưa đến.', en: '"{label}": {date} is in the future.' },
  FORM_DATE_ORDER: { vi: '"{label}" ({date}) không thể trước "{other}" ({otherDate}).', en: '"{label}" ({date}) cannot be before "{other}" ({otherDate}).' },
  FORM_OPTION_INVALID: { vi: 'Ô "{label}": chọn một trong {options}.', en: '"{label}": choose one of {options}.' },
  FORM_CHECKBOX_INVALID: { vi: 'Ô "{label}": đánh dấu "x" hoặc để trống.', en: '"{label}": mark with "x" or leave empty.' },
  FORM_SIM_PKI_INVALID: {
    vi: 'Ô "{label}": ghi tên nhà mạng (Viettel, Vinaphone, Mobifone); muốn chuyển số đang dùng sang SIM PKI thì ghi thêm "cs" (ví dụ Viettel/cs).',
    en: '"{label}": write the operator (Viettel, Vinaphone, Mobifone); add "cs" to move the current number onto a SIM PKI (e.g. Viettel/cs).',
  },
  FORM_SERIAL_INVALID: { vi: 'Ô "{label}": số hiệu chứng thư số là chuỗi hệ mười sáu (0-9, a-f), tối đa 40 ký tự.', en: '"{label}": a certificate serial is hexadecimal (0-9, a-f), at most 40 characters.' },
  FORM_TOKEN_SERIAL_INVALID: { vi: 'Ô "{label}": số hiệu thiết bị gồm 4–64 ký tự chữ, số, dấu chấm, gạch nối, hai chấm.', en: '"{label}": a token serial is 4-64 letters, digits, dots, dashes or colons.' },
  FORM_NUMBER_INVALID: { vi: 'Ô "{label}": cần một số nguyên không âm.', en: '"{label}": expected a whole number.' },
  FORM_REQUIRED_TOGETHER: { vi: 'Cần ghi "{label}" cùng với "{other}".', en: '"{label}" is required together with "{other}".' },
  FORM_ONE_OF_REQUIRED: { vi: 'Cần ghi ít nhất một trong: {labels}.', en: 'At least one of {labels} is required.' },
  FORM_REQUIRED_WHEN: { vi: 'Cần ghi "{label}" khi {condition}.', en: '"{label}" is required when {conditionEn}.' },
  FORM_LIST_EMPTY: { vi: 'Danh sách chưa có dòng nào.', en: 'The list has no rows.' },
  FORM_LIST_TOO_LONG: { vi: 'Danh sách dài quá {max} dòng; hãy chia thành nhiều danh sách.', en: 'The list has more than {max} rows; split it.' },
  FORM_COUNT_MISMATCH: { vi: '"{label}" ghi {count} nhưng danh sách có {rows} dòng.', en: '"{label}" says {count} but the list has {rows} rows.' },
  FORM_MAILBOX_MISSING: {
    vi: 'Chỉ cá nhân đã được cấp thư công vụ mới được đề nghị cấp chữ ký số: chưa có hộp thư "{email}" (ô "{label}").',
    en: 'Only holders of an official mailbox may ask for a personal certificate: no mailbox "{email}" ("{label}").',
  },
} as const satisfies Catalog;

export type FormProblemCode = keyof typeof FORM_PROBLEM_MESSAGES;

export interface FormProblem {
  /** The field's key ('' for the entry as a whole). */
  readonly field: string;
  readonly code: FormProblemCode;
  /** Vietnamese, for the person filling the form. */
  readonly message: string;
  readonly params: Params;
  /** 1-based row of a list, as STT counts. */
  readonly row?: number;
}

export const formProblem = (field: string, code: FormProblemCode, params: Params): FormProblem =>
  ({ field, code, message: localiseMessage(FORM_PROBLEM_MESSAGES, code, params, 'vi'), params });

export const localiseProblem = (problem: FormProblem, lang: Lang): string =>
  localiseMessage(FORM_PROBLEM_MESSAGES, problem.code, problem.params, lang);
