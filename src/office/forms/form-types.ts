/**
 * The shape of the administration forms annexed to the seed letters (docs/domain.md "The forms").
 * A form is data: the list/XLSX writer, the web UI and the validator all read the same definition,
 * so a column is named, ordered and checked in one place.
 */

/** Seed files in shared/seeds, by their number prefix (000_…txt). 001 is the signed, OCR'd print of 000. */
export type SeedId = '000' | '001' | '002' | '003';

export type FieldKind =
  | 'text'
  | 'person-name' // letters, spaces, . ' - only
  | 'upper-name' // a person name the form asks "(chữ in hoa)"
  | 'official-email' // thư điện tử công vụ: free providers refused
  | 'mail-account' // an official mailbox, written as its local part (khoasa.sonbinh) or in full
  | 'account-name' // an account of the document system
  | 'id-number' // CMND (9), CCCD (12), passport (letter + 7 digits)
  | 'tax-code' // mã số thuế
  | 'budget-code' // mã quan hệ ngân sách (7 digits)
  | 'mobile-phone'
  | 'phone' // mobile or landline
  | 'date'
  | 'choice'
  | 'sim-pki' // operator, "/cs" to move the current number onto a SIM PKI
  | 'certificate-serial'
  | 'token-serial'
  | 'checkbox'
  | 'count' // "Số lượng …" above a list
  | 'row-number'; // STT / TT, written by the list itself

export type IdKind = 'cmnd' | 'cccd' | 'passport';

export interface ChoiceOption {
  readonly value: string; // stable key stored and exported
  readonly label: string; // as printed in the seed
}

export interface FieldDef {
  readonly key: string;
  /** Exactly as printed in the seed, footnote marks included. */
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** The label this field belongs to, for labels the form repeats ("Ngày cấp" of the ID card or of the old certificate). */
  readonly of?: string;
  /** The seed's own footnote for this field, verbatim. */
  readonly note?: string;
  /** Upper bound in characters after cleaning; each kind has a default. */
  readonly max?: number;
  readonly multiline?: boolean;
  readonly options?: readonly ChoiceOption[];
  readonly idKinds?: readonly IdKind[];
  /** Since 1/7/2025 a person's tax code is their 12-digit personal number (Thông tư 86/2024/TT-BTC). */
  readonly taxHolder?: 'organisation' | 'person';
  /** Birth and issue dates cannot lie after the day the form is filled (checked when `today` is given). */
  readonly notAfterToday?: boolean;
  /** Set when the seed does not print this column and it was added (the reason says why). */
  readonly inferred?: string;
}

/** Several fields under one printed heading: sub-columns ("Dịch vụ yêu cầu (5)") or one joined cell ("…; Ngày cấp, nơi cấp"). */
export interface ColumnGroup {
  readonly group: string;
  readonly cell: 'split' | 'joined';
  readonly parts: readonly FieldDef[];
}

export type Column = FieldDef | ColumnGroup;

/** A checkbox counts as filled when ticked; a choice rule may name the option that triggers it. */
export type FormRule =
  | { readonly kind: 'together'; readonly fields: readonly string[] }
  | { readonly kind: 'at-least-one'; readonly fields: readonly string[] }
  | { readonly kind: 'required-if'; readonly field: string; readonly when: string; readonly equals?: string | boolean }
  | { readonly kind: 'date-order'; readonly before: string; readonly after: string };

export interface FormSource {
  readonly seed: SeedId;
  /** The form's number as the seed writes it ("Mẫu 01", "Mẫu số 09", "Phụ lục 02"), or "không đánh số". */
  readonly number: string;
}

export type FormFamily = 'certificate' | 'account' | 'mailbox' | 'inventory';

export interface FormDef {
  readonly id: string;
  /** The form's heading as printed in the seed. */
  readonly title: string;
  /** The covering letter's "V/v …" line, or a description when the seed prints no heading. */
  readonly subject?: string;
  readonly family: FormFamily;
  /** A record is one filled sheet (one person, one certificate); a list is a header and rows. */
  readonly shape: 'record' | 'list';
  readonly sources: readonly FormSource[];
  /** Filled once per letter or list (the receiving contact, "Số lượng …"). */
  readonly header: readonly FieldDef[];
  /** The row's columns in the seed's order. */
  readonly columns: readonly Column[];
  readonly rules: readonly FormRule[];
  /** The header field that states how many rows follow. */
  readonly countKey?: string;
  /** Seed 000 note: only holders of an official mailbox may ask for a personal certificate. */
  readonly mailboxHolderField?: string;
}
