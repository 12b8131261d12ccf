/**
 * Validation of one entry of a form (a record, a list's row or its header) and of a whole list.
 * Problems are returned, never thrown; requireValidEntry is the one door that throws, for services that
 * need a clean value or nothing.
 */
import { OfficeError } from '../office.errors.ts';
import { rowFields } from './catalog.ts';
import { checkField } from './field.ts';
import type { FieldDef, FormDef } from './form-types.ts';
import type { CleanValue, FormValidationOptions } from './outcome.ts';
import { formProblem, type FormProblem } from './problems.ts';
import { applyRules, fieldLabel, type CleanEntry } from './rules.ts';

export type EntryResult = { readonly ok: true; readonly value: CleanEntry } | { readonly ok: false; readonly problems: readonly FormProblem[] };

export type EntryPart = 'row' | 'header';

const MAX_UNKNOWN_REPORTED = 5;
export const MAX_LIST_ROWS = 5000;

const isPlainObject = (x: unknown): x is Readonly<Record<string, unknown>> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date);

/** An unknown key is echoed in the message, so it is shortened and stripped of anything invisible. */
const printable = (key: string) => key.slice(0, 64).replace(/[\p{C}]/gu, '?');

const fieldsOf = (form: FormDef, part: EntryPart): readonly FieldDef[] => (part === 'header' ? form.header : rowFields(form));

export function validateEntry(form: FormDef, entry: unknown, options: FormValidationOptions, part: EntryPart = 'row'): EntryResult {
  if (!isPlainObject(entry)) return { ok: false, problems: [formProblem('', 'FORM_ENTRY_INVALID', {})] };
  const fields = fieldsOf(form, part);
  const known = new Map(fields.map((f) => [f.key, f]));
  const problems: FormProblem[] = Object.keys(entry).filter((k) => !known.has(k)).slice(0, MAX_UNKNOWN_REPORTED)
    .map((k) => formProblem(k.slice(0, 64), 'FORM_FIELD_UNKNOWN', { label: printable(k) }));
  const value: Record<string, CleanValue> = {};
  const failed = new Set<string>();
  for (const field of fields) {
    const outcome = checkField(Object.hasOwn(entry, field.key) ? entry[field.key] : undefined, field, options);
    if (!outcome.ok) {
      failed.add(field.key);
      problems.push(formProblem(field.key, outcome.code, { ...outcome.params, label: fieldLabel(field) }));
    } else if (outcome.value !== undefined) value[field.key] = outcome.value;
  }
  if (part === 'row') problems.push(...applyRules(form.rules, { fields: known, value, failed }));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

export interface ListInput { readonly header?: unknown; readonly rows: unknown }
export type ListResult =
  | { readonly ok: true; readonly value: { readonly header: CleanEntry; readonly rows: readonly CleanEntry[] } }
  | { readonly ok: false; readonly problems: readonly FormProblem[] };

/** A list: its header, each row (problems carry the 1-based row), and "Số lượng …" against the rows. */
export function validateList(form: FormDef, input: ListInput, options: FormValidationOptions): ListResult {
  const rows = isPlainObject(input) && Array.isArray(input.rows) ? input.rows : [];
  if (rows.length === 0) return { ok: false, problems: [formProblem('', 'FORM_LIST_EMPTY', {})] };
  if (rows.length > MAX_LIST_ROWS) return { ok: false, problems: [formProblem('', 'FORM_LIST_TOO_LONG', { max: MAX_LIST_ROWS })] };
  const header = validateEntry(form, input.header ?? {}, options, 'header');
  const problems: FormProblem[] = header.ok ? [] : [...header.problems];
  const clean: CleanEntry[] = [];
  rows.forEach((row, i) => {
    const result = validateEntry(form, row, options, 'row');
    if (result.ok) clean.push(result.value);
    else problems.push(...result.problems.map((p) => ({ ...p, row: i + 1 })));
  });
  const count = header.ok && form.countKey ? header.value[form.countKey] : undefined;
  if (typeof count === 'number' && count !== rows.length) {
    const label = form.header.find((f) => f.key === form.countKey)?.label ?? '';
    problems.push(formProblem(form.countKey!, 'FORM_COUNT_MISMATCH', { label, count, rows: rows.length }));
  }
  if (problems.length > 0 || !header.ok) return { ok: false, problems };
  return { ok: true, value: { header: header.value, rows: clean } };
}

/** For services: the clean entry, or OFFICE_FORM_INVALID naming the first problem (the full list stays in `cause`). */
export function requireValidEntry(form: FormDef, entry: unknown, options: FormValidationOptions): CleanEntry {
  const result = validateEntry(form, entry, options);
  if (result.ok) return result.value;
  throw new OfficeError('OFFICE_FORM_INVALID', { form: form.title, count: result.problems.length, first: result.problems[0]?.message ?? '' }, { cause: result.problems });
}
