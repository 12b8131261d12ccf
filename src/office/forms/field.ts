/**
 * One field of one entry: coerce what arrived (JSON, a spreadsheet cell), clean the text, then apply the
 * field's kind. Never throws: any input ends as a value or a problem code.
 */
import { searchTokens } from '../../shared/fold.ts';
import type { FieldDef, FieldKind } from './form-types.ts';
import { checkDate, dateCellText } from './kinds-date.ts';
import { checkAccountName, checkMailAccount, checkOfficialEmail, checkPhone } from './kinds-contact.ts';
import { checkBudgetCode, checkCertificateSerial, checkIdNumber, checkName, checkSimPki, checkTaxCode, checkTokenSerial } from './kinds-identity.ts';
import { accept, refuse, type FieldOutcome, type FormValidationOptions } from './outcome.ts';
import { cleanText } from './text.ts';

const DEFAULT_MAX: Readonly<Record<FieldKind, number>> = {
  'text': 300, 'person-name': 100, 'upper-name': 100, 'official-email': 254, 'mail-account': 254, 'account-name': 64,
  'id-number': 20, 'tax-code': 20, 'budget-code': 12, 'mobile-phone': 20, 'phone': 20, 'date': 30, 'choice': 100,
  'sim-pki': 30, 'certificate-serial': 80, 'token-serial': 80, 'checkbox': 10, 'count': 10, 'row-number': 10,
};
const MULTILINE_MAX = 2000;

export const maxLength = (field: FieldDef): number => field.max ?? (field.multiline ? MULTILINE_MAX : DEFAULT_MAX[field.kind]);

const TICKED = new Set(['x', '✓', '✔', '☑', '☒', 'co', '1', 'true']);
const UNTICKED = new Set(['', '0', 'false', 'khong']);

function checkCheckbox(raw: unknown): FieldOutcome {
  if (raw === undefined || raw === null || typeof raw === 'boolean') return accept(raw === true);
  if (typeof raw !== 'string' && typeof raw !== 'number') return refuse('FORM_TYPE_INVALID');
  const folded = searchTokens(String(raw).slice(0, 20)).join(' ') || String(raw).trim().slice(0, 20);
  if (TICKED.has(folded) || TICKED.has(String(raw).trim())) return accept(true);
  return UNTICKED.has(folded) ? accept(false) : refuse('FORM_CHECKBOX_INVALID');
}

/** Text of a scalar; numbers arrive from spreadsheet cells, Dates only make sense for date fields. */
function rawText(raw: unknown, field: FieldDef): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (raw instanceof Date && field.kind === 'date') return dateCellText(raw) ?? 'invalid';
  return undefined;
}

const foldedKey = (text: string) => searchTokens(text).join(' ');

function checkChoice(text: string, field: FieldDef): FieldOutcome {
  const options = field.options ?? [];
  const key = foldedKey(text);
  const hit = options.find((o) => o.value === text || foldedKey(o.label) === key);
  return hit ? accept(hit.value) : refuse('FORM_OPTION_INVALID', { options: options.map((o) => `"${o.label}"`).join(', ') });
}

function checkWholeNumber(text: string): FieldOutcome {
  return /^\d{1,7}$/.test(text) ? accept(Number(text)) : refuse('FORM_NUMBER_INVALID');
}

function checkKind(text: string, field: FieldDef, options: FormValidationOptions): FieldOutcome {
  switch (field.kind) {
    case 'text': return accept(text);
    case 'person-name': return checkName(text, false);
    case 'upper-name': return checkName(text, true);
    case 'official-email': return checkOfficialEmail(text, options);
    case 'mail-account': return checkMailAccount(text, options);
    case 'account-name': return checkAccountName(text);
    case 'id-number': return checkIdNumber(text, field);
    case 'tax-code': return checkTaxCode(text, field);
    case 'budget-code': return checkBudgetCode(text);
    case 'mobile-phone': return checkPhone(text, true);
    case 'phone': return checkPhone(text, false);
    case 'date': return checkDate(text, field.notAfterToday ? options.today : undefined);
    case 'choice': return checkChoice(text, field);
    case 'sim-pki': return checkSimPki(text);
    case 'certificate-serial': return checkCertificateSerial(text);
    case 'token-serial': return checkTokenSerial(text);
    case 'count': case 'row-number': return checkWholeNumber(text);
    case 'checkbox': return checkCheckbox(text);
  }
}

export function checkField(raw: unknown, field: FieldDef, options: FormValidationOptions): FieldOutcome {
  if (field.kind === 'checkbox') return checkCheckbox(raw);
  if (raw === undefined || raw === null) return field.required ? refuse('FORM_REQUIRED') : accept(undefined);
  const text = rawText(raw, field);
  if (text === undefined) return refuse('FORM_TYPE_INVALID');
  const max = maxLength(field);
  const cleaned = cleanText(text, max, field.multiline);
  if (!cleaned.ok) return cleaned.reason === 'too-long' ? refuse('FORM_TOO_LONG', { max }) : refuse('FORM_CONTROL_CHARS');
  if (cleaned.text === '') return field.required ? refuse('FORM_REQUIRED') : accept(undefined);
  return checkKind(cleaned.text, field, options);
}
