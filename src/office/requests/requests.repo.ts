/** Kysely queries of the requests slice; no rules. @internal */
import type { Kysely, Transaction } from 'kysely';
import type { Database, Dialect, RequestBatchTable, RequestEntryTable, RequestEventTable } from '../../store/index.ts';
import type { CleanEntry } from '../forms/index.ts';
import type { BatchLevel, BatchState, EntryState, RequestBatch, RequestEntry, TimelineEvent, UpperLevel } from './requests.types.ts';

export type Trx = Transaction<Database>;
export type BatchRow = RequestBatchTable;
export type EntryRow = RequestEntryTable;

export const toBatch = (row: BatchRow): RequestBatch => ({
  id: row.id, formId: row.form_id, agencyId: row.agency_id, level: row.level as BatchLevel, state: row.state as BatchState,
  header: JSON.parse(row.header) as CleanEntry, targetAgencyId: row.target_agency_id, targetLevel: row.target_level as UpperLevel | null,
  mergedInto: row.merged_into, version: row.version, createdBy: row.created_by, createdAt: row.created_at,
  updatedBy: row.updated_by, updatedAt: row.updated_at, submittedAt: row.submitted_at,
});

export const toEntry = (row: EntryRow): RequestEntry => ({
  id: row.id, formId: row.form_id, batchId: row.batch_id, originBatchId: row.origin_batch_id, originAgencyId: row.origin_agency_id,
  values: JSON.parse(row.data) as CleanEntry, state: row.state as EntryState, reason: row.reason, returnedByAgencyId: row.returned_by_agency_id,
  outcome: row.outcome, version: row.version, createdBy: row.created_by, updatedBy: row.updated_by, updatedAt: row.updated_at,
});

/** The batch, locked until the transaction ends on PostgreSQL (SQLite has one writer at a time anyway) */
export function lockBatch(trx: Trx, dialect: Dialect, id: string): Promise<BatchRow | undefined> {
  const query = trx.selectFrom('request_batches').selectAll().where('id', '=', id);
  return (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
}

export const findBatch = (db: Kysely<Database>, id: string) =>
  db.selectFrom('request_batches').selectAll().where('id', '=', id).executeTakeFirst();

export const findEntry = (db: Kysely<Database>, id: string) =>
  db.selectFrom('request_entries').selectAll().where('id', '=', id).executeTakeFirst();

export const entriesOf = (db: Kysely<Database>, batchId: string, states?: readonly EntryState[]) => {
  const query = db.selectFrom('request_entries').selectAll().where('batch_id', '=', batchId);
  return (states ? query.where('state', 'in', [...states]) : query).orderBy('created_at').orderBy('row_order').orderBy('id').execute();
};

export async function updateBatch(trx: Trx, row: BatchRow, changes: Partial<BatchRow>, actorId: string, at: string): Promise<BatchRow> {
  const next = { ...row, ...changes, version: row.version + 1, updated_by: actorId, updated_at: at };
  const { id: _id, ...set } = next;
  const result = await trx.updateTable('request_batches').set(set).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
  // The row is locked and its version was checked: a miss here is a bug, not a race
  if (Number(result.numUpdatedRows) !== 1) throw new Error(`request batch ${row.id} changed under its lock`);
  return next;
}

export async function updateEntry(trx: Trx, row: EntryRow, changes: Partial<EntryRow>, actorId: string, at: string): Promise<EntryRow> {
  const next = { ...row, ...changes, version: row.version + 1, updated_by: actorId, updated_at: at };
  const { id: _id, ...set } = next;
  const result = await trx.updateTable('request_entries').set(set).where('id', '=', row.id).where('version', '=', row.version).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Error(`request entry ${row.id} changed under its batch's lock`);
  return next;
}

export type NewEvent = Omit<RequestEventTable, 'details'> & { readonly details?: Readonly<Record<string, unknown>> };

export async function insertEvents(trx: Trx, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  for (let i = 0; i < events.length; i += 500) {
    await trx.insertInto('request_events').values(events.slice(i, i + 500).map((e) => ({ ...e, details: JSON.stringify(e.details ?? {}) }))).execute();
  }
}

export async function selectTimeline(db: Kysely<Database>, kind: 'entry' | 'batch', id: string): Promise<TimelineEvent[]> {
  const rows = await db.selectFrom('request_events').leftJoin('users', 'users.id', 'request_events.actor_id')
    .selectAll('request_events').select('users.full_name')
    .where('target_kind', '=', kind).where('target_id', '=', id).orderBy('version').execute();
  return rows.map((r) => ({
    version: r.version, action: r.action, from: r.from_state, to: r.to_state, batchId: r.batch_id, actorId: r.actor_id,
    actorName: r.full_name, agencyId: r.agency_id, at: r.at, reason: r.reason, details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

export async function userLabel(db: Kysely<Database>, userId: string | null): Promise<string> {
  if (!userId) return '(không rõ)';
  const user = await db.selectFrom('users').select(['full_name', 'username']).where('id', '=', userId).executeTakeFirst();
  return user ? `${user.full_name} (${user.username})` : userId;
}
