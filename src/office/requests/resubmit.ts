/**
 * A returned entry, corrected, goes back to the level that returned it: into the same list when that level still
 * holds it, otherwise into that level's open list of the form (made when there is none). @internal
 */
import type { Actor } from '../actor.ts';
import { OfficeError } from '../office.errors.ts';
import { insertBatch, newBatchRow } from './batches.service.ts';
import { cleanRows, formOf } from './clean-input.ts';
import { requireEntryVersion, requireState } from './guards.ts';
import { requireUnitActor } from './levels.ts';
import { insertEvents, lockBatch, toEntry, updateBatch, updateEntry, type BatchRow, type EntryRow } from './requests.repo.ts';
import type { BatchLevel, RequestEntry, Seen } from './requests.types.ts';
import { batchEvent, entryEvent, holderOf, inTransaction, lockedEntry, type RequestContext, type Work } from './work.ts';

async function destination(rc: RequestContext, w: Work, actor: Actor, entry: EntryRow, batch: BatchRow): Promise<BatchRow> {
  const holder = holderOf(batch);
  if (holder && holder.agencyId === entry.returned_by_agency_id && holder.level === entry.returned_by_level) return batch;
  const open = await w.trx.selectFrom('request_batches').select('id')
    .where('agency_id', '=', entry.returned_by_agency_id!).where('form_id', '=', entry.form_id)
    .where('level', '=', entry.returned_by_level!).where('state', '=', 'draft').orderBy('created_at', 'desc').executeTakeFirst();
  const locked = open ? await lockBatch(w.trx, rc.ctx.db.dialect, open.id) : undefined;
  if (locked?.state === 'draft') return locked;
  const row = newBatchRow(entry.form_id, entry.returned_by_agency_id!, entry.returned_by_level as BatchLevel, actor, w.at);
  await insertBatch(w, row, actor);
  return row;
}

export async function resubmitEntry(rc: RequestContext, actor: Actor, seen: Seen, values?: unknown): Promise<RequestEntry> {
  const current = await rc.ctx.db.kysely.selectFrom('request_entries').select(['form_id', 'origin_agency_id']).where('id', '=', String(seen?.id)).executeTakeFirst();
  if (!current) throw new OfficeError('OFFICE_REQUEST_ENTRY_NOT_FOUND');
  const clean = values === undefined ? undefined : (await cleanRows(rc, formOf(current.form_id), [values], current.origin_agency_id))[0];
  return inTransaction(rc, async (w) => {
    const { entry, batch } = await lockedEntry(rc, w.trx, seen.id);
    requireUnitActor(actor, entry.origin_agency_id);
    await requireEntryVersion(w.trx, entry, seen.version);
    requireState(entry, ['returned'], 'gửi lại đề nghị', 'đề nghị');
    const target = await destination(rc, w, actor, entry, batch);
    const next = await updateEntry(w.trx, entry, { state: 'submitted', batch_id: target.id, ...(clean ? { data: JSON.stringify(clean) } : {}) }, actor.userId, w.at);
    const bumped = await updateBatch(w.trx, target, {}, actor.userId, w.at);
    await insertEvents(w.trx, [
      entryEvent(next, 'resubmit', entry.state, actor, w.at, { details: { to: entry.returned_by_agency_id, corrected: clean !== undefined, ...(target.id !== batch.id ? { from: batch.id } : {}) } }),
      batchEvent(bumped, 'resubmitted-entry', target.state, actor, w.at, { entry: entry.id }),
    ]);
    await w.audit({ actorId: actor.userId, agencyId: actor.agencyId, action: 'request.entry.resubmitted', targetType: 'request_entry', targetId: entry.id, details: { batch: target.id } });
    return toEntry(next);
  });
}
