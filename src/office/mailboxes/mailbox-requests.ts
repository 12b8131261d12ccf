/**
 * The mailbox lists of seed 000/001 carried into the registry when the DIC marks one of their entries done, inside
 * the transaction that marks it (RequestOptions.onDone): a new-mailbox entry records the address the outcome names as
 * active, a revoke-mailbox entry revokes the mailbox it names. An entry that cannot be carried (no address written,
 * one already recorded, an unknown or already revoked mailbox) refuses the whole mark-done with the reason. @internal
 */
import { selectRootId } from '../agencies/index.ts';
import { OfficeError } from '../office.errors.ts';
import type { RequestEntry } from '../requests/index.ts';
import { accountWithAddress, changeMailboxState, recordMailbox, type Change } from './mailbox-changes.ts';
import { holderName, officialAddress } from './mailbox-input.ts';
import { findMailboxByAddress, lockMailbox, selectMailboxesNamed, type MailboxRow } from './mailboxes.repo.ts';
import type { HolderKind } from './mailboxes.types.ts';

/** The forms whose done entries the registry carries */
const NEW_MAILBOX_FORMS: ReadonlyMap<string, { kind: HolderKind; nameKey: string }> = new Map([
  ['mailboxes-new-persons', { kind: 'person', nameKey: 'fullName' }],
  ['mailboxes-new-units', { kind: 'unit', nameKey: 'unitName' }],
]);
const REVOKE_MAILBOX_FORM = 'mailboxes-revoke';

/** The distinct addresses a free-text outcome names ("Đã cấp: sangnq.binhlu@laichau.gov.vn.") */
export const addressesIn = (text: string | null): string[] =>
  [...new Set((text ?? '').split(/[\s,;:()<>"'[\]]+/).map((t) => t.replace(/\.+$/, '').toLowerCase()).filter((t) => t.includes('@')))];

const textValue = (entry: RequestEntry, key: string): string | null => {
  const value = entry.values[key];
  return typeof value === 'string' && value ? value : null;
};

async function recordNew(c: Change, entry: RequestEntry, kind: HolderKind, nameKey: string, domains: readonly string[]): Promise<void> {
  const holder = holderName(textValue(entry, nameKey));
  const named = addressesIn(entry.outcome);
  if (named.length !== 1) throw new OfficeError('OFFICE_MAILBOX_OUTCOME_ADDRESS_MISSING', { holder });
  const address = officialAddress(named[0], domains);
  const agencyId = entry.originAgencyId;
  const user = kind === 'person' ? await accountWithAddress(c.trx, agencyId, address) : null;
  await recordMailbox(c, {
    address, agencyId, rootAgencyId: await selectRootId(c.trx, agencyId), holderKind: kind, holderName: holder,
    holderUserId: user?.id ?? null, reason: textValue(entry, 'remark'), entryId: entry.id,
  });
}

/** The mailbox a revoke entry names, in its province: a full address, or a bare name (khoasa.sonbinh) the outcome may complete */
async function namedMailbox(c: Change, entry: RequestEntry): Promise<MailboxRow> {
  const account = textValue(entry, 'mailAccount') ?? '';
  const root = await selectRootId(c.trx, entry.originAgencyId);
  const named = addressesIn(entry.outcome);
  if (named.length > 1) throw new OfficeError('OFFICE_MAILBOX_ACCOUNT_AMBIGUOUS', { account, count: named.length, addresses: named.join(', ') });
  const wanted = named[0];
  if (wanted && (account.includes('@') ? wanted !== account : wanted.slice(0, wanted.lastIndexOf('@')) !== account)) {
    throw new OfficeError('OFFICE_MAILBOX_OUTCOME_ADDRESS_MISMATCH', { address: wanted, account });
  }
  const full = wanted ?? (account.includes('@') ? account : undefined);
  const found = full ? [await findMailboxByAddress(c.trx, full)].filter((m) => m !== undefined) : await selectMailboxesNamed(c.trx, root, account);
  const mine = found.filter((m) => m.root_agency_id === root);
  if (mine.length === 0) throw new OfficeError('OFFICE_MAILBOX_ACCOUNT_UNKNOWN', { account: full ?? account });
  if (mine.length > 1) throw new OfficeError('OFFICE_MAILBOX_ACCOUNT_AMBIGUOUS', { account, count: mine.length, addresses: mine.map((m) => m.address).join(', ') });
  return (await lockMailbox(c.trx, c.dialect, mine[0]!.id))!;
}

/** Carries a done entry of a mailbox list into the registry; entries of other forms are not the registry's */
export async function applyMailboxEntry(c: Change, entry: RequestEntry, officialMailDomains: readonly string[]): Promise<void> {
  const created = NEW_MAILBOX_FORMS.get(entry.formId);
  if (created) return recordNew(c, entry, created.kind, created.nameKey, officialMailDomains);
  if (entry.formId !== REVOKE_MAILBOX_FORM) return;
  const mailbox = await namedMailbox(c, entry);
  await changeMailboxState(c, mailbox, 'revoked', textValue(entry, 'remark'), entry.id);
}
