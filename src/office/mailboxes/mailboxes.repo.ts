/** Kysely queries of the mailbox registry; no rules. @internal */
import { sql, type Kysely } from 'kysely';
import type { Database, Dialect, OfficialMailboxEventTable, OfficialMailboxTable } from '../../store/index.ts';

export type MailboxRow = OfficialMailboxTable;
export type MailboxEventRow = OfficialMailboxEventTable;

/** The mailbox, locked for the change on PostgreSQL (SQLite has one writer) */
export function lockMailbox(trx: Kysely<Database>, dialect: Dialect, id: string): Promise<MailboxRow | undefined> {
  const query = trx.selectFrom('official_mailboxes').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export const findMailboxByAddress = (db: Kysely<Database>, address: string) =>
  db.selectFrom('official_mailboxes').selectAll().where('address', '=', address).executeTakeFirst();

/** The province's mailboxes whose address is `name@…` (seed 001 Mẫu 09 names mailboxes without their domain) */
export function selectMailboxesNamed(db: Kysely<Database>, rootAgencyId: string, name: string): Promise<MailboxRow[]> {
  const prefix = `${name}@`;
  return db.selectFrom('official_mailboxes').selectAll().where('root_agency_id', '=', rootAgencyId)
    .where(sql<string>`substr(address, 1, ${prefix.length})`, '=', prefix).orderBy('address').limit(20).execute();
}

/** Whether the province has recorded any mailbox: until it has, the registry is not in use there */
export async function provinceUsesRegistry(db: Kysely<Database>, rootAgencyId: string): Promise<boolean> {
  return (await db.selectFrom('official_mailboxes').select('id').where('root_agency_id', '=', rootAgencyId).limit(1).executeTakeFirst()) !== undefined;
}

/** A new mailbox and its first event; false when the address was taken meanwhile (the unique index decides) */
export async function insertMailbox(trx: Kysely<Database>, row: MailboxRow, event: MailboxEventRow): Promise<boolean> {
  const result = await trx.insertInto('official_mailboxes').values(row).onConflict((oc) => oc.column('address').doNothing()).executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await trx.insertInto('official_mailbox_events').values(event).execute();
  return true;
}

export async function updateMailboxState(trx: Kysely<Database>, row: MailboxRow, event: MailboxEventRow): Promise<MailboxRow> {
  const next: MailboxRow = { ...row, state: event.to_state, version: event.version, updated_at: event.at, revoked_at: event.to_state === 'revoked' ? event.at : row.revoked_at };
  await trx.updateTable('official_mailboxes').set({ state: next.state, version: next.version, updated_at: next.updated_at, revoked_at: next.revoked_at })
    .where('id', '=', row.id).execute();
  await trx.insertInto('official_mailbox_events').values(event).execute();
  return next;
}

export interface MailboxQuery {
  readonly agencyIds: readonly string[];
  readonly holderUserId?: string;
  readonly state?: string;
  readonly limit: number;
  readonly offset: number;
}

/** Mailboxes with their agency's name and the holder's account name */
const viewQuery = (db: Kysely<Database>) =>
  db.selectFrom('official_mailboxes').innerJoin('agencies', 'agencies.id', 'official_mailboxes.agency_id')
    .leftJoin('users', 'users.id', 'official_mailboxes.holder_user_id');

const VIEW_COLUMNS = ['agencies.name as agency_name', 'users.username as holder_username'] as const;

export const findMailboxView = (db: Kysely<Database>, id: string) =>
  viewQuery(db).selectAll('official_mailboxes').select(VIEW_COLUMNS).where('official_mailboxes.id', '=', id).executeTakeFirst();

export type MailboxViewRow = NonNullable<Awaited<ReturnType<typeof findMailboxView>>>;

/** A page of mailboxes, by agency then address, and how many there are */
export async function selectMailboxes(db: Kysely<Database>, query: MailboxQuery): Promise<{ rows: MailboxViewRow[]; total: number }> {
  if (query.agencyIds.length === 0) return { rows: [], total: 0 };
  let base = viewQuery(db).where('official_mailboxes.agency_id', 'in', query.agencyIds);
  if (query.holderUserId) base = base.where('official_mailboxes.holder_user_id', '=', query.holderUserId);
  if (query.state) base = base.where('official_mailboxes.state', '=', query.state);
  const rows = await base.selectAll('official_mailboxes').select(VIEW_COLUMNS)
    .orderBy('agencies.name').orderBy('official_mailboxes.address').limit(query.limit).offset(query.offset).execute();
  if (rows.length > 0 && rows.length < query.limit) return { rows, total: query.offset + rows.length };
  const count = await base.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** A mailbox's events, oldest first, with who made them and the request entry behind each */
export const selectMailboxEvents = (db: Kysely<Database>, mailboxId: string) =>
  db.selectFrom('official_mailbox_events').leftJoin('users', 'users.id', 'official_mailbox_events.actor_id')
    .leftJoin('request_entries', 'request_entries.id', 'official_mailbox_events.entry_id')
    .selectAll('official_mailbox_events')
    .select(['users.full_name as actor_name', 'request_entries.form_id as entry_form_id', 'request_entries.origin_batch_id as entry_batch_id'])
    .where('official_mailbox_events.mailbox_id', '=', mailboxId).orderBy('official_mailbox_events.version').execute();
