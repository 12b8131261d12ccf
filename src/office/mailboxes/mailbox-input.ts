/**
 * The registry's input checks. An address is checked by the request forms' own validator (forms/kinds-contact.ts:
 * the province's domains from CONGVAN_OFFICIAL_MAIL_DOMAINS, free providers named), so the registry and the forms
 * can never disagree on what an official address is. @internal
 */
import { checkOfficialEmail } from '../forms/kinds-contact.ts';
import { cleanText } from '../forms/text.ts';
import { OfficeError } from '../office.errors.ts';
import { HOLDER_KINDS, type HolderKind } from './mailboxes.types.ts';

const MAX_NAME = 200;
const MAX_REASON = 500;

/** The address, lower case, when it is an official one; a coded refusal naming why not */
export function officialAddress(raw: unknown, officialMailDomains: readonly string[]): string {
  const cleaned = typeof raw === 'string' ? cleanText(raw, 254) : undefined;
  const text = cleaned?.ok ? cleaned.text : '';
  const outcome = checkOfficialEmail(text, { officialMailDomains });
  if (outcome.ok) return String(outcome.value);
  const p = outcome.params;
  if (outcome.code === 'FORM_EMAIL_FREE_PROVIDER') throw new OfficeError('OFFICE_MAILBOX_ADDRESS_FREE', { provider: p.provider ?? '', domains: p.domains ?? '' });
  if (outcome.code === 'FORM_EMAIL_NOT_OFFICIAL') throw new OfficeError('OFFICE_MAILBOX_ADDRESS_NOT_OFFICIAL', { domain: p.domain ?? '', domains: p.domains ?? '' });
  throw new OfficeError('OFFICE_MAILBOX_ADDRESS_INVALID', { address: (typeof raw === 'string' ? raw : String(raw)).slice(0, 80) });
}

export function holderName(raw: unknown): string {
  const cleaned = typeof raw === 'string' ? cleanText(raw, MAX_NAME) : undefined;
  if (cleaned?.ok && cleaned.text) return cleaned.text;
  throw new OfficeError('OFFICE_MAILBOX_HOLDER_INVALID', { max: MAX_NAME });
}

export function holderKind(raw: unknown): HolderKind {
  if (raw === undefined) return 'person';
  if (HOLDER_KINDS.includes(raw as HolderKind)) return raw as HolderKind;
  throw new OfficeError('OFFICE_MAILBOX_KIND_INVALID');
}

/** A reason for the history; `required` for the changes that take a mailbox away */
export function reasonOf(raw: unknown, required: boolean): string | null {
  const cleaned = typeof raw === 'string' ? cleanText(raw, MAX_REASON, true) : raw === undefined || raw === null ? { ok: true as const, text: '' } : undefined;
  if (!cleaned?.ok) throw new OfficeError('OFFICE_MAILBOX_REASON_INVALID', { max: MAX_REASON });
  if (cleaned.text) return cleaned.text;
  if (required) throw new OfficeError('OFFICE_REASON_REQUIRED');
  return null;
}
