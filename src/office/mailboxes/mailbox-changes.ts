/**
 * The registry's two writes, shared by the admin's and the DIC's hand (mailboxes.service.ts) and by the request lists
 * marked done (mailbox-requests.ts): a mailbox recorded, and a mailbox's state changed. Both run inside the caller's
 * transaction and write the event and the audit entry with the change. @internal
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database, Dialect } from '../../store/index.ts';
import type { Audit } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { findMailboxByAddress, insertMailbox, updateMailboxState, type MailboxRow } from './mailboxes.repo.ts';
import { STATE_NAMES, type HolderKind, type MailboxState } from './mailboxes.types.ts';

/** Where and by whom a change is made: the open transaction, its audit, its time */
export interface Change {
  readonly trx: Transaction<Database>;
  readonly audit: Audit;
  readonly dialect: Dialect;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorAgencyId: string | null;
}

export interface MailboxRecord {
  readonly address: string;
  readonly agencyId: string;
  readonly rootAgencyId: string;
  readonly holderKind: HolderKind;
  readonly holderName: string;
  readonly holderUserId: string | null;
  readonly reason: string | null;
  readonly entryId: string | null;
}

/** A mailbox holder's account in this installation */
export interface Holder { readonly id: string; readonly fullName: string }

const stateName = (state: string) => STATE_NAMES[state as MailboxState] ?? state;

/** A person's mailbox is linked to the active account of its agency that has that e-mail, when there is one */
export async function accountWithAddress(trx: Transaction<Database>, agencyId: string, address: string): Promise<Holder | null> {
  const row = await trx.selectFrom('users').select(['id', 'full_name as fullName']).where('agency_id', '=', agencyId).where('is_active', '=', 1)
    .where(sql<string>`lower(email)`, '=', address).orderBy('username').executeTakeFirst();
  return row ?? null;
}

/** A new active mailbox; an address already recorded (in whatever state) is refused */
export async function recordMailbox(c: Change, input: MailboxRecord): Promise<MailboxRow> {
  const taken = await findMailboxByAddress(c.trx, input.address);
  if (taken) throw new OfficeError('OFFICE_MAILBOX_ADDRESS_TAKEN', { address: input.address, state: stateName(taken.state) });
  const row: MailboxRow = {
    id: randomUUID(), address: input.address, agency_id: input.agencyId, root_agency_id: input.rootAgencyId, holder_kind: input.holderKind,
    holder_name: input.holderName, holder_user_id: input.holderUserId, state: 'active', version: 1, created_by: c.actorId,
    created_at: c.at, updated_at: c.at, revoked_at: null,
  };
  const event = { mailbox_id: row.id, version: 1, at: c.at, actor_id: c.actorId, from_state: null, to_state: 'active', reason: input.reason, entry_id: input.entryId };
  // Another transaction may have recorded the address since the look above: the unique index decides
  if (!(await insertMailbox(c.trx, row, event))) throw new OfficeError('OFFICE_MAILBOX_ADDRESS_TAKEN', { address: input.address, state: stateName('active') });
  await c.audit({ actorId: c.actorId, agencyId: c.actorAgencyId, action: 'mailbox.created', targetType: 'official_mailbox', targetId: row.id, details: { address: row.address, agencyId: row.agency_id, entryId: input.entryId } });
  return row;
}

const ACTIONS: Readonly<Record<MailboxState, string>> = { active: 'mailbox.resumed', suspended: 'mailbox.suspended', revoked: 'mailbox.revoked' };

/** Active ⇄ suspended, either → revoked; a revoked mailbox stays so (a new address is recorded instead) */
export async function changeMailboxState(c: Change, row: MailboxRow, to: MailboxState, reason: string | null, entryId: string | null): Promise<MailboxRow> {
  if (row.state === 'revoked') throw new OfficeError('OFFICE_MAILBOX_REVOKED', { address: row.address, at: row.revoked_at ?? row.updated_at });
  if (row.state === to) throw new OfficeError('OFFICE_MAILBOX_STATE_UNCHANGED', { address: row.address, state: stateName(to) });
  const event = { mailbox_id: row.id, version: row.version + 1, at: c.at, actor_id: c.actorId, from_state: row.state, to_state: to, reason, entry_id: entryId };
  const next = await updateMailboxState(c.trx, row, event);
  await c.audit({ actorId: c.actorId, agencyId: c.actorAgencyId, action: ACTIONS[to], targetType: 'official_mailbox', targetId: row.id, details: { address: row.address, from: row.state, reason, entryId } });
  return next;
}
