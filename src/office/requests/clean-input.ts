/** Entries and headers through the forms module: clean values, or OFFICE_FORM_INVALID with every problem (row numbered) in `cause`. @internal */
import { sql } from 'kysely';
import { localiseMessage } from '../../shared/coded-error.ts';
import { vietnamDate } from '../../shared/vietnam-time.ts';
import {
  FORM_PROBLEM_MESSAGES, formById, MAX_LIST_ROWS, validateEntry, validateEntryWithLookups,
  type CleanEntry, type FormDef, type FormProblem, type FormProblemCode, type FormValidationOptions, type MailboxLookup,
} from '../forms/index.ts';
import { cleanText } from '../forms/text.ts';
import { OfficeError } from '../office.errors.ts';
import type { RequestContext } from './work.ts';

export function formOf(formId: unknown): FormDef {
  const form = typeof formId === 'string' ? formById(formId) : undefined;
  if (!form) throw new OfficeError('OFFICE_REQUEST_FORM_UNKNOWN', { form: String(formId).slice(0, 64) });
  return form;
}

function formInvalid(form: FormDef, problems: readonly FormProblem[]): OfficeError {
  return new OfficeError('OFFICE_FORM_INVALID', { form: form.title, count: problems.length, first: problems[0]?.message ?? '' }, { cause: problems });
}

/** The problems an OFFICE_FORM_INVALID carries, for the UI to show against each field */
export const formProblemsOf = (err: unknown): readonly FormProblem[] =>
  err instanceof OfficeError && err.code === 'OFFICE_FORM_INVALID' && Array.isArray(err.cause) ? (err.cause as FormProblem[]) : [];

function validationOptions(rc: RequestContext): FormValidationOptions {
  return { officialMailDomains: rc.options.officialMailDomains, today: vietnamDate(rc.ctx.now()) };
}

/** By default a mailbox is held by an active user of congvan with that e-mail, wherever the entry is filed (no registry) */
function mailboxLookup(rc: RequestContext): MailboxLookup {
  return rc.options.hasOfficialMailbox ?? (async (email) => {
    const row = await rc.ctx.db.kysely.selectFrom('users').select('id')
      .where(sql<string>`lower(email)`, '=', email.toLowerCase()).where('is_active', '=', 1).executeTakeFirst();
    return row !== undefined;
  });
}

/**
 * Every row checked before anything is written: all clean, or none stored. `filingAgencyId` is the agency the rows
 * are filed by (the entries' origin): its province decides how the mailbox rule is read.
 */
export async function cleanRows(rc: RequestContext, form: FormDef, rows: readonly unknown[], filingAgencyId: string): Promise<CleanEntry[]> {
  if (!Array.isArray(rows) || rows.length === 0) throw formInvalid(form, [{ field: '', code: 'FORM_LIST_EMPTY', message: 'Danh sách chưa có dòng nào.', params: {} }]);
  if (rows.length > MAX_LIST_ROWS) throw formInvalid(form, [{ field: '', code: 'FORM_LIST_TOO_LONG', message: `Danh sách dài quá ${MAX_LIST_ROWS} dòng; hãy chia thành nhiều danh sách.`, params: { max: MAX_LIST_ROWS } }]);
  const lookup = mailboxLookup(rc);
  const options = { ...validationOptions(rc), hasOfficialMailbox: (email: string) => lookup(email, filingAgencyId) };
  const problems: FormProblem[] = [];
  const clean: CleanEntry[] = [];
  for (const [i, row] of rows.entries()) {
    const result = await validateEntryWithLookups(form, row, options);
    if (result.ok) clean.push(result.value);
    else problems.push(...result.problems.map((p) => (rows.length > 1 ? { ...p, row: i + 1 } : p)));
  }
  if (problems.length > 0) throw formInvalid(form, problems);
  return clean;
}

/** The list's header; its count ("Số lượng …") is the number of entries, checked when the list is submitted */
export function cleanHeader(rc: RequestContext, form: FormDef, header: unknown, count?: number): CleanEntry {
  if (form.header.length === 0) return {};
  const input = typeof header === 'object' && header !== null && !Array.isArray(header) ? header as Record<string, unknown> : header;
  const withCount = form.countKey && input && typeof input === 'object' ? { ...input, [form.countKey]: count ?? 1 } : input;
  const result = validateEntry(form, withCount, validationOptions(rc), 'header');
  if (!result.ok) throw formInvalid(form, result.problems);
  if (count !== undefined || !form.countKey) return result.value;
  const { [form.countKey]: _count, ...rest } = result.value;
  return rest;
}

/** The notes typed on a step, by the key the refusal names: why an entry is returned or withdrawn, what the CA did */
const NOTE_LABELS = { reason: 'Lý do', outcome: 'Kết quả thực hiện' } as const;

/**
 * A note cleaned as a form's multi-line text is (forms/text.ts): hidden characters refused, not stripped (PostgreSQL
 * would refuse a NUL with a bare driver error), NFC, spaces tidied; '' when absent or blank.
 */
export function cleanNote(form: FormDef, field: keyof typeof NOTE_LABELS, raw: unknown, max: number): string {
  if (raw === undefined || raw === null) return '';
  const cleaned = typeof raw === 'string' ? cleanText(raw, max, true) : undefined;
  if (cleaned?.ok) return cleaned.text;
  const [code, params]: [FormProblemCode, Record<string, string | number>] = !cleaned ? ['FORM_TYPE_INVALID', { label: NOTE_LABELS[field] }]
    : cleaned.reason === 'too-long' ? ['FORM_TOO_LONG', { label: NOTE_LABELS[field], max }] : ['FORM_CONTROL_CHARS', { label: NOTE_LABELS[field] }];
  throw formInvalid(form, [{ field, code, message: localiseMessage(FORM_PROBLEM_MESSAGES, code, params, 'vi'), params }]);
}
