/**
 * Seed 000 §2 note: a civil servant may ask for a personal certificate only once they hold an official
 * mailbox ("với điều kiện đã được cấp thư công vụ"). Whether they do is a lookup in the mailbox registry,
 * which this pure module does not own: the caller passes it in, bound to the agency filing the entry.
 */
import type { FormDef } from './form-types.ts';
import type { FormValidationOptions } from './outcome.ts';
import { formProblem, type FormProblem } from './problems.ts';
import { fieldLabel, type CleanEntry } from './rules.ts';
import { rowFields } from './catalog.ts';
import { validateEntry, type EntryResult } from './validate.ts';

/**
 * The registry's question: does `email` hold an official mailbox, for an entry filed by `filingAgencyId`? The filing
 * agency's province decides which rule applies there (its registry, or the older account rule while it has none).
 */
export type MailboxLookup = (email: string, filingAgencyId: string) => boolean | Promise<boolean>;
/** The same question for one entry, its filing agency already bound */
export type MailboxHolderCheck = (email: string) => boolean | Promise<boolean>;

export async function checkMailboxHolder(form: FormDef, value: CleanEntry, hasOfficialMailbox: MailboxHolderCheck): Promise<FormProblem[]> {
  const key = form.mailboxHolderField;
  const email = key === undefined ? undefined : value[key];
  if (typeof email !== 'string') return [];
  if (await hasOfficialMailbox(email)) return [];
  const field = rowFields(form).find((f) => f.key === key);
  return [formProblem(key!, 'FORM_MAILBOX_MISSING', { email, label: field ? fieldLabel(field) : key! })];
}

/** validateEntry, then the mailbox rule for the forms that carry it. */
export async function validateEntryWithLookups(
  form: FormDef, entry: unknown, options: FormValidationOptions & { readonly hasOfficialMailbox: MailboxHolderCheck },
): Promise<EntryResult> {
  const result = validateEntry(form, entry, options);
  if (!result.ok) return result;
  const problems = await checkMailboxHolder(form, result.value, options.hasOfficialMailbox);
  return problems.length > 0 ? { ok: false, problems } : result;
}
