/** The transaction every request operation runs in: the batch locked, its events and the audit entry with the change. @internal */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { Actor } from '../actor.ts';
import type { AgencyScope } from '../agencies/index.ts';
import { writeWithAudit, type Audit, type OfficeContext } from '../context.ts';
import { OfficeError } from '../office.errors.ts';
import { findEntry, lockBatch, type BatchRow, type EntryRow, type NewEvent, type Trx } from './requests.repo.ts';
import type { BatchLevel, RequestOptions } from './requests.types.ts';

export interface RequestContext {
  readonly ctx: OfficeContext;
  readonly scope: AgencyScope;
  readonly options: RequestOptions;
}

export interface Work {
  readonly trx: Trx;
  readonly audit: Audit;
  /** The transaction's time, ISO */
  readonly at: string;
}

export function inTransaction<T>(rc: RequestContext, fn: (w: Work) => Promise<T>): Promise<T> {
  return writeWithAudit(rc.ctx, (trx, audit) => fn({ trx, audit, at: rc.ctx.now().toISOString() }));
}

export async function lockedBatch(rc: RequestContext, trx: Trx, id: string): Promise<BatchRow> {
  const row = typeof id === 'string' ? await lockBatch(trx, rc.ctx.db.dialect, id) : undefined;
  if (!row) throw new OfficeError('OFFICE_REQUEST_BATCH_NOT_FOUND');
  return row;
}

/** The entry with its batch locked; an entry moved by a merge meanwhile is read again in its new batch */
export async function lockedEntry(rc: RequestContext, trx: Trx, id: string): Promise<{ entry: EntryRow; batch: BatchRow }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = typeof id === 'string' ? await findEntry(trx, id) : undefined;
    if (!before) break;
    const batch = await lockedBatch(rc, trx, before.batch_id);
    const entry = await findEntry(trx, id);
    if (entry && entry.batch_id === batch.id) return { entry, batch };
  }
  throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
}

/** The level and desk whose turn it is on a batch, or null: its own unit is filling it, or it was carried on */
export function holderOf(batch: BatchRow): { agencyId: string; level: BatchLevel } | null {
  if (batch.state === 'draft') return batch.level === 'unit' ? null : { agencyId: batch.agency_id, level: batch.level as BatchLevel };
  if (batch.state !== 'submitted') return null;
  if (batch.target_agency_id) return { agencyId: batch.target_agency_id, level: batch.target_level as BatchLevel };
  return { agencyId: batch.agency_id, level: 'province' }; // the province's list, sent to the CA: the DIC still decides
}

export const batchEvent = (row: BatchRow, action: string, from: string | null, actor: Actor, at: string, details?: Record<string, unknown>): NewEvent => ({
  target_kind: 'batch', target_id: row.id, version: row.version, action, from_state: from, to_state: row.state, batch_id: row.id,
  actor_id: actor.userId, agency_id: actor.agencyId, at, reason: null, details,
});

export const entryEvent = (row: EntryRow, action: string, from: string | null, actor: Actor, at: string, extra: { reason?: string; details?: Record<string, unknown> } = {}): NewEvent => ({
  target_kind: 'entry', target_id: row.id, version: row.version, action, from_state: from, to_state: row.state, batch_id: row.batch_id,
  actor_id: actor.userId, agency_id: actor.agencyId, at, reason: extra.reason ?? null, details: extra.details,
});

export const kysely = (rc: RequestContext): Kysely<Database> => rc.ctx.db.kysely;
